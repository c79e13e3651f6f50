import { isIP } from "node:net";
import type { ComposedAttribute, ComposedType, OcsfSchema, ScalarType } from "./ocsf-schema";

/** One finding of the validator, with the attribute path (`finding.remediation.desc`, `vulnerabilities[0].cve`). */
export interface OcsfIssue {
  readonly path: string;
  readonly message: string;
}

/** What {@link validateOcsfEvent} found. */
export interface OcsfValidation {
  /** Breaks of the schema: a missing required attribute, a wrong type, an unknown attribute, a value outside its enum. */
  readonly errors: readonly OcsfIssue[];
  /** Recommended attributes that are missing: allowed, reported for information. */
  readonly missingRecommended: readonly string[];
}

/**
 * Profiles the OCSF server composes into timestamps rather than attributes: with `datetime`, every
 * `timestamp_t` attribute `x` may have a sibling `x_dt` holding the same time as RFC 3339 text.
 */
const DATETIME_PROFILE = "datetime";

/**
 * RFC 3339 date-time. The dictionary's own `datetime_t` regex in 1.0.0-rc.2 contains `%3A` (a URL-encoded colon)
 * where `:` belongs and matches no real timestamp, so the rule is applied as its description states it.
 */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Regexes of the dictionary written for engines other than JavaScript's, checked another way. */
const NON_JS_REGEX_TYPES = new Set(["ip_t", "datetime_t"]);

/** The dictionary's regexes use PCRE's `\pL` (a letter); JavaScript with the `u` flag spells it `\p{L}`. */
function jsRegex(source: string): RegExp {
  return new RegExp(source.replace(/\\pL/g, "\\p{L}"), "u");
}

/**
 * Validates `event` (the `detail` of an EventBridge event) as an instance of the composed class `eventClass`,
 * strictly: every attribute must be one the class (with the profiles the event names in `metadata.profiles`)
 * defines, with the dictionary's type and `is_array`, within its enum, and every required attribute present.
 * The class's composed enums make `class_uid` (category uid × 1000 + class uid), `category_uid` and `type_uid`
 * (`class_uid` × 100 + `activity_id`) exact, and every name beside an ID (`class_name`, `type_name`,
 * `activity_name`, `severity`, `state`, ...) must be the caption of that ID unless the ID is `99 Other`.
 */
export function validateOcsfEvent(schema: OcsfSchema, eventClass: ComposedType, event: unknown): OcsfValidation {
  const errors: OcsfIssue[] = [];
  const missingRecommended: string[] = [];
  if (!isPlainObject(event)) {
    return { errors: [{ path: "(event)", message: "must be a JSON object" }], missingRecommended };
  }
  const declared = declaredProfiles(event);
  for (const profile of declared) {
    if (!eventClass.profiles.includes(profile)) {
      errors.push({
        path: "metadata.profiles",
        message: `names profile ${JSON.stringify(profile)}, which class ${eventClass.name} does not support (${eventClass.profiles.join(", ")})`,
      });
    }
  }
  const context: Context = { schema, declared, errors, missingRecommended };
  checkObject(context, eventClass, event, "");
  checkSiblings(context, eventClass, event, "");
  const { class_uid: classUid, activity_id: activityId, type_uid: typeUid } = event;
  if (typeof classUid === "number" && typeof activityId === "number" && typeof typeUid === "number") {
    if (typeUid !== classUid * 100 + activityId) {
      errors.push({
        path: "type_uid",
        message: `must be class_uid * 100 + activity_id = ${classUid * 100 + activityId} (got ${typeUid})`,
      });
    }
  }
  return { errors, missingRecommended };
}

interface Context {
  readonly schema: OcsfSchema;
  readonly declared: readonly string[];
  readonly errors: OcsfIssue[];
  readonly missingRecommended: string[];
}

function checkObject(context: Context, type: ComposedType, value: Record<string, unknown>, path: string): void {
  const attributes = applicableAttributes(context, type);
  for (const attribute of attributes.values()) {
    if (value[attribute.name] === undefined) {
      if (attribute.requirement === "required") {
        context.errors.push({ path: join(path, attribute.name), message: "is required" });
      } else if (attribute.requirement === "recommended") {
        context.missingRecommended.push(join(path, attribute.name));
      }
    }
  }
  for (const [name, item] of Object.entries(value)) {
    const attribute = attributes.get(name);
    if (attribute === undefined) {
      context.errors.push({
        path: join(path, name),
        message: `is not an attribute of ${type.name} in OCSF ${context.schema.version}${profileHint(type, name)}`,
      });
      continue;
    }
    checkAttribute(context, attribute, item, join(path, name));
  }
  for (const [kind, names] of Object.entries(type.constraints)) {
    const present = names.filter((name) => value[name] !== undefined).length;
    if ((kind === "at_least_one" && present < 1) || (kind === "just_one" && present !== 1)) {
      context.errors.push({
        path: path || "(event)",
        message: `needs ${kind.replace(/_/g, " ")} of ${names.join(", ")}`,
      });
    }
  }
}

/** The attributes an object or class has for this event: profile attributes only when the event names the profile. */
function applicableAttributes(context: Context, type: ComposedType): Map<string, ComposedAttribute> {
  const result = new Map<string, ComposedAttribute>();
  for (const [name, attribute] of type.attributes) {
    if (attribute.profile === undefined || context.declared.includes(attribute.profile)) {
      result.set(name, attribute);
    }
  }
  if (context.declared.includes(DATETIME_PROFILE)) {
    for (const attribute of [...result.values()]) {
      if (attribute.type === "timestamp_t") {
        const name = `${attribute.name}_dt`;
        result.set(name, { name, requirement: "optional", type: "datetime_t", isArray: attribute.isArray });
      }
    }
  }
  return result;
}

