import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The package as users get it: built into a staging folder exactly as `npm pack` would (without touching this
 * checkout's `dist/`, which other suites run from), packed, and installed into brand-new projects, one on CDKTF and
 * one on CDK Terrain, beside the peer dependencies a user of each would install. The README's construct example is
 * then type-checked and synthesized in each, the CDK Terrain one with only the renames docs/cdk-terrain.md documents.
 */
const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  files: string[];
};

const FLAVOURS = {
  cdktf: { peers: ["cdktf@0.21.0", "@cdktf/provider-aws@20.1.0", "constructs@10.7.0"], entry: PACKAGE.name },
  cdktn: { peers: ["cdktn@0.24.0", "@cdktn/provider-aws@25.7.0", "constructs@10.7.0"], entry: `${PACKAGE.name}/cdktn` },
} as const;

function run(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false", npm_config_update_notifier: "false" },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
}

/** Builds the package into a staging folder and packs it; returns the tarball's path. */
function packStaged(work: string): string {
  const stage = join(work, "stage");
  mkdirSync(stage);
  for (const file of ["package.json", "README.md", "LICENSE", "CHANGELOG.md"]) {
    cpSync(join(ROOT, file), join(stage, file));
  }
  run(join(BIN, "tsc"), ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(stage, "dist")], ROOT);
  run(process.execPath, [join(ROOT, "scripts", "cdktn-flavour.mjs"), join(stage, "dist")], ROOT);
  // The runtime bundles were built by `npm test` before jest started (scripts/bundle.mjs).
  for (const bundle of ["bin", "lambda"]) {
    cpSync(join(ROOT, "dist", bundle), join(stage, "dist", bundle), { recursive: true });
  }
  const [packed] = JSON.parse(
    run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], stage),
  ) as {
    filename: string;
  }[];
  return join(work, packed.filename);
}

function tarballFiles(tarball: string): string[] {
  return run("tar", ["-tzf", tarball], ROOT)
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/^package\//, ""));
}

/** A new project with the tarball and the flavour's peers installed, and the README example rewritten for it. */
function newProject(work: string, tarball: string, flavour: keyof typeof FLAVOURS): string {
  const dir = join(work, flavour);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `${flavour}-app`, version: "1.0.0", private: true }));
  run("npm", ["install", "--no-audit", "--no-fund", tarball, ...FLAVOURS[flavour].peers], dir);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const example = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .find((code) => code.includes("new SnykEventBridgeIntegration("));
  expect(example).toBeDefined();
  const code =
    flavour === "cdktf"
      ? (example as string)
      : (example as string)
          .replace(/from "cdktf"/g, 'from "cdktn"')
          .replace(/from "@cdktf\/provider-aws\//g, 'from "@cdktn/provider-aws/')
          .replace(/from "snyk-eventbridge"/g, `from "${FLAVOURS.cdktn.entry}"`);
  writeFileSync(join(dir, "main.ts"), code);
  // The compiler options `cdktf init --template=typescript` writes.
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        alwaysStrict: true,
        declaration: true,
        experimentalDecorators: true,
        lib: ["es2018"],
        module: "CommonJS",
        noEmitOnError: true,
        noImplicitAny: true,
        noImplicitReturns: true,
        noUnusedLocals: true,
        noUnusedParameters: true,
        resolveJsonModule: true,
        strict: true,
        stripInternal: true,
        target: "ES2018",
        skipLibCheck: true,
        types: [],
        outDir: "out",
      },
      files: ["main.ts"],
    }),
  );
  return dir;
}

describe("the packed package", () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "snyk-eventbridge-pack-"));
    tarball = packStaged(work);
  }, 240_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  test("ships the license, the changelog and both flavours, and no source maps", () => {
    // GIVEN / WHEN the tarball's file list
    const files = tarballFiles(tarball);
    // THEN
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "CHANGELOG.md", "README.md", "package.json"]));
    expect(files).toEqual(
      expect.arrayContaining(["dist/index.js", "dist/cdktn/index.js", "dist/bin/snyk-eventbridge.js"]),
    );
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
  });

  test.each(Object.keys(FLAVOURS) as (keyof typeof FLAVOURS)[])(
    "installs into a new %s project beside the user's own peers and synthesizes the README example",
    (flavour) => {
      // GIVEN a new project with the tarball and the peers a user of this flavour installs
      const dir = newProject(work, tarball, flavour);
      // THEN no second copy of the CDK or the provider bindings was nested inside our package
      const nested = join(dir, "node_modules", PACKAGE.name, "node_modules");
      const nestedPackages = existsSync(nested) ? readdirSync(nested) : [];
      expect(nestedPackages.filter((name) => /^(cdktf|cdktn|constructs|@cdktf|@cdktn)$/.test(name))).toEqual([]);
      // WHEN the README example is type-checked against the installed declarations and run
      run(join(BIN, "tsc"), ["-p", join(dir, "tsconfig.json")], dir);
      run(process.execPath, [join(dir, "out", "main.js")], dir);
      // THEN it synthesized the integration with the bindings of that flavour
      const synthesized = JSON.parse(
        readFileSync(join(dir, "cdktf.out", "stacks", "security", "cdk.tf.json"), "utf8"),
      ) as { terraform: { required_providers: { aws: { version: string } } }; resource: Record<string, unknown> };
      expect(Object.keys(synthesized.resource)).toEqual(
        expect.arrayContaining(["aws_cloudwatch_event_bus", "aws_cloudwatch_event_rule", "terraform_data"]),
      );
      expect(synthesized.terraform.required_providers.aws.version).toMatch(flavour === "cdktf" ? /^5\./ : /^6\./);
    },
    240_000,
  );
});
