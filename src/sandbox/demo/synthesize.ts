import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ValidationError } from "../../errors";

const run = promisify(execFile);

/** Options of {@link synthesizeApp}. */
export interface SynthesizeOptions {
  /** The cdktf app's entry file (for example the repository's `main.ts` or `examples/<name>/main.ts`). */
  readonly appFile: string;
  /** The directory the app is run from (where `tsx` is installed). */
  readonly cwd: string;
  /** Where cdktf writes the synthesized output (`CDKTF_OUTDIR`). */
  readonly outdir: string;
  /**
   * Extra environment of the app (settings variables). The app does not inherit this process's environment,
   * apart from `PATH` and `HOME`, so a shell's `SNYK_EVENTBRIDGE_*` or AWS variables cannot change what is
   * synthesized, and the Snyk token is never handed to synth.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Limit for the synth.
   * @default - 120000 (2 minutes)
   */
  readonly timeoutMs?: number;
}

/** One synthesized stack. */
export interface SynthesizedStack {
  /** The stack's name (its folder under `stacks/`). */
  readonly name: string;
  /** `<outdir>/stacks/<name>`: `cdk.tf.json` and `assets/`. */
  readonly dir: string;
}

/**
 * Synthesizes a cdktf app the way `cdktf synth` runs it (`npx tsx main.ts` with `CDKTF_OUTDIR`), in a child
 * process: `src/` never imports cdktf, so the app runs in its own process. Without a type-checking compile
 * step, as `npm run synth` does.
 *
 * @throws ValidationError when the app fails or synthesizes no stack, with its output
 */
export async function synthesizeApp(options: SynthesizeOptions): Promise<SynthesizedStack[]> {
  const env: Record<string, string> = {
    CDKTF_OUTDIR: options.outdir,
    ...pick(process.env, ["PATH", "HOME", "TMPDIR", "SYSTEMROOT"]),
    ...options.env,
  };
  try {
    await run(process.execPath, ["--import", "tsx", options.appFile], {
      cwd: options.cwd,
      env,
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = ((error as { stderr?: string }).stderr ?? "").trim();
    throw new ValidationError(
      `Synthesizing ${options.appFile} failed${stderr === "" ? `: ${(error as Error).message}` : `:\n${stderr}`}\n` +
        "Fix the app or its settings (run `npm run synth` to see the same output).",
      [{ field: options.appFile, rule: "must synthesize" }],
      { cause: error },
    );
  }
  const stacksDir = join(options.outdir, "stacks");
  const names = existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [];
  if (names.length === 0) {
    throw new ValidationError(`${options.appFile} synthesized no stack into ${stacksDir}: declare a TerraformStack.`, [
      { field: options.appFile, rule: "must declare at least one stack" },
    ]);
  }
  return names.map((name) => ({ name, dir: join(stacksDir, name) }));
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) {
      picked[name] = value;
    }
  }
  return picked;
}
