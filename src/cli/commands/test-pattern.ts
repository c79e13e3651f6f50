import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CLI_NAME } from "../../consts";
import { ValidationError } from "../../errors";
import type { EventPattern } from "../../events/event-pattern";
import { explainPatternMismatch } from "../../events/pattern-explain";
import { validateEventPattern } from "../../events/pattern-validator";
import { parseFlags } from "../cli-flags";
import type { Command, CommandContext } from "../command";
import { ExitCode } from "../exit-codes";

const VERB = "test-pattern";

const FLAGS = {
  pattern: { type: "string" },
  event: { type: "string" },
  json: { type: "boolean" },
} as const;

const HELP = `Usage: ${CLI_NAME} ${VERB} --pattern FILE --event FILE [--json]

Tests an EventBridge event pattern against an event offline, with EventBridge's matching rules and
validation messages (the same answer as the TestEventPattern API, without AWS credentials).

Options:
  --pattern FILE  the event pattern, a JSON object ("-" reads standard input)
  --event FILE    the event, a full EventBridge envelope (version, id, detail-type, source, account,
                  time, region, resources, detail) as JSON ("-" reads standard input)
  --json          print the outcome as JSON on stdout: {"matches": true|false} or
                  {"valid": false, "reason": "..."}

Exit codes:
  0  the event matches the pattern
  1  the event does not match the pattern (the fields that failed are listed on stderr)
  2  the pattern is invalid (EventBridge's reason on stderr), or a file is missing or not JSON

Examples:
  ${CLI_NAME} ${VERB} --pattern rules/high-severity.json --event samples/critical.json
  ${CLI_NAME} ${VERB} --pattern rule.json --event - --json < event.json
`;

async function run(context: CommandContext): Promise<ExitCode> {
  const flags = parseFlags(VERB, context.argv, FLAGS);
  if (flags.pattern === undefined || flags.event === undefined) {
    const missing = flags.pattern === undefined ? "--pattern" : "--event";
    throw new ValidationError(`${VERB}: ${missing} FILE is required. See '${CLI_NAME} ${VERB} --help'.`, [
      { field: missing, rule: "is required" },
    ]);
  }
  if (flags.pattern === "-" && flags.event === "-") {
    throw new ValidationError(`${VERB}: only one of --pattern and --event can read standard input ("-").`, [
      { field: "--event", rule: "cannot be - when --pattern is -", value: "-" },
    ]);
  }
  const pattern = await readJson(context, "--pattern", flags.pattern);
  const event = await readJson(context, "--event", flags.event);

  const validation = validateEventPattern(pattern);
  if (!validation.valid) {
    context.stderr.write(`${CLI_NAME} ${VERB}: ${flags.pattern}: ${validation.reason}\n`);
    if (flags.json === true) {
      context.stdout.write(`${JSON.stringify({ valid: false, reason: validation.reason })}\n`);
    }
    return ExitCode.INVALID_INPUT;
  }
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new ValidationError(
      `${VERB}: --event ${flags.event} must hold a JSON object (an EventBridge event envelope); ` +
        `EventBridge answers "Parameter Event is not valid." for anything else.`,
      [{ field: "--event", rule: "must hold a JSON object", value: flags.event }],
    );
  }
  const mismatch = explainPatternMismatch(pattern as EventPattern, event);
  const matched = mismatch === undefined;
  if (flags.json === true) {
    context.stdout.write(
      `${JSON.stringify(matched ? { matches: true } : { matches: false, failedFields: mismatch })}\n`,
    );
  } else {
    context.stdout.write(matched ? "match\n" : "no match\n");
  }
  if (!matched) {
    context.stderr.write(`${VERB}: no match; fields that did not match: ${mismatch.join(", ")}\n`);
  }
  return matched ? ExitCode.OK : ExitCode.FAILED;
}

async function readJson(context: CommandContext, flag: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === "-" ? await readStream(context.stdin) : await readFile(resolve(file), "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ValidationError(`${VERB}: cannot read ${flag} ${file} (${reason}). Check the path and retry.`, [
      { field: flag, rule: "must name a readable file", value: file },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${VERB}: ${flag} ${file} is not valid JSON: ${(error as Error).message}`, [
      { field: flag, rule: "must hold JSON", value: file },
    ]);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The `test-pattern` verb. */
const testPattern: Command = { run, help: HELP };
export default testPattern;
