import { ValidationError } from "../src/errors";
import type { InputTransformerSpec } from "../src/events/input-transformer";

// EventField values are strings that carry this marker, so they can sit anywhere in an object or text and be
// found again when the target input is rendered. The brackets cannot appear in a JSON path and, unlike
// control characters, survive JSON.stringify unescaped.
const FIELD_OPEN = "\u27e6field:";
const FIELD_CLOSE = "\u27e7";
const FIELD_MARKER = /\u27e6field:([^\u27e7]+)\u27e7/g;
const QUOTED_FIELD_MARKER = /"\u27e6field:([^\u27e7]+)\u27e7"/g;
const JSON_PATH = /^\$(\.[A-Za-z0-9_-]+|\[\d+\])*$/;

/**
 * A field of the matched event, to place in a {@link RuleTargetInput}. EventBridge fills it in when it
 * delivers the event (an input transformer placeholder).
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */
export class EventField {
  /** The event's ID. */
  public static get eventId(): string {
    return EventField.fromPath("$.id");
  }

  /** The event's time. */
  public static get time(): string {
    return EventField.fromPath("$.time");
  }

  /** The event's source (for Snyk, the partner source name). */
  public static get source(): string {
    return EventField.fromPath("$.source");
  }

  /** The event's detail type. */
  public static get detailType(): string {
    return EventField.fromPath("$.detail-type");
  }

  /** The event's account. */
  public static get account(): string {
    return EventField.fromPath("$.account");
  }

  /** The event's region. */
  public static get region(): string {
    return EventField.fromPath("$.region");
  }

  /**
   * The value at a JSON path in dot notation, for example `$.detail.finding.title`. Used as a whole string
   * value in {@link RuleTargetInput.fromObject} it becomes the field's JSON value; inside a longer string, its
   * text.
   */
  public static fromPath(path: string): string {
    if (!JSON_PATH.test(path)) {
      throw ValidationError.fromIssues("EventField.fromPath()", [
        { field: "path", rule: "must be a JSON path in dot notation such as $.detail.finding.title", value: path },
      ]);
    }
    return `${FIELD_OPEN}${path}${FIELD_CLOSE}`;
  }

  private constructor() {}
}

/** How a target receives the event, rendered for `aws_cloudwatch_event_target`. */
export interface RenderedTargetInput {
  /**
   * Constant JSON text.
   * @default - not a constant
   */
  readonly input?: string;
  /**
   * A JSON path selecting part of the event.
   * @default - no path
   */
  readonly inputPath?: string;
  /**
   * A template with its paths.
   * @default - no template
   */
  readonly inputTransformer?: InputTransformerSpec;
}

/**
 * What a rule sends to a target instead of the whole event: a constant, part of the event, or an object or
 * text with {@link EventField}s filled in by EventBridge. No hand-written template JSON.
 */
export abstract class RuleTargetInput {
  /** An object sent as JSON; {@link EventField} values in it are filled from the event. */
  public static fromObject(value: Readonly<Record<string, unknown>>): RuleTargetInput {
    return new TemplateInput(JSON.stringify(value), true);
  }

  /** A text sent as a JSON string; {@link EventField}s in it are filled from the event. */
  public static fromText(text: string): RuleTargetInput {
    return new TemplateInput(JSON.stringify(text), false);
  }

  /** Several lines of text, each sent as its own JSON string line (for chat webhooks and e-mail). */
  public static fromMultilineText(text: string): RuleTargetInput {
    return new TemplateInput(
      text
        .split("\n")
        .map((line) => JSON.stringify(line))
        .join("\n"),
      false,
    );
  }

  /** The part of the event at a JSON path, for example `$.detail`. */
  public static fromEventPath(path: string): RuleTargetInput {
    if (!JSON_PATH.test(path)) {
      throw ValidationError.fromIssues("RuleTargetInput.fromEventPath()", [
        { field: "path", rule: "must be a JSON path in dot notation such as $.detail", value: path },
      ]);
    }
    return new PathInput(path);
  }

  /** Renders the input for one target. */
  public abstract render(): RenderedTargetInput;
}

class PathInput extends RuleTargetInput {
  constructor(private readonly path: string) {
    super();
  }

  public render(): RenderedTargetInput {
    return { inputPath: this.path };
  }
}

class TemplateInput extends RuleTargetInput {
  constructor(
    private readonly json: string,
    private readonly isObject: boolean,
  ) {
    super();
  }

  public render(): RenderedTargetInput {
    const paths = new Map<string, string>();
    const nameOf = (path: string): string => {
      const existing = [...paths.entries()].find(([, value]) => value === path);
      if (existing !== undefined) {
        return existing[0];
      }
      const base =
        path
          .split(/[.[\]]/)
          .filter((part) => part !== "" && part !== "$")
          .pop() ?? "field";
      const safe = base.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^aws/i, "f_$&");
      let name = safe;
      for (let n = 2; paths.has(name); n += 1) {
        name = `${safe}${n}`;
      }
      paths.set(name, path);
      return name;
    };
    // In an object, a field that is a whole string value is placed unquoted, so it keeps its JSON type.
    const unquoted = this.isObject
      ? this.json.replace(QUOTED_FIELD_MARKER, (_, path: string) => `<${nameOf(path)}>`)
      : this.json;
    const template = unquoted.replace(FIELD_MARKER, (_, path: string) => `<${nameOf(path)}>`);
    if (paths.size === 0) {
      return { input: this.json };
    }
    return { inputTransformer: { InputPathsMap: Object.fromEntries(paths), InputTemplate: template } };
  }
}
