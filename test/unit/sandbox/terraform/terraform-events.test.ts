import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TerraformProgressEvent } from "../../../../src/sandbox/terraform/terraform-events";
import { TerraformEventParser } from "../../../../src/sandbox/terraform/terraform-events";

/** Real `terraform apply -json` output (Terraform 1.11.4): one resource created, the next one's provisioner failing. */
const FIXTURE = join(__dirname, "..", "..", "..", "fixtures", "terraform", "apply-provisioner-failure.jsonl");

function parseAll(lines: readonly string[], secrets: readonly string[] = []): TerraformProgressEvent[] {
  const parser = new TerraformEventParser(secrets);
  return lines.flatMap((line) => {
    const event = parser.parse(line);
    return event === undefined ? [] : [event];
  });
}

describe("TerraformEventParser", () => {
  test("turns Terraform's machine-readable output into typed progress events with durations", () => {
    // GIVEN real apply output
    const lines = readFileSync(FIXTURE, "utf8").split("\n");

    // WHEN it is parsed
    const events = parseAll(lines);

    // THEN resources start, complete (with the duration between Terraform's own timestamps) and fail
    expect(events.filter((event) => event.kind === "planned-change").map((event) => event.message)).toEqual([
      "terraform_data.ok: Plan to create",
      "terraform_data.bad: Plan to create",
    ]);
    const completed = events.find((event) => event.kind === "resource-completed");
    expect(completed).toEqual({
      kind: "resource-completed",
      address: "terraform_data.ok",
      action: "create",
      durationMs: 48, // 16.528178 -> 16.576465
      id: "8938ef52-d267-fab4-2346-b10e1e683d28",
      message: "terraform_data.ok: Creation complete after 0s [id=8938ef52-d267-fab4-2346-b10e1e683d28]",
    });
    expect(events.find((event) => event.kind === "resource-failed")).toMatchObject({
      address: "terraform_data.bad",
      action: "create",
      durationMs: 11,
    });
    // AND provisioner output, the plan summary and the diagnostic are typed
    expect(events.filter((event) => event.kind === "provisioner-output").map((event) => event.output)).toContain(
      "hello world",
    );
    expect(events.find((event) => event.kind === "summary")).toMatchObject({
      operation: "plan",
      add: 2,
      change: 0,
      remove: 0,
      import: 0,
    });
    const diagnostic = events.find((event) => event.kind === "diagnostic");
    expect(diagnostic).toMatchObject({
      diagnostic: {
        severity: "error",
        summary: "local-exec provisioner error",
        detail: "Error running command 'echo failing >&2; exit 3': exit status 3. Output: failing\n",
        address: "terraform_data.bad",
        location: "main.tf:9",
      },
    });
    // AND the planned outputs are known by name, the sensitive one without a value
    expect(events.find((event) => event.kind === "outputs")).toMatchObject({
      outputs: { greeting: { sensitive: false }, secret: { sensitive: true } },
    });
    // AND the version line carries nothing
    expect(events.some((event) => event.message === "Terraform 1.11.4")).toBe(false);
  });

  test("removes the given secrets from every field, and keeps text lines as log events", () => {
    // GIVEN a provisioner that printed the token, and a plain stderr line with it
    const token = "canary-token-5f0c2e";
    const progress = JSON.stringify({
      "@level": "info",
      "@message": `terraform_data.x: (local-exec): token=${token}`,
      "@timestamp": "2026-12-02T17:50:16.574252Z",
      hook: { resource: { addr: "terraform_data.x" }, provisioner: "local-exec", output: `token=${token}` },
      type: "provision_progress",
    });

    // WHEN both are parsed with the token as a secret
    const events = parseAll([progress, `panic: something printed ${token}`], [token]);

    // THEN the token is gone everywhere
    expect(JSON.stringify(events)).not.toContain(token);
    expect(events).toEqual([
      {
        kind: "provisioner-output",
        address: "terraform_data.x",
        provisioner: "local-exec",
        output: "token=[REDACTED]",
        message: "terraform_data.x: (local-exec): token=[REDACTED]",
      },
      { kind: "log", level: "text", message: "panic: something printed [REDACTED]" },
    ]);
  });

  test("a JSON line of an unknown shape is a log event, and a blank line nothing", () => {
    const parser = new TerraformEventParser([]);
    expect(parser.parse('{"@level":"warn","@message":"something new","type":"from_the_future"}')).toEqual({
      kind: "log",
      level: "warn",
      message: "something new",
    });
    expect(parser.parse("{not json")).toEqual({ kind: "log", level: "text", message: "{not json" });
    expect(parser.parse("   ")).toBeUndefined();
  });
});
