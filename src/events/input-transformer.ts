/**
 * What EventBridge hands a rule's target: the whole event, a constant `Input`, the part of the event an
 * `InputPath` selects, or an `InputTransformer` template filled from the event. The semantics follow what
 * AWS was recorded doing (`conformance/eventbridge-recorded/input-transformers.snapshot.json`):
 *
 * - A template that is a JSON object or array is filled as JSON: an unquoted placeholder becomes the JSON
 *   of its value (a missing value becomes `""`), a placeholder inside a JSON string becomes the text of its
 *   value; the result must parse as JSON.
 * - Any other template (a quoted string, several quoted lines, plain text) is filled as text: strings as
 *   they are, objects and arrays as JSON with the quotes left out (`{acc_id:0a78,sf_id:baz}`, `[HIGH]`),
 *   missing values as nothing. A result that then starts like JSON (`{` or `[`) must parse as JSON.
 * - A result AWS cannot deliver is a failure with a reason, never a silently mangled payload.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */

/** `InputTransformer` of a target, as the EventBridge API takes it. */
export interface InputTransformerSpec {
  /**
   * Placeholder name to JSON path (dot notation, for example `$.detail.severity`).
   *
   * @default - no custom placeholders; only the predefined `aws.events.*` ones can be used
   */
  readonly InputPathsMap?: Readonly<Record<string, string>>;
  /** The template, with placeholders written `<name>`. */
  readonly InputTemplate: string;
}

/** The input-shaping settings of one target (at most one of the three may be set). */
export interface TargetInputSpec {
  /** Identifies the target in error messages. */
  readonly Id: string;
  /**
   * Constant JSON text sent instead of the event.
   *
   * @default - not constant
   */
  readonly Input?: string;
  /**
   * JSON path of the part of the event to send.
   *
   * @default - the whole event (unless `Input` or `InputTransformer` is set)
   */
  readonly InputPath?: string;
  /**
   * Template filled from the event.
   *
   * @default - no transformation
   */
  readonly InputTransformer?: InputTransformerSpec;
}

/** Facts about the rule that the predefined placeholders expose. */
export interface TransformContext {
  /** Fills `<aws.events.rule-arn>`. */
  readonly ruleArn: string;
  /** Fills `<aws.events.rule-name>`. */
  readonly ruleName: string;
}

/** The outcome of shaping one event for one target. */
export type RenderedInput =
  | { readonly ok: true; /** Exactly the text the target receives. */ readonly text: string }
  | {
      readonly ok: false;
      /** Why EventBridge could not deliver, naming the setting at fault. */ readonly reason: string;
    };

/** Placeholders EventBridge fills without an `InputPathsMap` entry. */
export const PREDEFINED_PLACEHOLDERS: readonly string[] = [
  "aws.events.rule-arn",
  "aws.events.rule-name",
  "aws.events.event.ingestion-time",
  "aws.events.event",
  "aws.events.event.json",
];

/** How many `InputPathsMap` entries a target may have. */
export const MAX_INPUT_PATHS = 100;

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;
const PATH_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Checks a target's input settings as `PutTargets` does. Returns the message AWS gives for the first
 * problem, or `undefined` when the settings are valid.
 */
export function validateTargetInput(target: TargetInputSpec): string | undefined {
  const set = [target.Input, target.InputPath, target.InputTransformer].filter((value) => value !== undefined);
  if (set.length > 1) {
    return `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`;
  }
  if (target.Input !== undefined && !isJson(target.Input)) {
    return `Input for target ${target.Id} is not valid JSON text.`;
  }
  if (target.InputPath !== undefined && parseJsonPath(target.InputPath) === undefined) {
    return `InputPath for target ${target.Id} is not a valid JSON path: ${target.InputPath}.`;
  }
  const transformer = target.InputTransformer;
  if (transformer === undefined) {
    return undefined;
  }
  const paths = transformer.InputPathsMap ?? {};
  const keys = Object.keys(paths);
  if (keys.length > MAX_INPUT_PATHS) {
    return `InputPathsMap for target ${target.Id} has ${keys.length} entries; at most ${MAX_INPUT_PATHS} are allowed.`;
  }
  for (const key of keys) {
    if (!PATH_KEY.test(key) || key.toUpperCase().startsWith("AWS")) {
      return `InputPathsMap for target ${target.Id} has an invalid key ${key}: keys use letters, digits, _ and - and must not start with AWS.`;
    }
    if (parseJsonPath(paths[key]) === undefined) {
      return `InputPathsMap for target ${target.Id} has an invalid JSON path for ${key}: ${paths[key]}.`;
    }
  }
  for (const match of transformer.InputTemplate.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (!(name in paths) && !PREDEFINED_PLACEHOLDERS.includes(name)) {
      return `InputTemplate for target ${target.Id} contains invalid placeholder ${name}.`;
    }
  }
  return undefined;
}

/**
 * Shapes `event` for one target: the whole event as JSON, the constant `Input`, the `InputPath`
 * selection, or the filled `InputTransformer` template.
 */
export function renderTargetInput(
  event: Readonly<Record<string, unknown>>,
  target: TargetInputSpec,
  context: TransformContext,
): RenderedInput {
  if (target.Input !== undefined) {
    return { ok: true, text: target.Input };
  }
  if (target.InputPath !== undefined) {
    const selected = selectJsonPath(event, target.InputPath);
    if (!selected.found) {
      return {
        ok: false,
        reason: `InputPath ${target.InputPath} of target ${target.Id} selects nothing in the event.`,
      };
    }
    return { ok: true, text: JSON.stringify(selected.value) };
  }
  if (target.InputTransformer !== undefined) {
    return fillTemplate(event, target.Id, target.InputTransformer, context);
  }
  return { ok: true, text: JSON.stringify(event) };
}

