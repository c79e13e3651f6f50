/**
 * Checks a request against its operation's input shape the way AWS does before running the operation:
 * a value of the wrong JSON type is a `SerializationException`; broken constraints (required members,
 * lengths, patterns, enums, ranges) are collected into one `ValidationException` whose message has AWS's
 * form, for example `1 validation error detected: Value 'x' at 'targets.1.member.id' failed to satisfy
 * constraint: Member must have length less than or equal to 64`.
 */
import { AwsServiceError } from "./service-error";

/** An input shape, a small subset of Smithy's model. */
export type Shape =
  | {
      readonly type: "string";
      readonly min?: number;
      readonly max?: number;
      readonly pattern?: string;
      readonly enum?: readonly string[];
    }
  | { readonly type: "integer"; readonly min?: number; readonly max?: number }
  | { readonly type: "boolean" }
  | { readonly type: "timestamp" }
  | { readonly type: "list"; readonly member: Shape; readonly min?: number; readonly max?: number }
  | { readonly type: "map"; readonly key: Shape; readonly value: Shape; readonly max?: number }
  | {
      readonly type: "structure";
      readonly members: Readonly<Record<string, Shape>>;
      readonly required?: readonly string[];
    };

/** Validates `input` against `shape`; throws {@link AwsServiceError} on the first type error or all constraint errors. */
export function validateShape(input: unknown, shape: Shape): void {
  const problems: string[] = [];
  check(input, shape, "", problems);
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected: `;
    throw new AwsServiceError("ValidationException", count + problems.join("; "));
  }
}

function check(value: unknown, shape: Shape, path: string, problems: string[]): void {
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") {
        throw serialization(`Expected a string at ${path || "the request"}`);
      }
      checkLength(value, value.length, shape.min, shape.max, path, problems);
      if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`).test(value)) {
        problems.push(`${at(value, path)}Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      if (shape.enum !== undefined && !shape.enum.includes(value)) {
        problems.push(`${at(value, path)}Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      }
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw serialization(`${JSON.stringify(value)} can not be converted to an Integer`);
      }
      if (shape.min !== undefined && value < shape.min) {
        problems.push(`${at(value, path)}Member must have value greater than or equal to ${shape.min}`);
      }
      if (shape.max !== undefined && value > shape.max) {
        problems.push(`${at(value, path)}Member must have value less than or equal to ${shape.max}`);
      }
      return;
    case "boolean":
      if (typeof value !== "boolean") {
        throw serialization(`${JSON.stringify(value)} can not be converted to a Boolean`);
      }
      return;
    case "timestamp":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw serialization(`${JSON.stringify(value)} can not be converted to a Timestamp (epoch seconds expected)`);
      }
      return;
    case "list":
      if (!Array.isArray(value)) {
        throw serialization(`Expected a list at ${path || "the request"}`);
      }
      checkLength(value, value.length, shape.min, shape.max, path, problems);
      value.forEach((member, index) => check(member, shape.member, `${path}.${index + 1}.member`, problems));
      return;
    case "map":
      if (!isObject(value)) {
        throw serialization(`Expected a map at ${path || "the request"}`);
      }
      if (shape.max !== undefined && Object.keys(value).length > shape.max) {
        problems.push(`${at(value, path)}Member must have length less than or equal to ${shape.max}`);
      }
      for (const [key, member] of Object.entries(value)) {
        check(key, shape.key, `${path}.key`, problems);
        check(member, shape.value, `${path}.${key}`, problems);
      }
      return;
    case "structure":
      if (!isObject(value)) {
        throw serialization(`Expected a structure at ${path || "the request"}`);
      }
      for (const [name, member] of Object.entries(shape.members)) {
        const memberPath = path === "" ? lowerFirst(name) : `${path}.${lowerFirst(name)}`;
        const memberValue = value[name];
        if (memberValue === undefined || memberValue === null) {
          if (shape.required?.includes(name)) {
            problems.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
          }
          continue;
        }
        check(memberValue, member, memberPath, problems);
      }
      return;
  }
}

function checkLength(
  value: unknown,
  length: number,
  min: number | undefined,
  max: number | undefined,
  path: string,
  problems: string[],
): void {
  if (min !== undefined && length < min) {
    problems.push(`${at(value, path)}Member must have length greater than or equal to ${min}`);
  }
  if (max !== undefined && length > max) {
    problems.push(`${at(value, path)}Member must have length less than or equal to ${max}`);
  }
}

function at(value: unknown, path: string): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `Value '${text}' at '${path}' failed to satisfy constraint: `;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function serialization(message: string): AwsServiceError {
  return new AwsServiceError("SerializationException", message);
}
