import { z } from "zod";
import { redactDeep } from "../../redact";

/** What Terraform does to a resource, as its machine-readable output names it. */
export type TerraformAction =
  "noop" | "create" | "read" | "update" | "replace" | "delete" | "move" | "remove" | "import";

/** One diagnostic (error or warning) as Terraform reported it. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  /** Terraform's detail text; empty when it gave none. */
  readonly detail: string;
  /** The resource address it is about, when Terraform says. */
  readonly address?: string;
  /** Where in the configuration, when Terraform says: `main.tf:12`. */
  readonly location?: string;
}

/** Fields every progress event has. */
interface EventBase {
  /** Terraform's own one-line description (`aws_sns_topic.x: Creating...`), secrets removed. */
  readonly message: string;
}

/** A typed progress event of a Terraform run, parsed from its `-json` output; secrets are already removed. */
export type TerraformProgressEvent =
  | (EventBase & { readonly kind: "resource-started"; readonly address: string; readonly action: TerraformAction })
  | (EventBase & {
      readonly kind: "resource-completed";
      readonly address: string;
      readonly action: TerraformAction;
      /** From Terraform's start and completion timestamps. */
      readonly durationMs: number;
      /** The resource's ID after the change, when Terraform reports it. */
      readonly id?: string;
    })
  | (EventBase & {
      readonly kind: "resource-failed";
      readonly address: string;
      readonly action: TerraformAction;
      readonly durationMs: number;
    })
  | (EventBase & {
      readonly kind: "provisioner-output";
      readonly address: string;
      readonly provisioner: string;
      /** One line the provisioner's command wrote. */
      readonly output: string;
    })
  | (EventBase & { readonly kind: "planned-change"; readonly address: string; readonly action: TerraformAction })
  | (EventBase & { readonly kind: "diagnostic"; readonly diagnostic: TerraformDiagnostic })
  | (EventBase & {
      readonly kind: "summary";
      readonly operation: "plan" | "apply" | "destroy";
      readonly add: number;
      readonly change: number;
      readonly remove: number;
      readonly import: number;
    })
  | (EventBase & {
      readonly kind: "outputs";
      /** Each output; `value` is absent for sensitive outputs. */
      readonly outputs: Readonly<Record<string, { readonly sensitive: boolean; readonly value?: unknown }>>;
    })
  | (EventBase & {
      readonly kind: "log";
      /** `info`, `warn`, `error`, ...; `text` for a line that was not Terraform's JSON. */
      readonly level: string;
    });

const ACTION = z.enum(["noop", "create", "read", "update", "replace", "delete", "move", "remove", "import"]);
const RESOURCE = z.object({ addr: z.string() });
const HOOK = z.object({
  resource: RESOURCE,
  action: ACTION.optional(),
  id_value: z.string().optional(),
  elapsed_seconds: z.number().optional(),
  provisioner: z.string().optional(),
  output: z.string().optional(),
});
const LINE = z.object({
  "@level": z.string().default("info"),
  "@message": z.string().default(""),
  "@timestamp": z.string().optional(),
  type: z.string(),
  hook: HOOK.optional(),
  change: z.object({ resource: RESOURCE, action: ACTION }).optional(),
  changes: z
    .object({
      add: z.number(),
      change: z.number(),
      remove: z.number(),
      import: z.number().default(0),
      operation: z.enum(["plan", "apply", "destroy"]),
    })
    .optional(),
  diagnostic: z
    .object({
      severity: z.enum(["error", "warning"]),
      summary: z.string(),
      detail: z.string().default(""),
      address: z.string().optional(),
      range: z.object({ filename: z.string(), start: z.object({ line: z.number() }) }).optional(),
    })
    .optional(),
  outputs: z
    .record(z.string(), z.object({ sensitive: z.boolean().default(false), value: z.unknown().optional() }))
    .optional(),
});
type Line = z.infer<typeof LINE>;

