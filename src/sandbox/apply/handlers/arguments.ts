import { randomBytes } from "node:crypto";
import { ValidationError } from "../../../errors";
import type { Value } from "../expression-eval";
import type { Attributes, HandlerContext } from "../resource-handler";

/** A required string argument; a missing or non-string value is an error naming the argument. */
export function requiredString(args: Attributes, name: string, context: HandlerContext): string {
  const value = args[name];
  if (typeof value !== "string" || value === "") {
    throw new ValidationError(`${context.address}.${name} is required and must be a non-empty string.`, [
      { field: `${context.address}.${name}`, rule: "is required and must be a string", value },
    ]);
  }
  return value;
}

/** An optional string argument (`undefined` when null or absent). */
export function optionalString(args: Attributes, name: string): string | undefined {
  const value = args[name];
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

/** An optional number argument, accepting numeric strings as Terraform's type conversion does. */
export function optionalNumber(args: Attributes, name: string): number | undefined {
  const value = args[name];
  if (typeof value === "number") {
    return value;
  }
  return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

/**
 * A nested block argument. cdktf writes single blocks as an object and repeated ones as a list; Terraform
 * accepts both in JSON syntax, so one-element lists are unwrapped here.
 */
export function optionalBlock(args: Attributes, name: string): Attributes | undefined {
  const value: Value | undefined = args[name];
  const block = Array.isArray(value) ? value[0] : value;
  return block !== null && block !== undefined && typeof block === "object" && !Array.isArray(block)
    ? (block as Attributes)
    : undefined;
}

/** A map of strings (tags, environment variables, input paths). */
export function stringMap(value: Value | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value as Attributes)) {
      if (item !== null && item !== undefined) {
        result[key] = typeof item === "string" ? item : JSON.stringify(item);
      }
    }
  }
  return result;
}

/** Every argument, null where the config left it out, as Terraform stores unset optional arguments. */
export function withNulls(known: readonly string[], args: Attributes): Record<string, Value> {
  const result: Record<string, Value> = {};
  for (const name of known) {
    result[name] = args[name] ?? null;
  }
  return result;
}

/** A name like the AWS provider generates when neither `name` nor `name_prefix` is set. */
export function generatedName(prefix = "terraform-"): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 17);
  return `${prefix}${stamp}${randomBytes(4).toString("hex")}`;
}

/** The resource's name from `name`, else `name_prefix` plus a unique suffix, else a generated one. */
export function nameOf(args: Attributes, nameKey = "name", prefixKey = "name_prefix"): string {
  const name = optionalString(args, nameKey);
  if (name !== undefined && name !== "") {
    return name;
  }
  const prefix = optionalString(args, prefixKey);
  return generatedName(prefix ?? "terraform-");
}

/** Random alphanumerics, as AWS appends to secret ARNs and IAM unique IDs. */
export function randomSuffix(
  length: number,
  alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
): string {
  const bytes = randomBytes(length);
  return [...bytes].map((byte) => alphabet[byte % alphabet.length]).join("");
}
