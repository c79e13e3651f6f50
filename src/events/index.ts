export * from "./event-envelope";
export * from "./event-pattern";
export * from "./match";
export * from "./ocsf";
export * from "./parse-snyk-event";
export * from "./pattern-compose";
export { explainPatternMismatch } from "./pattern-explain";
export { compileEventPattern, matches, type EventPatternMatcher } from "./pattern-matcher";
export {
  INVALID_PATTERN_PREFIX,
  assertValidEventPattern,
  validateEventPattern,
  type PatternValidationResult,
} from "./pattern-validator";
export * from "./sample-events";
export * from "./snyk-audit-event";
export * from "./snyk-issue-event";
export * from "./snyk-patterns";
