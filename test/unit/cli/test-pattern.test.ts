import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ExitCode } from "../../../src/cli/exit-codes";
import { SAMPLE_AUDIT_EVENTS, SAMPLE_ISSUE_EVENTS } from "../../../src/events/sample-events";
import { SnykPatterns } from "../../../src/events/snyk-patterns";
import { type CliRun, runCliInProcess } from "../../helpers/run-cli";

const CANARY = "snyk-token-canary-7f3a9c1e";
const ROOT = resolve(__dirname, "../../..");
const BUNDLE = join(ROOT, "dist/bin/snyk-eventbridge.js");

let dir: string;
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function run(argv: string[], stdinText?: string): Promise<CliRun> {
  const result = await runCliInProcess(argv, { env: { SNYK_TOKEN: CANARY }, stdin: stdinText });
  expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);
  return result;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "test-pattern-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("test-pattern (in process)", () => {
  test("exits 0 and prints match when the event matches", async () => {
    // GIVEN a high-severity rule and a critical issue
    const pattern = file("high.json", SnykPatterns.severityAtLeast("high"));
    const event = file("critical.json", SAMPLE_ISSUE_EVENTS.criticalWithFixCreated);
    // WHEN
    const result = await run(["test-pattern", "--pattern", pattern, "--event", event]);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toBe("match\n");
    expect(result.stderr).toBe("");
  });

  test("exits 1 and names the fields that failed when it does not match", async () => {
    // GIVEN
    const pattern = file("high.json", SnykPatterns.severityAtLeast("high"));
    const event = file("low.json", SAMPLE_ISSUE_EVENTS.lowNoFixUpdated);
    // WHEN
    const result = await run(["test-pattern", "--pattern", pattern, "--event", event]);
    // THEN
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stdout).toBe("no match\n");
    expect(result.stderr).toContain("detail.severity_id");
  });

  test("--json prints the outcome as JSON", async () => {
    // GIVEN
    const pattern = file("sensitive.json", SnykPatterns.sensitiveAuditActions());
    const event = file("api.json", SAMPLE_AUDIT_EVENTS.apiAccessed);
    // WHEN
    const result = await run(["test-pattern", "--pattern", pattern, "--event", event, "--json"]);
    // THEN
    expect(result.code).toBe(ExitCode.FAILED);
    expect(JSON.parse(result.stdout)).toEqual({ matches: false, failedFields: ["detail.event"] });
  });

  test("exits 2 with EventBridge's reason on stderr for an invalid pattern", async () => {
    // GIVEN
    const pattern = file("bad.json", { detail: { severity_id: [{ numeric: [">", 0, ">", 0] }] } });
    const event = file("e.json", SAMPLE_ISSUE_EVENTS.highNoFixCreated);
    // WHEN
    const result = await run(["test-pattern", "--pattern", pattern, "--event", event, "--json"]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toContain("Event pattern is not valid. Reason: Bad numeric range operator: >");
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      reason: "Event pattern is not valid. Reason: Bad numeric range operator: >",
    });
  });

  test("reads the event from standard input with -", async () => {
    // GIVEN
    const pattern = file("fix.json", SnykPatterns.fixAvailable());
    // WHEN
    const result = await run(
      ["test-pattern", "--pattern", pattern, "--event", "-"],
      JSON.stringify(SAMPLE_ISSUE_EVENTS.highWithFixUpdated),
    );
    // THEN
    expect(result.code).toBe(ExitCode.OK);
  });

  test.each<[string, () => string[], RegExp]>([
    ["a missing --event", () => ["--pattern", file("p.json", { source: ["x"] })], /--event FILE is required/],
    [
      "a missing file",
      () => ["--pattern", join(dir, "nope.json"), "--event", join(dir, "nope2.json")],
      /cannot read --pattern .*nope\.json \(ENOENT\)/,
    ],
    [
      "a file that is not JSON",
      () => ["--pattern", file("p.txt", "source: x"), "--event", file("e2.json", {})],
      /--pattern .*p\.txt is not valid JSON/,
    ],
    [
      "an event that is not an object",
      () => ["--pattern", file("p2.json", { source: ["x"] }), "--event", file("e3.json", [1])],
      /must hold a JSON object/,
    ],
    ["an unknown flag", () => ["--pattern", "a", "--event", "b", "--verbose"], /unknown flag "--verbose"/],
    ["both from standard input", () => ["--pattern", "-", "--event", "-"], /only one of --pattern and --event/],
  ])("exits 2 for %s, saying what to fix", async (_label, argv, message) => {
    // GIVEN / WHEN
    const result = await run(["test-pattern", ...argv()]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(message);
  });

  test("--help explains flags and exit codes, and the verb is listed in the tool's help", async () => {
    // GIVEN / WHEN
    const help = await run(["test-pattern", "--help"]);
    const top = await run(["--help"]);
    // THEN
    expect(help.code).toBe(ExitCode.OK);
    expect(help.stdout).toMatch(/--pattern FILE/);
    expect(help.stdout).toMatch(/2 {2}the pattern is invalid/);
    expect(top.stdout).toMatch(/test-pattern\s+test an EventBridge event pattern/);
  });
});

describe("test-pattern (built CLI, real process)", () => {
  beforeAll(() => {
    // `npm test` bundles first; build here only when run alone with a missing or older bundle.
    if (!existsSync(BUNDLE) || !readFileSync(BUNDLE, "utf8").includes("test-pattern")) {
      execFileSync(process.execPath, ["scripts/bundle.mjs"], { cwd: ROOT });
    }
  });

  test("exit codes 0, 1 and 2 come through the real process", async () => {
    // GIVEN
    const exec = promisify(execFile);
    const pattern = file("real-high.json", SnykPatterns.severityAtLeast("high"));
    const invalid = file("real-bad.json", { detail: [] });
    const critical = file("real-critical.json", SAMPLE_ISSUE_EVENTS.criticalWithFixCreated);
    const low = file("real-low.json", SAMPLE_ISSUE_EVENTS.lowNoFixUpdated);
    const env = { ...process.env, SNYK_TOKEN: CANARY };
    const code = async (args: string[]): Promise<{ code: number; stderr: string }> => {
      try {
        await exec(process.execPath, [BUNDLE, "test-pattern", ...args], { env });
        return { code: 0, stderr: "" };
      } catch (error) {
        const failure = error as { code: number; stderr: string };
        return { code: failure.code, stderr: failure.stderr };
      }
    };
    // WHEN
    const [matched, missed, rejected] = await Promise.all([
      code(["--pattern", pattern, "--event", critical]),
      code(["--pattern", pattern, "--event", low]),
      code(["--pattern", invalid, "--event", low]),
    ]);
    // THEN
    expect(matched.code).toBe(0);
    expect(missed.code).toBe(1);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain("Event pattern is not valid. Reason: Empty arrays are not allowed");
    expect(rejected.stderr).not.toContain(CANARY);
  });
});