/** The value a JSON path selects: `found` is false when a segment is missing. */
export interface JsonPathSelection {
  readonly found: boolean;
  readonly value?: unknown;
}

/**
 * Follows an EventBridge JSON path (`$`, `.key`, `[index]`, `['key']`) through `root`.
 * Returns `{ found: false }` for a missing member or an invalid path.
 */
export function selectJsonPath(root: unknown, path: string): JsonPathSelection {
  const segments = parseJsonPath(path);
  if (segments === undefined) {
    return { found: false };
  }
  let current: unknown = root;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) {
        return { found: false };
      }
      current = current[segment];
    } else {
      if (typeof current !== "object" || current === null || Array.isArray(current) || !(segment in current)) {
        return { found: false };
      }
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return { found: true, value: current };
}

/** Splits a JSON path into member names and array indexes; `undefined` when it is not a valid path. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  if (!path.startsWith("$")) {
    return undefined;
  }
  const segments: (string | number)[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const dotted = /^\.([^.[\]]+)/.exec(rest);
    const indexed = /^\[(\d+)\]/.exec(rest);
    const quoted = /^\[(?:'([^']*)'|"([^"]*)")\]/.exec(rest);
    if (dotted) {
      segments.push(dotted[1]);
      rest = rest.slice(dotted[0].length);
    } else if (indexed) {
      segments.push(Number(indexed[1]));
      rest = rest.slice(indexed[0].length);
    } else if (quoted) {
      segments.push(quoted[1] ?? quoted[2]);
      rest = rest.slice(quoted[0].length);
    } else {
      return undefined;
    }
  }
  return segments;
}

function fillTemplate(
  event: Readonly<Record<string, unknown>>,
  targetId: string,
  transformer: InputTransformerSpec,
  context: TransformContext,
): RenderedInput {
  const values = placeholderValues(event, transformer, context);
  const template = transformer.InputTemplate;
  const trimmed = template.trimStart();
  const text =
    trimmed.startsWith("{") || trimmed.startsWith("[")
      ? fillJsonTemplate(template, values)
      : { ok: true as const, text: template.replace(PLACEHOLDER, (_whole, name: string) => asText(values.get(name))) };
  if (!text.ok) {
    return { ok: false, reason: `InputTemplate of target ${targetId}: ${text.reason}` };
  }
  const start = text.text.trimStart();
  if ((start.startsWith("{") || start.startsWith("[")) && !isJson(text.text)) {
    return {
      ok: false,
      reason: `InputTemplate of target ${targetId} produced text that starts like JSON but is not valid JSON: ${truncate(text.text)}`,
    };
  }
  return text;
}

function placeholderValues(
  event: Readonly<Record<string, unknown>>,
  transformer: InputTransformerSpec,
  context: TransformContext,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) {
    const selected = selectJsonPath(event, path);
    if (selected.found) {
      values.set(name, selected.value);
    }
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key !== "detail") {
      metadata[key === "detail-type" ? "detailType" : key] = value;
    }
  }
  values.set("aws.events.rule-arn", context.ruleArn);
  values.set("aws.events.rule-name", context.ruleName);
  values.set("aws.events.event.ingestion-time", event.time);
  values.set("aws.events.event", metadata);
  values.set("aws.events.event.json", event);
  return values;
}

/** Fills a JSON template, tracking whether each placeholder sits inside a JSON string. */
function fillJsonTemplate(template: string, values: Map<string, unknown>): RenderedInput {
  let out = "";
  let inString = false;
  let index = 0;
  while (index < template.length) {
    const char = template[index];
    if (inString && char === "\\") {
      out += template.slice(index, index + 2);
      index += 2;
      continue;
    }
    if (char === '"') {
      inString = !inString;
      out += char;
      index += 1;
      continue;
    }
    const placeholder = char === "<" ? /^<([A-Za-z0-9_.-]+)>/.exec(template.slice(index)) : null;
    if (placeholder === null) {
      out += char;
      index += 1;
      continue;
    }
    const value = values.get(placeholder[1]);
    if (inString) {
      if (typeof value === "object" && value !== null) {
        return {
          ok: false,
          reason: `placeholder <${placeholder[1]}> is a JSON ${Array.isArray(value) ? "array" : "object"} and cannot be placed inside a quoted string; remove the quotes around it`,
        };
      }
      out += JSON.stringify(asText(value)).slice(1, -1);
    } else {
      out += value === undefined ? '""' : JSON.stringify(value);
    }
    index += placeholder[0].length;
  }
  return { ok: true, text: out };
}

/** Text form of a value in a text template: JSON without quotes for objects and arrays. */
function asText(value: unknown): string {
  if (value === undefined || value === null) {
    return "";
  }
  if (typeof value === "string") {
    return value;
  }
  if (Array.isArray(value)) {
    return `[${value.map(asText).join(",")}]`;
  }
  if (typeof value === "object") {
    const members = Object.entries(value as Record<string, unknown>).map(([key, member]) => `${key}:${asText(member)}`);
    return `{${members.join(",")}}`;
  }
  return String(value);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
