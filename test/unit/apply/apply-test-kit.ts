import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HarnessEventBridge, HarnessTarget } from "../../../src/sandbox/apply";

/** The directory of the hand-written cdk.tf.json fixtures. */
export const FIXTURES = join(__dirname, "..", "..", "fixtures", "apply");

/** Copies a fixture stack into a fresh temporary directory, replacing placeholders in its cdk.tf.json. */
export function copyFixture(name: string, replacements: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), `apply-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  if (Object.keys(replacements).length > 0) {
    const file = join(dir, "cdk.tf.json");
    let text = readFileSync(file, "utf8");
    for (const [placeholder, value] of Object.entries(replacements)) {
      text = text.split(placeholder).join(value);
    }
    writeFileSync(file, text);
  }
  return dir;
}

/** Writes a stack from an object into a fresh temporary directory. */
export function writeStack(document: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "apply-inline-"));
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(document, null, 2));
  return dir;
}

/** One call the fake EventBridge received. */
export interface FakeCall {
  readonly operation: string;
  readonly input: unknown;
}

/** An in-memory EventBridge for unit tests: records calls, keeps buses/rules/targets, answers real ARN formats. */
export class FakeEventBridge implements HarnessEventBridge {
  public readonly calls: FakeCall[] = [];
  public readonly buses = new Set<string>();
  public readonly rules = new Map<string, { eventBusName: string; eventPattern?: string; state: string }>();
  public readonly targets = new Map<string, HarnessTarget>();
  public readonly archives = new Set<string>();

  constructor(
    private readonly accountId = "123456789012",
    private readonly region = "us-east-1",
  ) {}

  public async createEventBus(input: { name: string; eventSourceName?: string }): Promise<{ arn: string }> {
    this.calls.push({ operation: "CreateEventBus", input });
    this.buses.add(input.name);
    return { arn: `arn:aws:events:${this.region}:${this.accountId}:event-bus/${input.name}` };
  }

  public async deleteEventBus(name: string): Promise<void> {
    this.calls.push({ operation: "DeleteEventBus", input: name });
    this.buses.delete(name);
  }

  public async putRule(input: {
    name: string;
    eventBusName: string;
    eventPattern?: string;
    state: "ENABLED" | "DISABLED";
  }): Promise<{ arn: string }> {
    this.calls.push({ operation: "PutRule", input });
    this.rules.set(`${input.eventBusName}|${input.name}`, input);
    return { arn: `arn:aws:events:${this.region}:${this.accountId}:rule/${input.eventBusName}/${input.name}` };
  }

  public async deleteRule(input: { name: string; eventBusName: string }): Promise<void> {
    this.calls.push({ operation: "DeleteRule", input });
    this.rules.delete(`${input.eventBusName}|${input.name}`);
  }

  public async putTargets(input: { rule: string; eventBusName: string; targets: HarnessTarget[] }): Promise<void> {
    this.calls.push({ operation: "PutTargets", input });
    for (const target of input.targets) {
      this.targets.set(`${input.eventBusName}|${input.rule}|${target.Id}`, target);
    }
  }

  public async removeTargets(input: { rule: string; eventBusName: string; ids: string[] }): Promise<void> {
    this.calls.push({ operation: "RemoveTargets", input });
    for (const id of input.ids) {
      this.targets.delete(`${input.eventBusName}|${input.rule}|${id}`);
    }
  }

  public async createArchive(input: { name: string; eventSourceArn: string }): Promise<{ arn: string }> {
    this.calls.push({ operation: "CreateArchive", input });
    this.archives.add(input.name);
    return { arn: `arn:aws:events:${this.region}:${this.accountId}:archive/${input.name}` };
  }

  public async deleteArchive(name: string): Promise<void> {
    this.calls.push({ operation: "DeleteArchive", input: name });
    this.archives.delete(name);
  }

  /** Whether nothing is left. */
  public isEmpty(): boolean {
    return this.buses.size + this.rules.size + this.targets.size + this.archives.size === 0;
  }
}

/** Reads a JSON-lines record file written by the fixture CLI or handler. */
export function readRecords<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as T);
}
