import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createHandler, type InvocationResult } from "../../../src/lambda/handler";
import type { ReconcileResult } from "../../../src/provisioner/results";
import { startSandbox, type Sandbox } from "../../../src/sandbox/sandbox";
import { CANARY_TOKEN, registrationsOf, sandboxSpec } from "../provisioner/sandbox-fixture";

const ROOT = join(__dirname, "../../..");

/** The payload aws_lambda_invocation sends with lifecycle_scope = "CRUD". */
function payload(
  input: object,
  action: "create" | "update" | "delete",
  previous: object | null,
): Record<string, unknown> {
  return { ...input, tf: { action, prev_input: previous } };
}

/** The reconcile result of a create or update invocation. */
function reconciled(result: InvocationResult): ReconcileResult {
  if (result.action === "delete") {
    throw new Error("expected a create or update result");
  }
  return result;
}

describe("Lambda handler with the exact CRUD payloads, against the sandbox", () => {
  let sandbox: Sandbox;
  let handler: (event: unknown) => Promise<InvocationResult>;
  let tokenReads = 0;
  const outputs: string[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 30 });
    handler = createHandler({
      tokenSource: async () => {
        tokenReads += 1;
        return CANARY_TOKEN;
      },
      env: { ...sandbox.env, SNYK_TOKEN: undefined },
      deps: { snykClient: { retry: { baseDelayMs: 5, maxDelayMs: 20 }, rateLimit: false } },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    // THEN (every test): the token is in no result and no error
    for (const output of outputs) {
      expect(output).not.toContain(CANARY_TOKEN);
    }
  });
  async function invoke(event: Record<string, unknown>): Promise<InvocationResult> {
    try {
      const result = await handler(event);
      outputs.push(JSON.stringify(result));
      return result;
    } catch (error) {
      outputs.push(String((error as Error).message), JSON.stringify(error));
      throw error;
    }
  }

  test("create, update (rename), update (replace), delete; the token is read once", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    // WHEN: create
    const created = reconciled(await invoke(payload(spec, "create", null)));
    // THEN
    expect(created).toEqual(
      expect.objectContaining({
        action: "create",
        actions: ["create"],
        integrationId: expect.any(String),
        partnerSourceName: `aws.partner/snyk.io/org_${spec.orgId}/issues`,
        partnerSourceArn: `arn:aws:events:${sandbox.region}::event-source/aws.partner/snyk.io/org_${spec.orgId}/issues`,
        partnerSourceState: "PENDING",
      }),
    );
    expect(JSON.parse(JSON.stringify(created))).toEqual(created);

    // WHEN: update with a new name (mutable): in place
    const renamedSpec = { ...spec, name: "renamed by lambda" };
    const renamed = await invoke(payload(renamedSpec, "update", spec));
    expect(renamed).toEqual(
      expect.objectContaining({ action: "update", actions: ["update"], integrationId: created.integrationId }),
    );

    // WHEN: update with a new event type (immutable): replace
    const auditSpec = { ...renamedSpec, eventType: "audit" };
    const replaced = reconciled(await invoke(payload(auditSpec, "update", renamedSpec)));
    expect(replaced).toEqual(
      expect.objectContaining({
        action: "update",
        actions: ["replace"],
        partnerSourceName: `aws.partner/snyk.io/org_${spec.orgId}/audit`,
      }),
    );
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([
      { id: replaced.integrationId, name: "renamed by lambda", eventType: "audit" },
    ]);

    // WHEN: delete (the payload is the last input, prev_input the same)
    const deleted = await invoke(payload(auditSpec, "delete", auditSpec));
    expect(deleted).toEqual(
      expect.objectContaining({ action: "delete", actions: ["delete"], deleted: [replaced.integrationId] }),
    );
    expect(registrationsOf(sandbox, spec.orgId)).toEqual([]);
    // AND: a repeated delete (Terraform retrying) succeeds
    await expect(invoke(payload(auditSpec, "delete", auditSpec))).resolves.toEqual(
      expect.objectContaining({ actions: [] }),
    );
    expect(tokenReads).toBe(1);
  });

  test("create of an integration that already exists adopts it", async () => {
    // GIVEN
    const spec = sandboxSpec(sandbox);
    const first = reconciled(await invoke(payload(spec, "create", null)));
    // WHEN
    const again = await invoke(payload(spec, "create", null));
    // THEN
    expect(again).toEqual(expect.objectContaining({ actions: ["adopt"], integrationId: first.integrationId }));
  });

  test("an invalid payload fails naming the field", async () => {
    // THEN
    await expect(invoke(payload({ ...sandboxSpec(sandbox), accountId: "12" }, "create", null))).rejects.toThrow(
      /the invocation payload is invalid:\n {2}- spec\.accountId must be a 12-digit AWS account ID/,
    );
    await expect(invoke({ ...sandboxSpec(sandbox), tf: { action: "destroy" } })).rejects.toThrow(/tf\.action/);
  });
});

describe("the bundled Lambda (dist/lambda/index.js) with Secrets Manager", () => {
  let sandbox: Sandbox;
  let secrets: Server;
  const secretRequests: string[] = [];
  const saved = { ...process.env };
  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist/lambda/index.js"))) {
      execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT });
    }
    sandbox = await startSandbox({ token: CANARY_TOKEN, sourceDelayMs: 20 });
    // A minimal Secrets Manager: GetSecretValue over AWS JSON 1.1, as the SDK speaks it.
    secrets = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        secretRequests.push(`${request.headers["x-amz-target"]} ${body}`);
        const { SecretId } = JSON.parse(body) as { SecretId: string };
        response.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        response.end(
          JSON.stringify({ ARN: SecretId, Name: "snyk-token", SecretString: JSON.stringify({ token: CANARY_TOKEN }) }),
        );
      });
    });
    await new Promise<void>((resolve) => secrets.listen(0, "127.0.0.1", resolve));
    Object.assign(process.env, sandbox.env, {
      SNYK_TOKEN: "",
      SNYK_TOKEN_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:snyk-token-AbCdEf",
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`,
    });
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) {
      if (!(key in saved)) {
        delete process.env[key];
      }
    }
    Object.assign(process.env, saved);
    await sandbox.close();
    await new Promise<void>((resolve) => secrets.close(() => resolve()));
  });

  test("index.handler reconciles and removes, reading the secret once per container", async () => {
    // GIVEN
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(join(ROOT, "dist/lambda/index.js")) as {
      handler: (event: unknown) => Promise<InvocationResult>;
    };
    const spec = sandboxSpec(sandbox);
    // WHEN
    const created = await bundle.handler(payload(spec, "create", null));
    const deleted = await bundle.handler(payload(spec, "delete", spec));
    // THEN
    expect(created).toEqual(
      expect.objectContaining({
        actions: ["create"],
        partnerSourceName: `aws.partner/snyk.io/org_${spec.orgId}/issues`,
      }),
    );
    expect(deleted).toEqual(expect.objectContaining({ actions: ["delete"] }));
    expect(secretRequests).toEqual([
      `secretsmanager.GetSecretValue {"SecretId":"arn:aws:secretsmanager:us-east-1:123456789012:secret:snyk-token-AbCdEf"}`,
    ]);
    expect(JSON.stringify([created, deleted])).not.toContain(CANARY_TOKEN);
  });
});
