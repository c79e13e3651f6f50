import { version } from "../../../package.json";
import { ExitCode } from "../../../src/cli/exit-codes";
import { type CliRun, runCliInProcess } from "../../helpers/run-cli";

function run(argv: string[]): Promise<CliRun> {
  return runCliInProcess(argv);
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
