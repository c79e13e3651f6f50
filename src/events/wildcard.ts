/**
 * EventBridge `wildcard` filters: `*` matches any run of characters (including none), `\*` a literal star and
 * `\\` a literal backslash. Any other backslash, and two stars in a row, are invalid.
 */

/** One parsed wildcard token: a literal UTF-8 byte or a star. */
type WildcardToken = number | typeof STAR;

const STAR = -1;
const STAR_BYTE = 0x2a;
const BACKSLASH_BYTE = 0x5c;
const QUOTE_BYTE = 0x22;

/**
 * The most pattern states a single input may keep alive at once, per event field. EventBridge rejects rules
 * whose wildcards could keep more alive ("Rule is too complex"); it does not publish its exact measure, so this
 * is an approximation calibrated on the AWS-recorded cases (`*:*:*:*:*:event-bus/*` is rejected, a star followed
 * by five repetitions of `/dir` is accepted).
 */
export const WILDCARD_COMPLEXITY_LIMIT = 9;

/** EventBridge's reason for a wildcard rule that is too expensive to evaluate. */
export const WILDCARD_TOO_COMPLEX =
  "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character";

/**
 * Checks the syntax of a wildcard pattern. Returns EventBridge's reason when it is invalid, else `undefined`.
 * Positions count UTF-8 bytes from the opening quote EventBridge puts around the value, as its messages do.
 */
export function wildcardSyntaxError(pattern: string): string | undefined {
  const result = tokenize(pattern);
  return typeof result === "string" ? result : undefined;
}

/** A matcher for a wildcard pattern whose syntax {@link wildcardSyntaxError} accepted. */
export function compileWildcard(pattern: string): (value: string) => boolean {
  let source = "";
  let literal = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === "\\") {
      literal += pattern[index + 1] ?? "";
      index += 1;
    } else if (char === "*") {
      source += `${escapeRegExp(literal)}.*`;
      literal = "";
    } else {
      literal += char;
    }
  }
  source += escapeRegExp(literal);
  if (!pattern.includes("*") && !pattern.includes("\\")) {
    return (value) => value === pattern;
  }
  const regExp = new RegExp(`^${source}$`, "su");
  return (value) => regExp.test(value);
}

/**
 * The most states of the patterns' automaton that one input can keep alive at once: a star's loop state, and
 * every literal position reachable at the same time. Repetitions after a star and many stars raise it.
 */
export function wildcardComplexity(patterns: readonly string[]): number {
  const machines = patterns.map((pattern) => tokenize(pattern)).filter((tokens) => typeof tokens !== "string");
  if (machines.length === 0) {
    return 0;
  }
  const alphabet = new Set<number>();
  for (const tokens of machines) {
    for (const token of tokens) {
      if (token !== STAR) {
        alphabet.add(token);
      }
    }
  }
  // One representative for every byte that appears in no pattern.
  const bytes = [...alphabet, 256];
  type StateSet = readonly (readonly number[])[];
  const start: StateSet = machines.map((tokens) => closure(tokens, [0]));
  const seen = new Set<string>([key(start)]);
  const pending: StateSet[] = [start];
  let maximum = 0;
  while (pending.length > 0) {
    const current = pending.pop() as StateSet;
    for (const byte of bytes) {
      const next = current.map((positions, machine) => step(machines[machine] as WildcardToken[], positions, byte));
      const size = next.reduce((sum, positions) => sum + positions.length, 0);
      if (size === 0) {
        continue;
      }
      maximum = Math.max(maximum, size);
      if (maximum > WILDCARD_COMPLEXITY_LIMIT) {
        return maximum;
      }
      const id = key(next);
      if (!seen.has(id)) {
        seen.add(id);
        pending.push(next);
      }
    }
  }
  return maximum;
}

function key(states: readonly (readonly number[])[]): string {
  return states.map((positions) => positions.join(",")).join("|");
}

/** Positions after consuming `byte` from `positions`, with star skips applied. */
function step(tokens: readonly WildcardToken[], positions: readonly number[], byte: number): number[] {
  const next: number[] = [];
  for (const position of positions) {
    const previous = tokens[position - 1];
    if (previous === STAR) {
      // A star's loop state consumes any byte.
      next.push(position);
    }
    if (position < tokens.length && tokens[position] === byte) {
      next.push(position + 1);
    }
  }
  return closure(tokens, next);
}

/** Adds the positions reachable without input: a star may match nothing. */
function closure(tokens: readonly WildcardToken[], positions: readonly number[]): number[] {
  const result = new Set<number>();
  for (const start of positions) {
    let position = start;
    result.add(position);
    while (tokens[position] === STAR) {
      position += 1;
      result.add(position);
    }
  }
  return [...result].sort((a, b) => a - b);
}

/** The tokens of `"<pattern>"` (quotes included, as EventBridge evaluates them), or the syntax error. */
function tokenize(pattern: string): WildcardToken[] | string {
  const bytes = Buffer.from(pattern, "utf8");
  const tokens: WildcardToken[] = [QUOTE_BYTE];
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] as number;
    if (byte === STAR_BYTE) {
      if (bytes[index + 1] === STAR_BYTE) {
        return `Consecutive wildcard characters at pos ${index + 1}`;
      }
      tokens.push(STAR);
    } else if (byte === BACKSLASH_BYTE) {
      const next = bytes[index + 1];
      if (next !== STAR_BYTE && next !== BACKSLASH_BYTE) {
        return `Invalid escape character at pos ${index + 1}`;
      }
      tokens.push(next);
      index += 1;
    } else {
      tokens.push(byte);
    }
  }
  tokens.push(QUOTE_BYTE);
  return tokens;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}
