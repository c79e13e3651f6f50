import { CLI_NAME } from "../consts";
import { ValidationError } from "../errors";

/** How one flag is read: a switch, or a flag that takes a value. */
export interface FlagDefinition {
  /** `boolean` for a switch (`--json`), `string` for a flag with a value (`--spec FILE`). */
  readonly type: "boolean" | "string";
  /**
   * A one-letter alias, without the dash.
   * @default - none
   */
  readonly short?: string;
}

/** The parsed flags: switches are `true` when given, flags with values hold the last value given. */
export type ParsedFlags<T extends Record<string, FlagDefinition>> = {
  [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string;
};

/**
 * Parses `--name value`, `--name=value` and switches. Positional arguments are refused: no verb takes any.
 * @throws ValidationError naming the flag for unknown flags, missing or empty values and positional arguments
 */
export function parseFlags<T extends Record<string, FlagDefinition>>(
  verb: string,
  argv: readonly string[],
  definitions: T,
): ParsedFlags<T> {
  const parsed: Record<string, string | boolean> = {};
  const names = Object.keys(definitions);
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    const match = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s.exec(argument) ?? /^-([a-zA-Z])$/.exec(argument);
    const name =
      match === null
        ? undefined
        : argument.startsWith("--")
          ? match[1]
          : names.find((candidate) => definitions[candidate].short === match[1]);
    if (match === null || name === undefined || definitions[name] === undefined) {
      const what = match === null ? "unexpected argument" : "unknown flag";
      // A stray argument can be a secret pasted in the wrong place: name its position, not its text.
      const shown = match === null ? `#${index + 1}` : JSON.stringify(argument.split("=")[0]);
      throw new ValidationError(
        `${what} ${shown}. Flags: ${names.map((flag) => `--${flag}`).join(", ")}; see '${CLI_NAME} ${verb} --help'.`,
        [{ field: match === null ? `argument ${index + 1}` : argument.split("=")[0], rule: `is not a ${verb} flag` }],
      );
    }
    if (definitions[name].type === "boolean") {
      if (match[2] !== undefined) {
        throw new ValidationError(`--${name} takes no value.`, [{ field: `--${name}`, rule: "takes no value" }]);
      }
      parsed[name] = true;
      continue;
    }
    const value = match[2] ?? argv[index + 1];
    if (match[2] === undefined) {
      index += 1;
    }
    if (value === undefined || value === "" || (match[2] === undefined && value.startsWith("--"))) {
      throw new ValidationError(
        `--${name} needs a value${value === "" ? " (got an empty one)" : ""}. ` + `See '${CLI_NAME} ${verb} --help'.`,
        [{ field: `--${name}`, rule: "needs a value" }],
      );
    }
    parsed[name] = value;
  }
  return parsed as ParsedFlags<T>;
}

/**
 * Reads a flag value as a whole number in [min, max].
 * @throws ValidationError naming the flag
 */
export function integerFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new ValidationError(
      `--${flag} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)}).`,
      [{ field: `--${flag}`, rule: `must be a whole number from ${min} to ${max}`, value }],
    );
  }
  return number;
}
