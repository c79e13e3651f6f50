import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../../src/errors";
import { applyStack, destroyStack } from "../../../src/sandbox/apply";
import { FakeEventBridge, readRecords, writeStack } from "./apply-test-kit";

const SANDBOX = { accountId: "123456789012", region: "us-east-1" };

/** A terraform_data whose create and destroy provisioners append a line to RECORD (from the apply's env). */
function recorder(input: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    input,
    provisioner: [
      {
        "local-exec": {
          command: 'echo "{\\"create\\": \\"$VALUE\\"}" >> "$RECORD"',
          environment: { VALUE: "${self.id}" },
        },
      },
      {
        "local-exec": {
          command: 'echo "{\\"destroy\\": \\"$VALUE\\"}" >> "$RECORD"',
          environment: { VALUE: "${self.id}" },
          when: "destroy",
        },
      },
    ],
    ...extra,
  };
}

describe("Terraform semantics the harness reproduces", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function stack(document: unknown): { dir: string; record: string } {
    const dir = writeStack(document);
    dirs.push(dir);
    return { dir, record: join(dir, "record.jsonl") };
  }

  test("replace_triggered_by on an attribute replaces the dependent only when that attribute changes", async () => {
    // GIVEN an anchor whose triggers_replace decides its id, and a dependent bound to anchor.id
    const document = (identity: string, mutable: string) => ({
      resource: {
        terraform_data: {
          anchor: { triggers_replace: { identity }, input: { mutable } },
          dependent: recorder("fixed", { lifecycle: { replace_triggered_by: ["terraform_data.anchor.id"] } }),
        },
      },
    });
    const { dir, record } = stack(document("a", "x"));
    const options = {
      stackDir: dir,
      sandbox: SANDBOX,
      eventBridge: new FakeEventBridge(),
      env: { PATH: process.env.PATH, RECORD: record },
    };
    await applyStack(options);
    // WHEN only the anchor's input changes (an in-place update; its id stays)
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(document("a", "y")));
    const renamed = await applyStack(options);
    // THEN the dependent is untouched
    expect(renamed.changes.map((change) => [change.address, change.action])).toEqual([
      ["terraform_data.anchor", "update"],
      ["terraform_data.dependent", "unchanged"],
    ]);
    // WHEN the anchor's identity changes (replaced: a new id)
    writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(document("b", "y")));
    const replaced = await applyStack(options);
    // THEN the dependent is replaced too, running its destroy then create provisioners
    expect(replaced.changes.map((change) => [change.address, change.action])).toEqual([
      ["terraform_data.anchor", "replace"],
      ["terraform_data.dependent", "replace"],
    ]);
    const lines = readRecords<Record<string, string>>(record);
    expect(lines.map((line) => Object.keys(line)[0])).toEqual(["create", "destroy", "create"]);
    expect(lines[1].destroy).toBe(lines[0].create);
    expect(lines[2].create).not.toBe(lines[0].create);
  });

  test("input variables come from TF_VAR_<name> or their default, and a missing one stops before any side effect", async () => {
    // GIVEN
    const { dir, record } = stack({
      variable: {
        endpoint: { type: "string" },
        retries: { type: "number", default: 3 },
        secret: { type: "string", sensitive: true },
      },
      resource: {
        terraform_data: {
          v: recorder({ endpoint: "${var.endpoint}", retries: "${var.retries}", secret: "${var.secret}" }),
        },
      },
      output: { endpoint: { value: "${var.endpoint}" }, retries: { value: "${var.retries}" } },
    });
    const env = { PATH: process.env.PATH, RECORD: record, TF_VAR_endpoint: "https://hooks.example.com/x" };
    // WHEN a variable without a default has no TF_VAR_
    const missing = applyStack({ stackDir: dir, sandbox: SANDBOX, env });
    // THEN
    await expect(missing).rejects.toThrow(ValidationError);
    await expect(applyStack({ stackDir: dir, sandbox: SANDBOX, env })).rejects.toThrow(
      /var.secret has no value. Set TF_VAR_secret in the environment of the apply/,
    );
    // WHEN all are given
    const result = await applyStack({ stackDir: dir, sandbox: SANDBOX, env: { ...env, TF_VAR_secret: "s3cr3t" } });
    // THEN
    expect(result.outputs).toEqual({ endpoint: "https://hooks.example.com/x", retries: 3 });
    await destroyStack({ stackDir: dir, sandbox: SANDBOX, env });
  });

  test("locals are evaluated and referenced", async () => {
    // GIVEN
    const { dir } = stack({
      locals: { prefix: "snyk", name: "${local.prefix}-alerts" },
      resource: { aws_sns_topic: { t: { name: "${local.name}" } } },
      output: { arn: { value: "${aws_sns_topic.t.arn}" } },
    });
    // WHEN
    const result = await applyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
    // THEN
    expect(result.outputs.arn).toBe("arn:aws:sns:us-east-1:123456789012:snyk-alerts");
  });

  test("prevent_destroy refuses the destroy before deleting anything", async () => {
    // GIVEN
    const { dir } = stack({
      resource: {
        aws_sns_topic: { kept: { name: "kept", lifecycle: { prevent_destroy: true } }, other: { name: "other" } },
      },
    });
    await applyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
    // WHEN
    const attempt = destroyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
    // THEN
    await expect(attempt).rejects.toThrow(/aws_sns_topic.kept has lifecycle.prevent_destroy = true/);
    const state = JSON.parse(readFileSync(join(dir, "sandbox-apply.tfstate.json"), "utf8")) as { resources: unknown[] };
    expect(state.resources).toHaveLength(2);
  });

  test("a state file from another sandbox is refused", async () => {
    // GIVEN
    const { dir } = stack({ resource: { aws_sns_topic: { t: { name: "t" } } } });
    await applyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
    // WHEN / THEN
    await expect(
      applyStack({ stackDir: dir, sandbox: { ...SANDBOX, accountId: "210987654321" }, env: {} }),
    ).rejects.toThrow(/was applied to the sandbox account 123456789012 in us-east-1, not 210987654321/);
  });

  test("an aliased provider in another account records its EventBridge resources instead of creating them", async () => {
    // GIVEN a central bus in another account, reached through a provider alias
    const { dir } = stack({
      provider: {
        aws: [
          { region: "us-east-1" },
          {
            alias: "central",
            region: "eu-west-1",
            assume_role: [{ role_arn: "arn:aws:iam::999999999999:role/deploy" }],
          },
        ],
      },
      resource: { aws_cloudwatch_event_bus: { central: { name: "security", provider: "aws.central" } } },
      output: { arn: { value: "${aws_cloudwatch_event_bus.central.arn}" } },
    });
    const eventBridge = new FakeEventBridge();
    // WHEN
    const result = await applyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge, env: {} });
    // THEN
    expect(result.outputs.arn).toBe("arn:aws:events:eu-west-1:999999999999:event-bus/security");
    expect(eventBridge.calls).toEqual([]);
  });
});

