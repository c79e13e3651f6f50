import { PassThrough } from "node:stream";
import { version } from "../../../package.json";
import { runCli } from "../../../src/cli/main";
import { ExitCode } from "../../../src/cli/exit-codes";

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await runCli({
    argv,
    env: {},
    stdout,
    stderr,
    stdin: new PassThrough(),
    signal: new AbortController().signal,
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe("snyk-eventbridge command line", () => {
  test("--version prints the package version", async () => {
    // WHEN
    const result = await run(["--version"]);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toBe(`${version}\n`);
  });

  test("--help lists the exit codes and the token variable", async () => {
    // WHEN
    const result = await run(["--help"]);
    // THEN
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toMatch(/Usage:/);
    expect(result.stdout).toMatch(/3 {2}status found drift/);
    expect(result.stdout).toMatch(/SNYK_TOKEN/);
  });

  test("no arguments prints usage and exits 2", async () => {
    // WHEN
    const result = await run([]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stdout).toMatch(/Usage:/);
  });

  test("an unknown verb names it and exits 2", async () => {
    // WHEN
    const result = await run(["frobnicate"]);
    // THEN
    expect(result.code).toBe(ExitCode.INVALID_INPUT);
    expect(result.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
