import { rmSync } from "node:fs";
import { ValidationError } from "../../../src/errors";
import { applyStack } from "../../../src/sandbox/apply";
import { dependencyOrder } from "../../../src/sandbox/apply/dependency-order";
import { DEFAULT_REGISTRY } from "../../../src/sandbox/apply/handlers/registry";
import { loadStackConfig } from "../../../src/sandbox/apply/stack-config";
import { copyFixture, FakeEventBridge, writeStack } from "./apply-test-kit";

const SANDBOX = { accountId: "123456789012", region: "us-east-1" };
const dirs: string[] = [];

function stack(document: unknown): string {
  const dir = writeStack(document);
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("loading a synthesized stack", () => {
  test("the local-host fixture orders the partner bus after the reconcile step and targets after their policies", () => {
    // GIVEN
    const dir = copyFixture("local-host");
    dirs.push(dir);
    // WHEN
    const config = loadStackConfig(dir, DEFAULT_REGISTRY);
    const order = dependencyOrder(new Map([...config.nodes.values()].map((node) => [node.address, node.dependencies])));
    // THEN
    const at = (address: string): number => order.indexOf(address);
    expect(at("terraform_data.Integration_Reconcile_2C4E6A81")).toBeGreaterThan(
      at("terraform_data.Integration_7F3A9B21"),
    );
    expect(at("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")).toBeGreaterThan(
      at("terraform_data.Integration_Reconcile_2C4E6A81"),
    );
    expect(at("aws_cloudwatch_event_target.Integration_HighSeverity_Target0_9D0E1F2A")).toBeGreaterThan(
      at("aws_sns_topic_policy.Integration_HighSeverityTopic_Policy_8E9F0A1B"),
    );
    expect(at("terraform_data.Integration_7F3A9B21")).toBeGreaterThan(
      at("data.aws_caller_identity.SnykEventBridgeCaller"),
    );
    expect(config.nodes.get("aws_cloudwatch_event_bus.Integration_PartnerBus_0B1C2D3E")?.constructPath).toBe(
      "local-host/Integration/PartnerBus/Resource",
    );
  });

  test("a create-time provisioner's references are dependencies", () => {
    // GIVEN
    const dir = stack({
      resource: {
        aws_sns_topic: { t: { name: "t" } },
        terraform_data: {
          d: { provisioner: [{ "local-exec": { command: "echo ${aws_sns_topic.t.arn}" } }] },
        },
      },
    });
    // WHEN
    const config = loadStackConfig(dir, DEFAULT_REGISTRY);
    // THEN
    expect(config.nodes.get("terraform_data.d")?.dependencies).toEqual(["aws_sns_topic.t"]);
  });

  test("a dependency cycle is refused naming it", () => {
    // GIVEN
    const order = (): string[] =>
      dependencyOrder(
        new Map([
          ["a.x", ["b.x"]],
          ["b.x", ["c.x"]],
          ["c.x", ["a.x"]],
          ["d.x", []],
        ]),
      );
    // WHEN / THEN
    expect(order).toThrow(/dependency cycle: a.x -> b.x -> c.x -> a.x/);
  });
});

describe("refusing what the harness does not understand, before any side effect", () => {
  const refusals: [string, unknown, RegExp][] = [
    [
      "an unknown resource type",
      { resource: { aws_s3_bucket: { b: { bucket: "x" } } } },
      /resource.aws_s3_bucket: the sandbox apply harness does not understand the resource type aws_s3_bucket \(supported: .*aws_cloudwatch_event_bus/,
    ],
    [
      "an unknown data source",
      { data: { aws_iam_policy_document: { p: {} } } },
      /does not understand the data source aws_iam_policy_document/,
    ],
    [
      "an unknown argument",
      { resource: { aws_sns_topic: { t: { name: "t", fancy: true } } } },
      /aws_sns_topic.t.fancy: .* does not understand the argument or meta-argument "fancy" of aws_sns_topic/,
    ],
    ["count", { resource: { aws_sns_topic: { t: { name: "t", count: 2 } } } }, /meta-argument "count"/],
    ["for_each", { resource: { aws_sns_topic: { t: { for_each: {} } } } }, /meta-argument "for_each"/],
    [
      "an unknown lifecycle setting",
      { resource: { aws_sns_topic: { t: { lifecycle: { precondition: [] } } } } },
      /"precondition" in aws_sns_topic.t.lifecycle/,
    ],
    [
      "a remote-exec provisioner",
      { resource: { terraform_data: { d: { provisioner: [{ "remote-exec": { inline: ["x"] } }] } } } },
      /the provisioner "remote-exec" \(only local-exec\)/,
    ],
    [
      "a destroy provisioner that references something other than self",
      {
        resource: {
          aws_sns_topic: { t: { name: "t" } },
          terraform_data: {
            d: { provisioner: [{ "local-exec": { command: "echo ${aws_sns_topic.t.arn}", when: "destroy" } }] },
          },
        },
      },
      /a destroy-time provisioner may reference only self, but it references aws_sns_topic.t/,
    ],
    [
      "a variable with a validation block",
      { variable: { v: { type: "string", validation: [{ condition: "true" }] } } },
      /"validation" in variable.v/,
    ],
    ["a module block", { module: { m: { source: "./m" } } }, /the top-level block "module"/],
    [
      "a reference to an undeclared variable",
      { locals: { x: "${var.name}" } },
      /references var.name, which the stack does not declare/,
    ],
    [
      "a replace_triggered_by entry that is not a resource",
      {
        data: { aws_region: { r: {} } },
        resource: { aws_sns_topic: { t: { lifecycle: { replace_triggered_by: ["data.aws_region.r.name"] } } } },
      },
      /replace_triggered_by: .* the entry "data.aws_region.r.name"/,
    ],
    [
      "an unknown function",
      { resource: { aws_sns_topic: { t: { name: '${format("%s", "x")}' } } } },
      /does not support the Terraform function format\(\)/,
    ],
    [
      "a reference to an undeclared resource",
      { resource: { aws_sns_topic: { t: { name: "${aws_sqs_queue.q.name}" } } } },
      /references aws_sqs_queue.q, which the stack does not declare/,
    ],
    [
      "self outside a provisioner",
      { resource: { aws_sns_topic: { t: { name: "${self.id}" } } } },
      /references self, which the stack does not declare/,
    ],
    ["another provider", { provider: { google: [{}] } }, /the provider google \(only the aws provider\)/],
    [
      "a depends_on entry that is not an address",
      { resource: { aws_sns_topic: { t: { depends_on: ["${jsonencode(1)}"] } } } },
      /the depends_on entry/,
    ],
  ];

  test.each(refusals)("%s", async (_label, document, message) => {
    // GIVEN
    const dir = stack(document);
    const eventBridge = new FakeEventBridge();
    // WHEN
    const attempt = applyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge, env: {} });
    // THEN
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(applyStack({ stackDir: dir, sandbox: SANDBOX, eventBridge, env: {} })).rejects.toThrow(message);
    expect(eventBridge.calls).toEqual([]);
  });

  test("a missing cdk.tf.json says which directory to pass", async () => {
    // WHEN / THEN
    await expect(applyStack({ stackDir: "/nonexistent/stack", sandbox: SANDBOX, env: {} })).rejects.toThrow(
      /cannot read the synthesized stack \/nonexistent\/stack\/cdk.tf.json.*cdktf.out\/stacks\/<stack>/,
    );
  });

  test("a default provider in another region than the sandbox is refused", async () => {
    // GIVEN
    const dir = stack({
      provider: { aws: [{ region: "eu-west-1" }] },
      resource: { aws_sns_topic: { t: { name: "t" } } },
    });
    // WHEN / THEN
    await expect(applyStack({ stackDir: dir, sandbox: SANDBOX, env: {} })).rejects.toThrow(
      /provider.aws points at region eu-west-1, but the sandbox simulates region us-east-1/,
    );
  });
});
