import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import { ENV } from "../../../src/consts";
import { CLI_BUNDLE, runInProcess, runProcess } from "./cli-fixture";

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const end = buffered.indexOf("\n");
      if (end >= 0) {
        resolve(buffered.slice(0, end));
      }
    });
    child.on("close", (code) => reject(new Error(`sandbox exited with ${code} before printing its line`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("sandbox verb", () => {
  test("prints one JSON line whose env lets a second process reconcile, and stops cleanly on SIGTERM", async () => {
    // GIVEN
    const child = spawn(
      process.execPath,
      [CLI_BUNDLE, "sandbox", "--json", "--token", "sandbox-token-demo", "--source-delay-ms", "20"],
      {
        env: { PATH: process.env.PATH },
      },
    );
    const exited = exitOf(child);
    try {
      // WHEN
      const ready = JSON.parse(await firstLine(child)) as {
        snykApiUrl: string;
        awsEndpoint: string;
        env: Record<string, string>;
      };
      // THEN
      expect(ready.snykApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.awsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.keys(ready.env)).toEqual(
        expect.arrayContaining([
          "SNYK_API_URL",
          "SNYK_TOKEN",
          "AWS_ENDPOINT_URL_EVENTBRIDGE",
          "AWS_REGION",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
        ]),
      );
      expect(ready.env.SNYK_TOKEN).toBe("sandbox-token-demo");
      const spec = {
        orgId: randomUUID(),
        groupId: randomUUID(),
        name: "from a second shell",
        eventType: "audit",
        accountId: "123456789012",
        region: ready.env.AWS_REGION,
        wait: { timeoutSeconds: 10, minDelayMs: 10, maxDelayMs: 100 },
      };
      const reconciled = await runProcess(["reconcile", "--spec-env", ENV.SPEC, "--json"], {
        ...ready.env,
        [ENV.SPEC]: JSON.stringify(spec),
      });
      expect(reconciled.code).toBe(0);
      expect(JSON.parse(reconciled.stdout).partnerSourceName).toBe(`aws.partner/snyk.io/org_${spec.orgId}/audit`);
    } finally {
      child.kill("SIGTERM");
    }
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toBe("Sandbox stopped.\n");
  });

  test("--snyk-api documented: a second process's cloud-events reconcile gets Snyk's refusal and exits 1", async () => {
    // GIVEN
    const child = spawn(process.execPath, [CLI_BUNDLE, "sandbox", "--json", "--snyk-api", "documented"], {
      env: { PATH: process.env.PATH },
    });
    const exited = exitOf(child);
    try {
      const ready = JSON.parse(await firstLine(child)) as { env: Record<string, string> };
      const spec = {
        orgId: randomUUID(),
        groupId: randomUUID(),
        name: "assumed registration",
        eventType: "issues",
        accountId: "123456789012",
        region: ready.env.AWS_REGION,
      };
      // WHEN
      const reconciled = await runProcess(["reconcile", "--spec-env", ENV.SPEC], {
        ...ready.env,
        [ENV.SPEC]: JSON.stringify(spec),
      });
      // THEN
      expect(reconciled.code).toBe(1);
      expect(reconciled.stderr).toMatch(
        /^snyk-eventbridge reconcile: Snyk did not accept the registration of an Amazon EventBridge integration for org /,
      );
      expect(reconciled.stderr).toContain('set "profile": "existing" in the spec');
    } finally {
      child.kill("SIGTERM");
    }
    expect((await exited).code).toBe(0);
  });

  test("invalid flags exit 2 naming the flag", async () => {
    // WHEN
    const run = await runInProcess(["sandbox", "--snyk-port", "99999"], {});
    const mode = await runInProcess(["sandbox", "--snyk-api", "real"], {});
    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--snyk-port must be a whole number from 0 to 65535/);
    expect(mode.code).toBe(2);
    expect(mode.stderr).toBe('snyk-eventbridge sandbox: --snyk-api must be one of assumed, documented (got "real").\n');
  });
});