/**
 * Turns the lines of Terraform's machine-readable output (`-json`) into {@link TerraformProgressEvent}s. It keeps
 * the start time of each resource operation, so that completions carry a duration. A line that is not
 * Terraform's JSON (stderr, or a command without `-json`) becomes a `log` event at level `text`. Every string in
 * every event has the given secrets, and every registered secret, removed.
 */
export class TerraformEventParser {
  private readonly started = new Map<string, number>();

  /** @param secrets values to remove from everything parsed (the Snyk token) */
  constructor(private readonly secrets: readonly string[]) {}

  /** The event for one line, or `undefined` for lines that carry nothing (blank, or Terraform's version line). */
  public parse(line: string): TerraformProgressEvent | undefined {
    if (line.trim() === "") {
      return undefined;
    }
    const event = this.toEvent(line);
    return event === undefined ? undefined : redactDeep(event, this.secrets);
  }

  private toEvent(text: string): TerraformProgressEvent | undefined {
    let raw: unknown;
    try {
      raw = text.startsWith("{") ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON after all: reported as text below.
      raw = undefined;
    }
    const parsed = raw === undefined ? undefined : LINE.safeParse(raw);
    if (parsed === undefined || !parsed.success) {
      return { kind: "log", level: "text", message: text };
    }
    return this.fromLine(parsed.data);
  }

  private fromLine(line: Line): TerraformProgressEvent | undefined {
    const message = line["@message"];
    const at = line["@timestamp"] === undefined ? Date.now() : Date.parse(line["@timestamp"]);
    const hook = line.hook;
    switch (line.type) {
      case "version":
        return undefined;
      case "apply_start":
        if (hook?.action !== undefined) {
          this.started.set(`${hook.resource.addr}/${hook.action}`, at);
          return { kind: "resource-started", address: hook.resource.addr, action: hook.action, message };
        }
        break;
      case "apply_complete":
      case "apply_errored":
        if (hook?.action !== undefined) {
          const key = `${hook.resource.addr}/${hook.action}`;
          const start = this.started.get(key);
          this.started.delete(key);
          const durationMs = start === undefined ? (hook.elapsed_seconds ?? 0) * 1000 : Math.max(0, at - start);
          const base = { address: hook.resource.addr, action: hook.action, durationMs, message };
          return line.type === "apply_errored"
            ? { kind: "resource-failed", ...base }
            : { kind: "resource-completed", ...base, ...(hook.id_value === undefined ? {} : { id: hook.id_value }) };
        }
        break;
      case "provision_progress":
        if (hook?.provisioner !== undefined && hook.output !== undefined) {
          const output = hook.output;
          return {
            kind: "provisioner-output",
            address: hook.resource.addr,
            provisioner: hook.provisioner,
            output,
            message,
          };
        }
        break;
      case "planned_change":
        if (line.change !== undefined) {
          return { kind: "planned-change", address: line.change.resource.addr, action: line.change.action, message };
        }
        break;
      case "change_summary":
        if (line.changes !== undefined) {
          return { kind: "summary", ...line.changes, message };
        }
        break;
      case "diagnostic":
        if (line.diagnostic !== undefined) {
          const { severity, summary, detail, address, range } = line.diagnostic;
          const diagnostic: TerraformDiagnostic = {
            severity,
            summary,
            detail,
            ...(address === undefined ? {} : { address }),
            ...(range === undefined ? {} : { location: `${range.filename}:${range.start.line}` }),
          };
          return { kind: "diagnostic", diagnostic, message };
        }
        break;
      case "outputs":
        if (line.outputs !== undefined) {
          const outputs = Object.fromEntries(
            Object.entries(line.outputs).map(([name, output]) => [
              name,
              output.sensitive || output.value === undefined
                ? { sensitive: output.sensitive }
                : { sensitive: false, value: output.value },
            ]),
          );
          return { kind: "outputs", outputs, message };
        }
        break;
      default:
        break;
    }
    return { kind: "log", level: line["@level"], message };
  }
}
