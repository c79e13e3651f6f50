import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { integerFlag, parseFlags } from "../../../src/cli/cli-flags";
import { createProgressOutput } from "../../../src/cli/progress-output";
import { loadSpec } from "../../../src/cli/spec-input";
import { ValidationError } from "../../../src/errors";
import { specInput } from "./fake-world";

const FLAGS = { spec: { type: "string" }, json: { type: "boolean" }, port: { type: "string", short: "p" } } as const;

describe("CLI flags", () => {
  test("reads switches, values and --name=value", () => {
    // WHEN
    const flags = parseFlags("reconcile", ["--json", "--spec", "a.json", "-p", "5"], FLAGS);
    const inline = parseFlags("reconcile", ["--spec=b.json"], FLAGS);
    // THEN
    expect(flags).toEqual({ json: true, spec: "a.json", port: "5" });
    expect(inline).toEqual({ spec: "b.json" });
  });

  test("unknown flags, missing values and stray arguments are named (stray text is not echoed)", () => {
    // THEN
    expect(() => parseFlags("reconcile", ["--token", "x"], FLAGS)).toThrow(/unknown flag "--token"/);
    expect(() => parseFlags("reconcile", ["--spec"], FLAGS)).toThrow(
      "--spec needs a value. See 'snyk-eventbridge reconcile --help'.",
    );
    expect(() => parseFlags("reconcile", ["--json=yes"], FLAGS)).toThrow("--json takes no value");
    let message = "";
    try {
      parseFlags("reconcile", ["canary-stray-token"], FLAGS);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/unexpected argument #1/);
    expect(message).not.toContain("canary-stray-token");
  });

  test("integer flags are range-checked", () => {
    // THEN
    expect(integerFlag("snyk-port", "8080", 0, 65535)).toBe(8080);
    expect(integerFlag("snyk-port", undefined, 0, 65535)).toBeUndefined();
    expect(() => integerFlag("snyk-port", "70000", 0, 65535)).toThrow(
      "--snyk-port must be a whole number from 0 to 65535",
    );
    expect(() => integerFlag("snyk-port", "1e3", 0, 65535)).toThrow(ValidationError);
  });
});

describe("spec input", () => {
  const dir = mkdtempSync(join(tmpdir(), "spec-input-"));
  const io = (env: Record<string, string> = {}, stdinText = "") => {
    const stdin = new PassThrough();
    stdin.end(stdinText);
    return { env, stdin };
  };

  test("from a file, standard input and an environment variable", async () => {
    // GIVEN
    const file = join(dir, "spec.json");
    writeFileSync(file, JSON.stringify(specInput()));
    // WHEN
    const fromFile = await loadSpec({ spec: file }, io());
    const fromStdin = await loadSpec({ spec: "-" }, io({}, JSON.stringify(specInput({ name: "stdin" }))));
    const fromEnv = await loadSpec({ specEnv: "SPEC" }, io({ SPEC: JSON.stringify(specInput({ name: "env" })) }));
    // THEN
    expect([fromFile.name, fromStdin.name, fromEnv.name]).toEqual(["prod issues", "stdin", "env"]);
  });

  test("exactly one source, readable, JSON, valid; each failure is a ValidationError saying what to do", async () => {
    // THEN
    await expect(loadSpec({}, io())).rejects.toThrow(/^exactly one of --spec FILE .* is required\.$/);
    await expect(loadSpec({ spec: "a", specEnv: "B" }, io())).rejects.toThrow(/exactly one/);
    await expect(loadSpec({ spec: join(dir, "missing.json") }, io())).rejects.toThrow(/does not exist/);
    await expect(loadSpec({ specEnv: "NOPE" }, io())).rejects.toThrow("the spec in $NOPE is empty: set NOPE");
    await expect(loadSpec({ spec: "-" }, io({}, "{not json"))).rejects.toThrow(/standard input is not valid JSON/);
    await expect(loadSpec({ spec: "-" }, io({}, JSON.stringify(specInput({ region: "mars" }))))).rejects.toThrow(
      /spec\.region must be an AWS region code/,
    );
  });
});

describe("progress output", () => {
  test("silent when not a terminal unless forced; forced output drops repeated lines", () => {
    // GIVEN
    const quiet = new PassThrough();
    const forced = new PassThrough();
    const chunks: string[] = [];
    forced.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const quietChunks: string[] = [];
    quiet.on("data", (chunk: Buffer) => quietChunks.push(chunk.toString()));
    // WHEN
    createProgressOutput(quiet, false).report({ phase: "observe", message: "hello" });
    const progress = createProgressOutput(forced, true);
    progress.report({ phase: "wait", message: "waiting 1 s" });
    progress.report({ phase: "wait", message: "waiting 1 s" });
    progress.report({ phase: "done", message: "done" });
    progress.finish();
    // THEN
    expect(quietChunks).toEqual([]);
    expect(chunks.join("")).toBe("waiting 1 s\ndone\n");
  });
});
