import { ValidationError } from "../../errors";
import type { Expr, TraversalStep } from "./hcl-expression";
import { callFunction } from "./terraform-functions";

/** A value as Terraform sees it once known: JSON-shaped. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

/** What an expression refers to: `aws_sns_topic.alerts`, `data.aws_region.current`, `local.x`, `self`, `var.x`. */
export interface Reference {
  /** The referenced object's address, for example `aws_sns_topic.alerts` or `data.aws_region.current`. */
  readonly address: string;
  /** The attribute steps after the address (for messages), for example `["arn"]`. */
  readonly attribute: readonly string[];
}

/** Answers references while an expression is evaluated. */
export interface EvalScope {
  /** The attributes of the object at `address`; throws a `ValidationError` naming it when it cannot. */
  lookup(address: string, where: string): Value;
}

/**
 * Splits a traversal into the object it addresses and the attribute steps after it, following Terraform's
 * address rules: `data.<type>.<name>`, `local.<name>`, `self`, otherwise `<resource type>.<name>`.
 */
function splitReference(
  root: string,
  steps: readonly TraversalStep[],
  where: string,
): { address: string; rest: readonly TraversalStep[] } {
  const needed = root === "self" ? 0 : root === "data" ? 2 : 1;
  const names: string[] = [];
  for (let index = 0; index < needed; index += 1) {
    const step = steps[index];
    if (step === undefined || step.kind !== "attr") {
      throw new ValidationError(
        `${where}: the reference "${root}${names.map((name) => `.${name}`).join("")}" is incomplete: ` +
          `Terraform addresses are <type>.<name>, data.<type>.<name>, local.<name> or self.`,
        [{ field: where, rule: "must reference a complete address", value: root }],
      );
    }
    names.push(step.name);
  }
  return { address: [root, ...names].join("."), rest: steps.slice(needed) };
}

/** Every reference an expression makes, for dependency ordering (`var.*`, `local.*` and `self` included). */
export function referencesOf(expr: Expr, where: string): Reference[] {
  const found: Reference[] = [];
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case "literal":
        return;
      case "template":
        node.parts.forEach((part) => typeof part !== "string" && visit(part));
        return;
      case "variable":
        found.push(toReference(node.name, [], where));
        return;
      case "traversal":
        if (node.target.kind === "variable") {
          found.push(toReference(node.target.name, node.steps, where));
        } else {
          visit(node.target);
        }
        node.steps.forEach((step) => step.kind === "index" && visit(step.key));
        return;
      case "call":
        node.args.forEach(visit);
        return;
      case "tuple":
        node.items.forEach(visit);
        return;
      case "object":
        node.entries.forEach((entry) => {
          visit(entry.key);
          visit(entry.value);
        });
        return;
    }
  };
  visit(expr);
  return found;
}

function toReference(root: string, steps: readonly TraversalStep[], where: string): Reference {
  const { address, rest } = splitReference(root, steps, where);
  const attribute: string[] = [];
  for (const step of rest) {
    if (step.kind !== "attr") {
      break;
    }
    attribute.push(step.name);
  }
  return { address, attribute };
}

/** Evaluates an expression against known values. Templates convert their parts to strings as Terraform does. */
export function evaluate(expr: Expr, scope: EvalScope, where: string): Value {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "template":
      return expr.parts
        .map((part) => (typeof part === "string" ? part : toTemplateString(evaluate(part, scope, where), where)))
        .join("");
    case "variable": {
      const { address } = splitReference(expr.name, [], where);
      return scope.lookup(address, where);
    }
    case "traversal": {
      if (expr.target.kind === "variable") {
        const { address, rest } = splitReference(expr.target.name, expr.steps, where);
        return applySteps(scope.lookup(address, where), rest, address, scope, where);
      }
      return applySteps(evaluate(expr.target, scope, where), expr.steps, "the value", scope, where);
    }
    case "call":
      return callFunction(
        expr.name,
        expr.args.map((arg) => evaluate(arg, scope, where)),
        where,
      );
    case "tuple":
      return expr.items.map((item) => evaluate(item, scope, where));
    case "object": {
      const result: Record<string, Value> = {};
      for (const entry of expr.entries) {
        const key = evaluate(entry.key, scope, where);
        if (typeof key !== "string" && typeof key !== "number" && typeof key !== "boolean") {
          throw new ValidationError(`${where}: an object key must be a string, got ${JSON.stringify(key)}.`, [
            { field: where, rule: "object keys must be strings", value: key },
          ]);
        }
        result[String(key)] = evaluate(entry.value, scope, where);
      }
      return result;
    }
  }
}

function applySteps(
  start: Value,
  steps: readonly TraversalStep[],
  description: string,
  scope: EvalScope,
  where: string,
): Value {
  let current = start;
  let path = description;
  for (const step of steps) {
    const key = step.kind === "attr" ? step.name : evaluate(step.key, scope, where);
    path = step.kind === "attr" ? `${path}.${step.name}` : `${path}[${JSON.stringify(key)}]`;
    if (Array.isArray(current)) {
      const index = typeof key === "number" ? key : typeof key === "string" && /^\d+$/.test(key) ? Number(key) : NaN;
      if (!Number.isInteger(index) || index < 0 || index >= current.length) {
        throw missing(where, path, `a list of ${current.length} element(s) has no index ${JSON.stringify(key)}`);
      }
      current = current[index];
    } else if (current !== null && typeof current === "object") {
      const record = current as { readonly [key: string]: Value };
      if (typeof key !== "string" || !Object.prototype.hasOwnProperty.call(record, key)) {
        const known = Object.keys(record).sort().join(", ");
        throw missing(where, path, `there is no attribute ${JSON.stringify(key)} (known: ${known || "none"})`);
      }
      current = record[key];
    } else {
      throw missing(where, path, `a ${current === null ? "null" : typeof current} value has no attributes`);
    }
  }
  return current;
}

function missing(where: string, path: string, problem: string): ValidationError {
  return new ValidationError(
    `${where}: cannot evaluate ${path}: ${problem}. Check the attribute name in the construct that emits it.`,
    [{ field: where, rule: "must reference an existing attribute", value: path }],
  );
}

/** Converts an interpolated value to text the way Terraform's templates do. */
export function toTemplateString(value: Value, where: string): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  const problem = value === null ? "the value is null" : "a string is required, not a list or object";
  throw new ValidationError(
    `${where}: invalid template interpolation value: ${problem}. Wrap lists and objects in jsonencode().`,
    [{ field: where, rule: "interpolated values must be strings, numbers or booleans", value }],
  );
}

/** The names of every function an expression calls, so unsupported ones are refused before any side effect. */
export function functionsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case "literal":
    case "variable":
      return [];
    case "template":
      return expr.parts.flatMap((part) => (typeof part === "string" ? [] : functionsOf(part)));
    case "traversal":
      return [
        ...functionsOf(expr.target),
        ...expr.steps.flatMap((step) => (step.kind === "index" ? functionsOf(step.key) : [])),
      ];
    case "call":
      return [expr.name, ...expr.args.flatMap(functionsOf)];
    case "tuple":
      return expr.items.flatMap(functionsOf);
    case "object":
      return expr.entries.flatMap((entry) => [...functionsOf(entry.key), ...functionsOf(entry.value)]);
  }
}