describe("destroy order without the configuration", () => {
  test("a dependency through a local value is kept in the state, so destroy deletes the dependent first", async () => {
    // GIVEN a policy that reaches its topic only through a local
    const dir = writeStack({
      locals: { topic: "${aws_sns_topic.t.arn}" },
      resource: {
        aws_sns_topic: { t: { name: "t" } },
        aws_sns_topic_policy: { p: { arn: "${local.topic}", policy: "{}" } },
      },
    });
    try {
      await applyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
      // WHEN the configuration is gone and only the state is left
      rmSync(join(dir, "cdk.tf.json"));
      writeFileSync(join(dir, "cdk.tf.json"), "{}");
      const result = await destroyStack({ stackDir: dir, sandbox: SANDBOX, env: {} });
      // THEN
      expect(result.changes.map((change) => change.address)).toEqual(["aws_sns_topic_policy.p", "aws_sns_topic.t"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("archives", () => {
  test("a CreateArchive failure fails the apply naming the resource, and the bus already created stays in state", async () => {
    // GIVEN an EventBridge that refuses CreateArchive
    const eventBridge = new FakeEventBridge();
    eventBridge.createArchive = (): Promise<never> =>
      Promise.reject(
        Object.assign(new Error("Event bus custom does not exist."), { name: "ResourceNotFoundException" }),
      );
    const dir = writeStack({
      resource: {
        aws_cloudwatch_event_bus: { b: { name: "custom" } },
        aws_cloudwatch_event_archive: { a: { name: "replay", event_source_arn: "${aws_cloudwatch_event_bus.b.arn}" } },
      },
    });
    try {
      // WHEN
      const failure = await applyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge, env: {} }).catch(
        (error: unknown) => error,
      );
      // THEN
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toMatch(/aws_cloudwatch_event_archive\.a/);
      expect((failure as Error).message).toMatch(/CreateArchive/);
      const state = JSON.parse(readFileSync(join(dir, "sandbox-apply.tfstate.json"), "utf8")) as {
        resources: { address: string }[];
      };
      expect(state.resources.map((resource) => resource.address)).toEqual(["aws_cloudwatch_event_bus.b"]);
      await destroyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge, env: {} });
      expect(eventBridge.isEmpty()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("aborting", () => {
  test("an abort stops a running provisioner and the run, and the state keeps what was done", async () => {
    // GIVEN a provisioner that would run for a long time
    const dir = writeStack({
      resource: {
        aws_sns_topic: { first: { name: "first" } },
        terraform_data: {
          slow: { depends_on: ["aws_sns_topic.first"], provisioner: [{ "local-exec": { command: "sleep 30" } }] },
        },
      },
    });
    const controller = new AbortController();
    const started = Date.now();
    try {
      // WHEN it is aborted shortly after it starts
      const attempt = applyStack({
        stackDir: dir,
        sandbox: SANDBOX,
        env: { PATH: process.env.PATH },
        signal: controller.signal,
        onEvent: (event) => event.kind === "provisioner" && setTimeout(() => controller.abort(), 50),
      });
      // THEN
      await expect(attempt).rejects.toThrow(/terraform_data.slow: aborted while running "sleep 30"/);
      expect(Date.now() - started).toBeLessThan(5000);
      const state = JSON.parse(readFileSync(join(dir, "sandbox-apply.tfstate.json"), "utf8")) as {
        resources: { address: string; tainted?: boolean }[];
      };
      expect(state.resources.map((resource) => [resource.address, resource.tainted ?? false])).toEqual([
        ["aws_sns_topic.first", false],
        ["terraform_data.slow", true],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("step timeout", () => {
  test("a provisioner past the step limit is stopped with everything it started, and the message names the limit", async () => {
    // GIVEN a provisioner whose shell starts a long-running child of its own (a surviving `sleep` would keep the
    // output pipes open, and jest would report an open handle)
    const dir = writeStack({
      resource: {
        terraform_data: {
          slow: { provisioner: [{ "local-exec": { command: "sleep 30 && echo done" } }] },
        },
      },
    });
    const started = Date.now();
    try {
      // WHEN
      const attempt = applyStack({
        stackDir: dir,
        sandbox: SANDBOX,
        env: { PATH: process.env.PATH },
        stepTimeoutMs: 300,
      });
      // THEN the step fails promptly, naming the limit
      await expect(attempt).rejects.toThrow(/terraform_data.slow.*was stopped by SIGTERM after the 300 ms limit/s);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