function checkAttribute(context: Context, attribute: ComposedAttribute, value: unknown, path: string): void {
  if (value === null) {
    context.errors.push({ path, message: "must not be null (leave the attribute out instead)" });
    return;
  }
  if (attribute.isArray) {
    if (!Array.isArray(value)) {
      context.errors.push({ path, message: `must be an array of ${attribute.type}` });
      return;
    }
    value.forEach((item, index) => checkValue(context, attribute, item, `${path}[${index}]`));
    return;
  }
  if (Array.isArray(value) && attribute.type !== "json_t") {
    context.errors.push({ path, message: `must be one ${attribute.type}, not an array` });
    return;
  }
  checkValue(context, attribute, value, path);
}

function checkValue(context: Context, attribute: ComposedAttribute, value: unknown, path: string): void {
  const { schema } = context;
  if (schema.isObjectType(attribute.type)) {
    if (!isPlainObject(value)) {
      context.errors.push({ path, message: `must be a ${attribute.type} object` });
      return;
    }
    // `object` is OCSF's open object (for example `unmapped`): anything goes inside it.
    if (attribute.type !== "object") {
      checkObject(context, schema.object(attribute.type), value, path);
    }
    return;
  }
  const scalar = schema.scalar(attribute.type);
  const problem = scalarProblem(scalar, value);
  if (problem !== undefined) {
    context.errors.push({ path, message: problem });
    return;
  }
  if (attribute.enum !== undefined && !(String(value) in attribute.enum)) {
    context.errors.push({
      path,
      message: `must be one of ${Object.entries(attribute.enum)
        .map(([key, entry]) => `${key} (${entry.caption})`)
        .join(", ")} (got ${JSON.stringify(value)})`,
    });
  }
}

function scalarProblem(scalar: ScalarType, value: unknown): string | undefined {
  const got = ` (got ${JSON.stringify(value)})`;
  switch (scalar.kind) {
    case "any":
      return undefined;
    case "object":
      return isPlainObject(value) ? undefined : `must be a JSON object (${scalar.name})${got}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be a boolean (${scalar.name})${got}`;
    case "integer":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) {
        return `must be an integer (${scalar.name})${got}`;
      }
      return rangeProblem(scalar, value, got);
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        return `must be a number (${scalar.name})${got}`;
      }
      return rangeProblem(scalar, value, got);
    case "string":
      if (typeof value !== "string") {
        return `must be a string (${scalar.name})${got}`;
      }
      if (scalar.maxLength !== undefined && value.length > scalar.maxLength) {
        return `must be at most ${scalar.maxLength} characters (${scalar.name})`;
      }
      return stringFormatProblem(scalar, value, got);
  }
}

function rangeProblem(scalar: ScalarType, value: number, got: string): string | undefined {
  if (scalar.range !== undefined && (value < scalar.range[0] || value > scalar.range[1])) {
    return `must be within ${scalar.range[0]}..${scalar.range[1]} (${scalar.name})${got}`;
  }
  return undefined;
}

function stringFormatProblem(scalar: ScalarType, value: string, got: string): string | undefined {
  if (scalar.name === "ip_t") {
    return isIP(value) === 0 ? `must be an IPv4 or IPv6 address (ip_t)${got}` : undefined;
  }
  if (scalar.name === "datetime_t") {
    return RFC3339.test(value) ? undefined : `must be an RFC 3339 date-time (datetime_t)${got}`;
  }
  if (scalar.regex !== undefined && !NON_JS_REGEX_TYPES.has(scalar.name) && !jsRegex(scalar.regex).test(value)) {
    return `must match ${scalar.regex} (${scalar.name})${got}`;
  }
  return undefined;
}

/** `severity` must be the caption of `severity_id` (and so on), unless the ID is 99 (Other, source-defined). */
function checkSiblings(context: Context, type: ComposedType, value: Record<string, unknown>, path: string): void {
  for (const attribute of applicableAttributes(context, type).values()) {
    const item = value[attribute.name];
    if (attribute.sibling !== undefined && attribute.enum !== undefined && item !== undefined && item !== 99) {
      const caption = attribute.enum[String(item)]?.caption;
      const sibling = value[attribute.sibling];
      if (caption !== undefined && sibling !== undefined && sibling !== caption) {
        context.errors.push({
          path: join(path, attribute.sibling),
          message: `must be ${JSON.stringify(caption)}, the caption of ${attribute.name} ${JSON.stringify(item)} (got ${JSON.stringify(sibling)})`,
        });
      }
    }
    if (context.schema.isObjectType(attribute.type) && attribute.type !== "object" && item !== undefined) {
      const objects = attribute.isArray && Array.isArray(item) ? item : [item];
      objects.forEach((entry, index) => {
        if (isPlainObject(entry)) {
          const entryPath = attribute.isArray ? `${join(path, attribute.name)}[${index}]` : join(path, attribute.name);
          checkSiblings(context, context.schema.object(attribute.type), entry, entryPath);
        }
      });
    }
  }
}

function declaredProfiles(event: Record<string, unknown>): string[] {
  const metadata = event.metadata;
  const profiles = isPlainObject(metadata) ? metadata.profiles : undefined;
  return Array.isArray(profiles) ? profiles.filter((item): item is string => typeof item === "string") : [];
}

function profileHint(type: ComposedType, name: string): string {
  const profile = type.attributes.get(name)?.profile;
  return profile === undefined ? "" : ` unless the event names profile "${profile}" in metadata.profiles`;
}

function join(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
