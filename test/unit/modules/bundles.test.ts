import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { locateBundle } from "../../../modules/private/bundles";
import { ValidationError } from "../../../src/errors";

describe("locateBundle", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "bundles-"));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test("finds the CLI next to the built package (dist/modules/private -> dist/bin)", () => {
    // GIVEN
    const moduleDir = path.join(root, "pkg", "dist", "modules", "private");
    mkdirSync(moduleDir, { recursive: true });
    // tsc copies package.json into dist/ when code imports it: the search must not stop there
    writeFileSync(path.join(root, "pkg", "dist", "package.json"), "{}");
    mkdirSync(path.join(root, "pkg", "dist", "bin"), { recursive: true });
    writeFileSync(path.join(root, "pkg", "dist", "bin", "snyk-eventbridge.js"), "");
    // WHEN
    const found = locateBundle("cli", moduleDir);
    // THEN
    expect(found).toBe(path.join(root, "pkg", "dist", "bin", "snyk-eventbridge.js"));
  });

  test("finds the Lambda bundle from the repository layout (modules/private -> dist/lambda)", () => {
    // GIVEN
    const moduleDir = path.join(root, "repo", "modules", "private");
    mkdirSync(moduleDir, { recursive: true });
    mkdirSync(path.join(root, "repo", "dist", "lambda"), { recursive: true });
    // WHEN
    const found = locateBundle("lambda", moduleDir);
    // THEN
    expect(found).toBe(path.join(root, "repo", "dist", "lambda"));
  });

  test("finds the CLI from the CDK Terrain flavour (dist/cdktn/modules/private -> dist/bin)", () => {
    // GIVEN a package whose cdktn flavour sits one level deeper than the cdktf one
    const moduleDir = path.join(root, "flavour", "dist", "cdktn", "modules", "private");
    mkdirSync(moduleDir, { recursive: true });
    mkdirSync(path.join(root, "flavour", "dist", "bin"), { recursive: true });
    writeFileSync(path.join(root, "flavour", "dist", "bin", "snyk-eventbridge.js"), "");
    // WHEN
    const found = locateBundle("cli", moduleDir);
    // THEN
    expect(found).toBe(path.join(root, "flavour", "dist", "bin", "snyk-eventbridge.js"));
  });

  test("a missing bundle is a ValidationError that says to run npm run build", () => {
    // GIVEN
    const moduleDir = path.join(root, "node_modules", "empty", "modules", "private");
    mkdirSync(moduleDir, { recursive: true });
    // WHEN
    const locate = (): string => locateBundle("cli", moduleDir);
    // THEN
    expect(locate).toThrow(ValidationError);
    expect(locate).toThrow(
      /ProvisionerHost\.local\(\) needs the bundle bin\/snyk-eventbridge\.js.*run `npm run build` first/,
    );
  });
});
