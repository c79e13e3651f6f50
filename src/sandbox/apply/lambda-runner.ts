import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ApplyError } from "./apply-error";
import type { Attributes, ApplyEvent } from "./resource-handler";
import { extractZip } from "./zip-reader";

/** Environment variables passed from the apply's environment to a function: how it reaches the sandbox. */
const PASSED_THROUGH =
  /^(AWS_ENDPOINT_URL(_[A-Z_]+)?|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|PATH|NODE_EXTRA_CA_CERTS)$/;

/**
 * Runs a function's handler once with one payload, as the Lambda Node.js runtime would: the package (a zip
 * asset, or a directory) unpacked in a scratch directory, `<file>.<export>` from `handler` loaded in a child
 * `node` process whose environment is the function's `environment.variables`, the Lambda runtime variables
 * and the AWS endpoint/credential variables of the apply (never anything else of it, in particular not
 * `SNYK_TOKEN`: a real function has no access to the machine that runs Terraform).
 *
 * @returns the handler's return value serialized as JSON, as Lambda's RequestResponse payload
 */
export async function invokeHandler(options: {
  readonly address: string;
  readonly fn: Attributes;
  readonly payload: string;
  readonly stackDir: string;
  readonly region: string;
  readonly accountId: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly emit: (event: ApplyEvent) => void;
  readonly signal?: AbortSignal;
}): Promise<string> {
  const { address, fn } = options;
  const name = String(fn.function_name);
  const runtime = typeof fn.runtime === "string" ? fn.runtime : "";
  if (!runtime.startsWith("nodejs")) {
    throw new ApplyError(
      address,
      `the function ${name} has runtime ${JSON.stringify(runtime)}; the sandbox runs only Node.js handlers.`,
    );
  }
  if (typeof fn.filename !== "string") {
    throw new ApplyError(address, `the function ${name} has no local filename; the sandbox runs only local packages.`);
  }
  const handler = typeof fn.handler === "string" ? fn.handler : "";
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) {
    throw new ApplyError(
      address,
      `the function ${name} has handler ${JSON.stringify(handler)}; expected <file>.<export>.`,
    );
  }
  const packagePath = resolve(options.stackDir, fn.filename);
  if (!existsSync(packagePath)) {
    throw new ApplyError(
      address,
      `the package ${fn.filename} of the function ${name} is missing in the stack directory.`,
    );
  }
  const scratch = mkdtempSync(join(tmpdir(), "snyk-eventbridge-lambda-"));
  try {
    const codeDir = statSync(packagePath).isDirectory() ? packagePath : scratch;
    if (codeDir === scratch) {
      extractZip(packagePath, scratch);
    }
    const timeoutSeconds = typeof fn.timeout === "number" ? fn.timeout : 3;
    return await runChild({
      ...options,
      name,
      codeDir,
      file: handler.slice(0, dot),
      exportName: handler.slice(dot + 1),
      timeoutMs: timeoutSeconds * 1000,
      env: functionEnvironment(options, fn, name, codeDir, timeoutSeconds),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function functionEnvironment(
  options: { readonly env: Readonly<Record<string, string | undefined>>; readonly region: string },
  fn: Attributes,
  name: string,
  codeDir: string,
  timeoutSeconds: number,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) {
    if (value !== undefined && PASSED_THROUGH.test(key)) {
      env[key] = value;
    }
  }
  const environment = Array.isArray(fn.environment) ? fn.environment[0] : fn.environment;
  const variables =
    environment !== null && typeof environment === "object" && !Array.isArray(environment)
      ? (environment as Attributes).variables
      : undefined;
  if (variables !== null && typeof variables === "object" && !Array.isArray(variables)) {
    for (const [key, value] of Object.entries(variables as Attributes)) {
      if (value !== null) {
        env[key] = String(value);
      }
    }
  }
  return {
    ...env,
    AWS_REGION: options.region,
    AWS_DEFAULT_REGION: options.region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(typeof fn.memory_size === "number" ? fn.memory_size : 128),
    AWS_LAMBDA_FUNCTION_TIMEOUT: String(timeoutSeconds),
    LAMBDA_TASK_ROOT: codeDir,
  };
}

// Runs in the child: loads the handler (CommonJS first, ES module as fallback, as the Node.js runtime does),
// calls it with the payload from stdin and writes {ok, value | error} to file descriptor 3, so whatever the
// handler logs on stdout cannot be mistaken for its result.
const CHILD_SCRIPT = `
const fs = require("node:fs");
const path = require("node:path");
const url = require("node:url");
const [codeDir, file, exportName, requestId, deadline] = process.argv.slice(1);
const write = (value) => fs.writeSync(3, JSON.stringify(value));
async function load() {
  const base = path.join(codeDir, file);
  for (const candidate of [base + ".js", base + ".cjs", base + ".mjs"]) {
    if (!fs.existsSync(candidate)) continue;
    if (candidate.endsWith(".mjs")) return import(url.pathToFileURL(candidate).href);
    try { return require(candidate); } catch (error) {
      if (error && error.code === "ERR_REQUIRE_ESM") return import(url.pathToFileURL(candidate).href);
      throw error;
    }
  }
  throw Object.assign(new Error("Cannot find module '" + file + "' in " + codeDir), { name: "Runtime.ImportModuleError" });
}
(async () => {
  const payload = JSON.parse(fs.readFileSync(0, "utf8"));
  const mod = await load();
  const handler = mod[exportName] ?? (mod.default && mod.default[exportName]);
  if (typeof handler !== "function") {
    throw Object.assign(new Error(file + "." + exportName + " is undefined or not exported"), { name: "Runtime.HandlerNotFound" });
  }
  const context = {
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => Math.max(0, Number(deadline) - Date.now()),
  };
  const value = await handler(payload, context);
  write({ ok: true, value: value === undefined ? null : value });
})().catch((error) => {
  write({ ok: false, errorType: (error && error.name) || "Error", errorMessage: String((error && error.message) || error) });
});
`;

async function runChild(options: {
  readonly address: string;
  readonly name: string;
  readonly codeDir: string;
  readonly file: string;
  readonly exportName: string;
  readonly payload: string;
  readonly timeoutMs: number;
  readonly env: Record<string, string>;
  readonly emit: (event: ApplyEvent) => void;
  readonly signal?: AbortSignal;
}): Promise<string> {
  const { address, name } = options;
  const requestId = randomUUID();
  const deadline = String(Date.now() + options.timeoutMs);
  const result: Buffer[] = [];
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
    const child = spawn(
      process.execPath,
      ["-e", CHILD_SCRIPT, options.codeDir, options.file, options.exportName, requestId, deadline],
      {
        cwd: options.codeDir,
        env: options.env,
        stdio: ["pipe", "pipe", "pipe", "pipe"],
        timeout: options.timeoutMs,
        signal: options.signal,
      },
    );
    const log = (chunk: Buffer): void => {
      for (const line of chunk
        .toString("utf8")
        .split("\n")
        .filter((item) => item !== "")) {
        options.emit({ kind: "provisioner-output", address, message: `(lambda ${name}) ${line}` });
      }
    };
    child.stdout?.on("data", log);
    child.stderr?.on("data", log);
    (child.stdio[3] as NodeJS.ReadableStream).on("data", (chunk: Buffer) => result.push(chunk));
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal }));
    child.stdin?.end(options.payload);
  }).catch((error: unknown) => {
    throw new ApplyError(address, `could not start the handler of ${name}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  const text = Buffer.concat(result).toString("utf8");
  if (text === "") {
    const why = outcome.signal !== null ? `was stopped (${outcome.signal})` : `exited with code ${outcome.code}`;
    throw new ApplyError(
      address,
      `the handler of ${name} ${why} without returning` +
        `${outcome.signal === "SIGTERM" ? `: Task timed out after ${options.timeoutMs / 1000} seconds (the function's timeout)` : ""}.`,
    );
  }
  const parsed = JSON.parse(text) as { ok: boolean; value?: unknown; errorType?: string; errorMessage?: string };
  if (!parsed.ok) {
    throw new ApplyError(
      address,
      `Lambda function (${name}) returned error: (${JSON.stringify({
        errorType: parsed.errorType,
        errorMessage: parsed.errorMessage,
      })})`,
    );
  }
  return JSON.stringify(parsed.value);
}
