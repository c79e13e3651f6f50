import { TerraformVariable } from "cdktf";
import { SnykEventBridgeIntegration } from "../../../modules/integration";
import { Duration } from "../../../modules/duration";
import { ProvisionerHost } from "../../../modules/provisioner-host";
import { ENV, SnykEventType } from "../../../src/consts";
import { ValidationError } from "../../../src/errors";
import { GROUP_ID, ORG_ID, decodeJsonencode, issuesProps, newStack, resourceNamed, resources, synth } from "./helpers";

const SOURCE = `aws.partner/snyk.io/org_${ORG_ID}/issues`;

describe("SnykEventBridgeIntegration with the local host", () => {
  test("creates the custom resource, then the partner bus named after the source", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
    const config = synth(stack);
    // THEN
    const [busId, bus] = resourceNamed(config, "aws_cloudwatch_event_bus", "Issues_EventBus");
    expect(bus.name).toBe(SOURCE);
    expect(bus.event_source_name).toBe(SOURCE);
    const [reconcileId] = resourceNamed(config, "terraform_data", "Issues_Reconcile");
    expect(bus.depends_on).toEqual([`terraform_data.${reconcileId}`]);
    const [integrationId] = resourceNamed(config, "terraform_data", "Issues_Integration");
    expect(bus.lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${integrationId}.id`] });
    expect(busId).toContain("Issues_EventBus");
  });

  test("puts only the immutable identity in triggers_replace and the spec in input", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({ accountId: "123456789012", region: "eu-west-1", sampleRules: false }),
    );
    const [, integration] = resourceNamed(synth(stack), "terraform_data", "Issues_Integration");
    // THEN
    expect(integration.triggers_replace).toEqual({
      orgId: ORG_ID,
      groupId: GROUP_ID,
      accountId: "123456789012",
      region: "eu-west-1",
      eventType: "issues",
      profile: "cloud-events",
    });
    const input = integration.input as { spec: string };
    expect(decodeJsonencode(input.spec)).toEqual({
      orgId: ORG_ID,
      groupId: GROUP_ID,
      name: "platform-issues",
      eventType: "issues",
      accountId: "123456789012",
      region: "eu-west-1",
    });
  });

  test("a rename changes the Integration resource's input only, and replaces the Reconcile step", () => {
    // GIVEN
    const before = newStack();
    const after = newStack();
    // WHEN
    new SnykEventBridgeIntegration(before, "Issues", issuesProps({ name: "old-name", sampleRules: false }));
    new SnykEventBridgeIntegration(after, "Issues", issuesProps({ name: "new-name", sampleRules: false }));
    const [, oldIntegration] = resourceNamed(synth(before), "terraform_data", "Issues_Integration");
    const [, newIntegration] = resourceNamed(synth(after), "terraform_data", "Issues_Integration");
    const [, oldReconcile] = resourceNamed(synth(before), "terraform_data", "Issues_Reconcile");
    const [, newReconcile] = resourceNamed(synth(after), "terraform_data", "Issues_Reconcile");
    // THEN
    expect(newIntegration.triggers_replace).toEqual(oldIntegration.triggers_replace);
    expect(newIntegration.input).not.toEqual(oldIntegration.input);
    expect(newReconcile.triggers_replace).not.toEqual(oldReconcile.triggers_replace);
  });

  test("changing an immutable field changes triggers_replace (delete and re-create)", () => {
    // GIVEN
    const issues = newStack();
    const audit = newStack();
    // WHEN
    new SnykEventBridgeIntegration(issues, "I", issuesProps({ region: "eu-west-1", sampleRules: false }));
    new SnykEventBridgeIntegration(audit, "I", issuesProps({ region: "us-east-1", sampleRules: false }));
    const [, a] = resourceNamed(synth(issues), "terraform_data", "I_Integration");
    const [, b] = resourceNamed(synth(audit), "terraform_data", "I_Integration");
    // THEN
    expect((a.triggers_replace as Record<string, string>).region).toBe("eu-west-1");
    expect((b.triggers_replace as Record<string, string>).region).toBe("us-east-1");
  });

  test("runs reconcile on create and delete on destroy, the destroy step reading only self", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ sampleRules: false }));
    const config = synth(stack);
    const [, integration] = resourceNamed(config, "terraform_data", "Issues_Integration");
    const [, reconcile] = resourceNamed(config, "terraform_data", "Issues_Reconcile");
    // THEN
    type Exec = { "local-exec": { command: string; when?: string; environment: Record<string, string> } };
    const [destroy] = integration.provisioner as Exec[];
    expect(destroy["local-exec"].when).toBe("destroy");
    expect(destroy["local-exec"].command).toMatch(
      /^node assets\/SnykEventBridgeCli\/[0-9A-F]+\/snyk-eventbridge\.js delete --spec-env SNYK_EVENTBRIDGE_SPEC$/,
    );
    expect(destroy["local-exec"].environment).toEqual({ [ENV.SPEC]: "${self.input.spec}" });
    const [create] = reconcile.provisioner as Exec[];
    expect(create["local-exec"].when).toBeUndefined();
    expect(create["local-exec"].command).toMatch(/snyk-eventbridge\.js reconcile --spec-env SNYK_EVENTBRIDGE_SPEC$/);
    expect(decodeJsonencode(create["local-exec"].environment[ENV.SPEC])).toMatchObject({ orgId: ORG_ID });
    expect(reconcile.triggers_replace).toMatchObject({ integration: expect.stringContaining("terraform_data.") });
  });

  test("defaults account and region to the provider's, through data sources read once per stack", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(stack, "A", issuesProps({ sampleRules: false }));
    new SnykEventBridgeIntegration(
      stack,
      "B",
      issuesProps({ orgId: "1f0e0d0c-1111-4222-8333-444455556666", sampleRules: false }),
    );
    const config = synth(stack);
    // THEN
    expect(Object.keys(config.data?.aws_caller_identity ?? {})).toEqual(["SnykEventBridgeCaller"]);
    expect(Object.keys(config.data?.aws_region ?? {})).toEqual(["SnykEventBridgeRegion"]);
    const [, integration] = resourceNamed(config, "terraform_data", "A_Integration");
    expect(integration.triggers_replace).toMatchObject({
      accountId: "${data.aws_caller_identity.SnykEventBridgeCaller.account_id}",
      region: "${data.aws_region.SnykEventBridgeRegion.name}",
    });
  });

  test("reads no data source when account and region are given", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "A",
      issuesProps({ accountId: "123456789012", region: "eu-west-1", sampleRules: false }),
    );
    // THEN
    expect(synth(stack).data).toBeUndefined();
  });

  test("shares one CLI asset and states the Terraform version once for many integrations", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    for (let i = 0; i < 3; i += 1) {
      new SnykEventBridgeIntegration(stack, `I${i}`, issuesProps({ orgId: `${i}f0e0d0c-1111-4222-8333-444455556666` }));
    }
    const config = synth(stack);
    // THEN
    const assets = stack.node.findAll().filter((construct) => construct.node.id === "SnykEventBridgeCli");
    expect(assets).toHaveLength(1);
    expect(config.terraform.required_version).toBe(">= 1.4");
    const commands = Object.values(resources(config, "terraform_data")).flatMap((resource) =>
      (resource.provisioner as { "local-exec": { command: string } }[]).map(
        (p) => p["local-exec"].command.split(" ")[1],
      ),
    );
    expect(new Set(commands).size).toBe(1);
    expect(commands).toHaveLength(6);
  });

  test("never writes the Snyk token into the configuration", () => {
    // GIVEN
    const canary = "snyk-canary-token-5f1c9a0e";
    const previous = process.env[ENV.SNYK_TOKEN];
    process.env[ENV.SNYK_TOKEN] = canary;
    try {
      const stack = newStack();
      // WHEN
      new SnykEventBridgeIntegration(stack, "Issues", issuesProps({ archive: true }));
      const text = JSON.stringify(synth(stack));
      // THEN
      expect(text).not.toContain(canary);
      expect(text).not.toContain(ENV.SNYK_TOKEN);
    } finally {
      if (previous === undefined) {
        delete process.env[ENV.SNYK_TOKEN];
      } else {
        process.env[ENV.SNYK_TOKEN] = previous;
      }
    }
  });

  test("declares outputs and a typed outputs struct", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const integration = new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({ region: "eu-west-1", sampleRules: false }),
    );
    const config = synth(stack);
    // THEN
    expect(integration.outputs.partnerSourceName).toBe(SOURCE);
    expect(integration.outputs.integrationId).toBeUndefined();
    const values = Object.entries(config.output ?? {}).map(([id, output]) => [id.split("_Outputs_")[1], output.value]);
    expect(values).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^partner_source_name/), SOURCE],
        [expect.stringMatching(/^partner_source_arn/), `arn:aws:events:eu-west-1::event-source/${SOURCE}`],
        [expect.stringMatching(/^event_bus_name/), expect.stringContaining("aws_cloudwatch_event_bus.")],
        [expect.stringMatching(/^event_bus_arn/), expect.stringContaining(".arn}")],
      ]),
    );
    expect(values).toHaveLength(4);
  });

  test("passes optional settings into the spec", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({
        profile: "existing",
        snykApiUrl: "https://api.eu.snyk.io",
        partnerSourceSuffix: "issue-events",
        wait: { timeout: Duration.minutes(2), minDelay: Duration.millis(100), maxDelay: Duration.seconds(5) },
        sampleRules: false,
      }),
    );
    const config = synth(stack);
    const [, integration] = resourceNamed(config, "terraform_data", "Issues_Integration");
    const [, bus] = resourceNamed(config, "aws_cloudwatch_event_bus", "Issues");
    // THEN
    expect(decodeJsonencode((integration.input as { spec: string }).spec)).toMatchObject({
      profile: "existing",
      snykApiUrl: "https://api.eu.snyk.io",
      partnerSourceSuffix: "issue-events",
      wait: { timeoutSeconds: 120, minDelayMs: 100, maxDelayMs: 5000 },
    });
    expect(bus.name).toBe(`aws.partner/snyk.io/org_${ORG_ID}/issue-events`);
  });

  test("adds an archive when asked", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "Issues",
      issuesProps({ sampleRules: false, archive: { retention: Duration.days(7) } }),
    );
    const [, archive] = resourceNamed(synth(stack), "aws_cloudwatch_event_archive", "Issues");
    // THEN
    expect(archive.retention_days).toBe(7);
    expect(archive.event_source_arn).toMatch(/^\$\{aws_cloudwatch_event_bus\.Issues_EventBus_[0-9A-F]+\.arn\}$/);
  });
});

describe("SnykEventBridgeIntegration validation", () => {
  test.each([
    ["orgId", { orgId: "not-a-uuid" }, /orgId must be a Snyk org ID \(UUID\) \(got "not-a-uuid"\)/],
    ["groupId", { groupId: "g" }, /groupId must be a Snyk group ID/],
    ["name", { name: "" }, /name must not be empty/],
    ["eventType", { eventType: "builds" as SnykEventType }, /eventType must be "issues" or "audit".*\(got "builds"\)/],
    ["accountId", { accountId: "1234" }, /accountId must be a 12-digit AWS account ID \(got "1234"\)/],
    ["region", { region: "Europe" }, /region must be an AWS region code/],
    ["snykApiUrl", { snykApiUrl: "ftp://x" }, /snykApiUrl must be an http\(s\) URL/],
    ["partnerSourceSuffix", { partnerSourceSuffix: "a/b" }, /partnerSourceSuffix must be the last part/],
    [
      "partnerSourceName",
      { partnerSourceName: "aws.partner/other/x" },
      /partnerSourceName must be the org's partner source/,
    ],
    ["wait.timeout", { wait: { timeout: Duration.hours(2) } }, /wait\.timeout must be from 1 second to 1 hour/],
  ])("rejects a bad %s, naming the prop, the value and the rule", (_field, overrides, message) => {
    // WHEN
    const create = (): unknown => new SnykEventBridgeIntegration(newStack(), "Bad", issuesProps(overrides));
    // THEN
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(message);
  });

  test("requires groupId for the cloud-events profile but not for existing", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const withoutGroup = (): unknown =>
      new SnykEventBridgeIntegration(newStack(), "A", issuesProps({ groupId: undefined }));
    // THEN
    expect(withoutGroup).toThrow(/groupId is required by the "cloud-events" profile/);
    expect(
      () =>
        new SnykEventBridgeIntegration(
          stack,
          "B",
          issuesProps({ groupId: undefined, profile: "existing", sampleRules: false }),
        ),
    ).not.toThrow();
  });

  test("lists every broken rule at once", () => {
    // WHEN
    const create = (): unknown =>
      new SnykEventBridgeIntegration(newStack(), "Bad", issuesProps({ orgId: "x", accountId: "y" }));
    // THEN
    expect(create).toThrow(/orgId[\s\S]*accountId/);
  });

  test("skips the checks for values only Terraform knows", () => {
    // GIVEN
    const stack = newStack();
    const account = new TerraformVariable(stack, "account", { type: "string" });
    const org = new TerraformVariable(stack, "org", { type: "string" });
    // WHEN
    const integration = new SnykEventBridgeIntegration(
      stack,
      "Tokens",
      issuesProps({ orgId: org.stringValue, accountId: account.stringValue, sampleRules: false }),
    );
    const config = synth(stack);
    // THEN
    const [, bus] = resourceNamed(config, "aws_cloudwatch_event_bus", "Tokens");
    expect(bus.name).toBe("aws.partner/snyk.io/org_${var.org}/issues");
    const [, identity] = resourceNamed(config, "terraform_data", "Tokens_Integration");
    expect(identity.triggers_replace).toMatchObject({ orgId: "${var.org}", accountId: "${var.account}" });
    expect(integration.outputs.partnerSourceName).toContain("org_");
  });
});

describe("ProvisionerHost.local", () => {
  test("uses the given node executable", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new SnykEventBridgeIntegration(
      stack,
      "I",
      issuesProps({ host: ProvisionerHost.local({ nodeCommand: "/usr/bin/node" }), sampleRules: false }),
    );
    const [, reconcile] = resourceNamed(synth(stack), "terraform_data", "I_Reconcile");
    // THEN
    const [create] = reconcile.provisioner as { "local-exec": { command: string } }[];
    expect(create["local-exec"].command.startsWith("/usr/bin/node assets/")).toBe(true);
  });

  test("rejects a node command that would be interpreted by the shell", () => {
    // WHEN
    const create = (): unknown => ProvisionerHost.local({ nodeCommand: "node; rm -rf /" });
    // THEN
    expect(create).toThrow(/nodeCommand must be a plain executable name or path/);
  });
});

describe("SnykEventType", () => {
  test("is exported as a constant with both event types", () => {
    expect(SnykEventType).toEqual({ ISSUES: "issues", AUDIT: "audit" });
  });
});
