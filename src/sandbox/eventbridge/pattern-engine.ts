/**
 * The simulator's view of event patterns: the project's matcher and validator (`src/events`), which are
 * held to EventBridge's behaviour by the conformance corpus. Compiled matchers are cached per pattern text,
 * since every published event is matched against every rule of its bus.
 */
import { compileEventPattern, type EventPatternMatcher } from "../../events/pattern-matcher";
import { validateEventPattern } from "../../events/pattern-validator";

/** Validates and matches event patterns given as JSON text, as the EventBridge API carries them. */
export interface PatternEngine {
  /** `undefined` for a valid pattern, else the full message EventBridge gives (`Event pattern is not valid. Reason: ...`). */
  validate(pattern: string): string | undefined;
  /** Whether `event` (a full envelope) matches the (valid) `pattern`. */
  matches(pattern: string, event: unknown): boolean;
}

/** The engine on `src/events/pattern-matcher.ts` and `src/events/pattern-validator.ts`. */
export function createPatternEngine(): PatternEngine {
  const compiled = new Map<string, EventPatternMatcher>();
  return {
    validate(pattern) {
      const result = validateEventPattern(pattern);
      return result.valid ? undefined : result.reason;
    },
    matches(pattern, event) {
      let matcher = compiled.get(pattern);
      if (matcher === undefined) {
        matcher = compileEventPattern(pattern);
        compiled.set(pattern, matcher);
      }
      return matcher(event);
    },
  };
}
