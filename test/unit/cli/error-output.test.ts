import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ExitCode } from "../../../src/cli/exit-codes";
import { type CliRun, runCliInProcess } from "../../helpers/run-cli";

const CANARY_TOKEN = "canary-r2-error-output-9f8e7d";

const SPEC = JSON.stringify({
  orgId: "b3f1c9a2-5d7e-4c1a-9f3b-2e8d6a4c0f11",
  groupId: "4a7e2c10-93b5-4f6d-8e21-c5d0b9a1f374",
  name: "error output",
  eventType: "issues",
  accountId: "123456789012",
  region: "us-east-1",
});

function run(argv: string[], options: { env?: Record<string, string>; signal?: AbortSignal } = {}): Promise<CliRun> {
  return runCliInProcess(argv, options);
}

describe("command-line error output", () => {
  test("a flag error names the verb once and points at the verb's help", async () => {
    // WHEN
    const result = await run(["reconcile", "--bogus"]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'snyk-eventbridge reconcile: unknown flag "--bogus". Flags: --spec, --spec-env, --json, --progress; ' +
        "see 'snyk-eventbridge reconcile --help'.\n",
    );
  });

  test("a flag spelt with capitals is reported as an unknown flag, not as a stray argument", async () => {
    // WHEN
    const result = await run(["status", "--Spec", "spec.json"]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/^snyk-eventbridge status: unknown flag "--Spec"\./);
  });

  test.each([
    ["--spec=", ["delete", "--spec="], "--spec"],
    ["--spec-env ''", ["status", "--spec-env", ""], "--spec-env"],
    ["--token=", ["sandbox", "--token="], "--token"],
  ])("an empty value (%s) is refused naming the flag", async (_label, argv, flag) => {
    // WHEN
    const result = await run(argv);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toBe(
      `snyk-eventbridge ${argv[0]}: ${flag} needs a value (got an empty one). ` +
        `See 'snyk-eventbridge ${argv[0]} --help'.\n`,
    );
  });

  test("a missing value names the flag once", async () => {
    // WHEN
    const result = await run(["test-pattern", "--pattern"]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/^snyk-eventbridge test-pattern: --pattern needs a value\. See '/);
  });

  test("every verb's help ends with examples", async () => {
    for (const verb of ["reconcile", "delete", "status", "sandbox", "test-pattern", "sandbox-apply"]) {
      // WHEN
      const result = await run(["help", verb]);
      // THEN
      expect(result.code).toBe(ExitCode.OK);
      expect(result.stdout).toMatch(new RegExp(`Examples?:\\n {2}snyk-eventbridge ${verb} `));
    }
  });

  describe("interrupted by a signal", () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      // Holds every request unanswered, so the verb is still waiting when the signal comes.
      server = createServer((_request: IncomingMessage, _response: ServerResponse) => undefined);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    test("says it was interrupted and how to finish, exits 1 and never shows the token", async () => {
      // GIVEN
      const controller = new AbortController();
      const env = {
        SNYK_TOKEN: CANARY_TOKEN,
        SNYK_API_URL: url,
        AWS_ENDPOINT_URL_EVENTBRIDGE: url,
        AWS_ACCESS_KEY_ID: "AKIAEXAMPLEEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "example-secret",
        SPEC,
      };
      setTimeout(() => controller.abort(new Error("interrupted")), 100);
      // WHEN
      const result = await run(["status", "--spec-env", "SPEC", "--json"], { env, signal: controller.signal });
      // THEN
      expect(result.code).toBe(ExitCode.FAILED);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        "snyk-eventbridge status: interrupted before it finished; what was done stays done. " +
          "Run the same command again to finish.\n",
      );
      expect(result.stderr).not.toContain(CANARY_TOKEN);
    });
  });
});
