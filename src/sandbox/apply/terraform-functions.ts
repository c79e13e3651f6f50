import { ValidationError } from "../../errors";
import type { Value } from "./expression-eval";

/** The Terraform functions the harness evaluates. Anything else is refused before any side effect. */
export const SUPPORTED_FUNCTIONS: readonly string[] = ["jsonencode", "jsondecode", "lookup"];

/** Calls one supported Terraform function with evaluated arguments. */
export function callFunction(name: string, args: readonly Value[], where: string): Value {
  switch (name) {
    case "jsonencode":
      expectArity(name, args, 1, 1, where);
      return jsonencode(args[0]);
    case "jsondecode":
      expectArity(name, args, 1, 1, where);
      return jsondecode(args[0], where);
    case "lookup":
      expectArity(name, args, 2, 3, where);
      return lookup(args, where);
    default:
      throw unsupportedFunction(name, where);
  }
}

/** The error for a function the harness does not evaluate. */
export function unsupportedFunction(name: string, where: string): ValidationError {
  return new ValidationError(
    `${where}: the sandbox apply harness does not support the Terraform function ${name}() ` +
      `(supported: ${SUPPORTED_FUNCTIONS.map((fn) => `${fn}()`).join(", ")}). ` +
      "Emit one of those from the construct, or apply this stack with Terraform instead.",
    [{ field: where, rule: `must only call ${SUPPORTED_FUNCTIONS.join(", ")}`, value: `${name}()` }],
  );
}

/**
 * Terraform's `jsonencode`: object keys in lexicographic order, no whitespace, and `<`, `>`, `&`, U+2028 and
 * U+2029 escaped as Go's encoder does, so policies and payloads compare byte for byte with Terraform's.
 */
export function jsonencode(value: Value): string {
  return encode(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function encode(value: Value): string {
  if (Array.isArray(value)) {
    return `[${value.map(encode).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const record = value as { readonly [key: string]: Value };
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${encode(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function jsondecode(value: Value, where: string): Value {
  if (typeof value !== "string") {
    throw new ValidationError(`${where}: jsondecode() needs a string, got ${JSON.stringify(value)}.`, [
      { field: where, rule: "jsondecode() argument must be a string", value },
    ]);
  }
  try {
    return JSON.parse(value) as Value;
  } catch (error) {
    throw new ValidationError(
      `${where}: jsondecode() got text that is not JSON (${(error as Error).message}). ` +
        "Check what the referenced attribute holds (for aws_lambda_invocation.result: what the handler returned).",
      [{ field: where, rule: "jsondecode() argument must be JSON", value }],
      { cause: error },
    );
  }
}

function lookup(args: readonly Value[], where: string): Value {
  const [map, key, fallback] = args;
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new ValidationError(`${where}: lookup() needs a map or object as first argument.`, [
      { field: where, rule: "lookup() first argument must be a map", value: map },
    ]);
  }
  if (typeof key !== "string") {
    throw new ValidationError(`${where}: lookup() needs a string key, got ${JSON.stringify(key)}.`, [
      { field: where, rule: "lookup() key must be a string", value: key },
    ]);
  }
  const record = map as { readonly [key: string]: Value };
  if (Object.prototype.hasOwnProperty.call(record, key)) {
    return record[key];
  }
  if (args.length === 3) {
    return fallback;
  }
  const known = Object.keys(record).sort().join(", ");
  throw new ValidationError(
    `${where}: lookup() found no key ${JSON.stringify(key)} (keys: ${known || "none"}) and no default was given.`,
    [{ field: where, rule: "lookup() key must exist or a default be given", value: key }],
  );
}

function expectArity(name: string, args: readonly Value[], min: number, max: number, where: string): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw new ValidationError(`${where}: ${name}() takes ${expected} argument(s), got ${args.length}.`, [
      { field: where, rule: `${name}() takes ${expected} argument(s)`, value: args.length },
    ]);
  }
}
