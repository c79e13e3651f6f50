import { ValidationError } from "../../errors";
import type { Expr } from "./hcl-expression";
import { isTemplate, parseTemplate } from "./hcl-expression";

/* Reading the JSON of cdk.tf.json: its value types, shape checks, and the refusal every check ends in. */

/** A JSON value of the configuration. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object of the configuration. */
export type JsonObject = { [key: string]: Json };

/** The file cdktf writes into each stack directory. */
export const STACK_FILE = "cdk.tf.json";

/** Turns a JSON value from the config into one expression: every string is a template. */
export function toExpr(value: Json, where: string): Expr {
  if (typeof value === "string") {
    return isTemplate(value) ? parseTemplate(value, where) : { kind: "literal", value };
  }
  if (Array.isArray(value)) {
    return { kind: "tuple", items: value.map((item, index) => toExpr(item, `${where}[${index}]`)) };
  }
  if (value !== null && typeof value === "object") {
    return {
      kind: "object",
      entries: Object.entries(value)
        .filter(([key]) => key !== "//")
        .map(([key, item]) => ({ key: { kind: "literal", value: key }, value: toExpr(item, `${where}.${key}`) })),
    };
  }
  return { kind: "literal", value };
}

export function* entries(block: Json | undefined, where: string): Generator<[string, string, JsonObject]> {
  for (const [type, byName] of Object.entries(asObject(block ?? {}, where))) {
    for (const [name, body] of Object.entries(asObject(byName, `${where}.${type}`))) {
      if (name === "//") {
        continue;
      }
      yield [type, name, asObject(body, `${where}.${type}.${name}`)];
    }
  }
}

export function asObject(value: Json | undefined, where: string): JsonObject {
  if (value === null || value === undefined || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(`${where} in ${STACK_FILE} must be an object. Re-synthesize the stack with cdktf.`, [
      { field: where, rule: "must be an object", value },
    ]);
  }
  return value;
}

export function checkKeys(body: JsonObject, known: ReadonlySet<string>, where: string): void {
  for (const key of Object.keys(body)) {
    if (!known.has(key)) {
      throw refuse(`${where}.${key}`, `"${key}" in ${where}`, undefined, [...known]);
    }
  }
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The error for anything the harness does not understand: it names the thing and what is supported. */
export function refuse(field: string, what: string, supported?: string, known?: readonly string[]): ValidationError {
  const list = known !== undefined ? `supported: ${[...known].sort().join(", ")}` : supported;
  return new ValidationError(
    `${field}: the sandbox apply harness does not understand ${what}` +
      `${list !== undefined ? ` (${list})` : ""}. Nothing was applied. It is a test and demo tool, not a ` +
      "Terraform replacement: apply this stack with Terraform, or extend the harness (src/sandbox/apply/).",
    [{ field, rule: "must be something the sandbox apply harness understands", value: what }],
  );
}
