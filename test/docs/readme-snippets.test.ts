import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** The README's TypeScript blocks. */
function readmeSnippets(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** Runs a snippet with its package import pointed at this checkout; returns its scratch directory and output. */
function runSnippet(code: string): { dir: string; stdout: string } {
  // Inside the repository, so the snippet resolves cdktf and the provider from this checkout's node_modules.
  const dir = mkdtempSync(join(ROOT, "test", "docs", ".snippet-"));
  const file = join(dir, "snippet.ts");
  const entry = relative(dir, join(ROOT, "index")).split("\\").join("/");
  writeFileSync(file, code.replace(/from "snyk-eventbridge"/g, `from "${entry}"`));
  const stdout = execFileSync(process.execPath, ["--import", "tsx", file], {
    cwd: dir,
    env: { PATH: process.env.PATH, CDKTF_OUTDIR: join(dir, "cdktf.out") },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  return { dir, stdout };
}

describe("README code", () => {
  const snippets = readmeSnippets();
  const construct = snippets.find((code) => code.includes("new SnykEventBridgeIntegration("));
  const offline = snippets.find((code) => code.includes("validateEventPattern("));

  test("the construct example synthesizes the integration as written", () => {
    // GIVEN
    expect(construct).toBeDefined();
    // WHEN
    const { dir } = runSnippet(construct as string);
    try {
      // THEN
      const synthesized = readFileSync(join(dir, "cdktf.out", "stacks", "security", "cdk.tf.json"), "utf8");
      expect(synthesized).toContain('"aws_cloudwatch_event_bus"');
      expect(synthesized).toContain('"terraform_data"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("the offline pattern example runs as written", () => {
    // GIVEN
    expect(offline).toBeDefined();
    // WHEN
    const { dir, stdout } = runSnippet(offline as string);
    rmSync(dir, { recursive: true, force: true });
    // THEN the builder's pattern selects the high and critical samples, as the README says
    expect(stdout.trim()).toBe("3 of the sample issue events are high or critical");
  }, 60_000);
});
