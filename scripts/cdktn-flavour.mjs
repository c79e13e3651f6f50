// Builds the CDK Terrain flavour of the constructs: `dist/cdktn/`, exported as `snyk-eventbridge/cdktn`.
// CDKTF is archived and its fork CDK Terrain (`cdktn`, `@cdktn/provider-aws`) keeps the same API and deep import
// paths, but its provider bindings require `cdktn` by name, so aliasing `cdktf` to it cannot work. This copies the
// compiled entry and `modules/` (the only code that imports cdktf) into `dist/cdktn/`, points their cdktf imports
// at the cdktn packages, and points their relative imports of the runtime (`src/`, which never imports cdktf)
// back at the one compiled copy, so both flavours share it.
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const dist = resolve(process.argv[2] ?? "dist");
const out = join(dist, "cdktn");
const PACKAGES = [
  [/^cdktf$/, () => "cdktn"],
  [/^@cdktf\/provider-aws(\/.*)?$/, (rest) => `@cdktn/provider-aws${rest ?? ""}`],
];
// require("x"), from "x", import("x"): the forms tsc emits in .js and .d.ts files.
const SPECIFIER = /(\brequire\(|\bfrom\s+|\bimport\()(["'])([^"']+)\2/g;

function filesUnder(folder) {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function rewrite(text, fromFile, toFile, copied) {
  return text.replace(SPECIFIER, (whole, lead, quote, specifier) => {
    for (const [pattern, replace] of PACKAGES) {
      const match = pattern.exec(specifier);
      if (match !== null) {
        return `${lead}${quote}${replace(match[1])}${quote}`;
      }
    }
    if (!specifier.startsWith(".")) {
      return whole;
    }
    const target = resolve(dirname(fromFile), specifier);
    if (copied.some((root) => target === root || target.startsWith(`${root}/`) || target.startsWith(`${root}.`))) {
      return whole;
    }
    let moved = relative(dirname(toFile), target);
    if (!moved.startsWith(".")) {
      moved = `./${moved}`;
    }
    return `${lead}${quote}${moved}${quote}`;
  });
}

const roots = [join(dist, "index"), join(dist, "modules")];
const sources = [
  ...["index.js", "index.d.ts"].map((file) => join(dist, file)),
  ...filesUnder(join(dist, "modules")).filter((file) => /\.(js|d\.ts)$/.test(file)),
];
rmSync(out, { recursive: true, force: true });
for (const source of sources) {
  const target = join(out, relative(dist, source));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, rewrite(readFileSync(source, "utf8"), source, target, roots));
}
