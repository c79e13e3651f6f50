import {
  REDACTED,
  forgetSecret,
  isRegisteredSecret,
  redactDeep,
  redactSecrets,
  registerSecret,
} from "../../../src/redact";

describe("redact", () => {
  const canary = "canary-unit-redact-0123456789";
  afterEach(() => forgetSecret(canary));

  test("registered secrets are replaced wherever they appear", () => {
    // GIVEN
    registerSecret(canary);
    // WHEN
    const text = redactSecrets(`token=${canary}; again ${canary}`);
    // THEN
    expect(text).toBe(`token=${REDACTED}; again ${REDACTED}`);
    expect(isRegisteredSecret(canary)).toBe(true);
  });

  test("extra secrets are replaced without being registered, and secrets too short to matter are ignored", () => {
    // WHEN
    const text = redactSecrets("a secret-xyz b", ["secret-xyz", "b"]);
    registerSecret("ab");
    // THEN
    expect(text).toBe(`a ${REDACTED} b`);
    expect(isRegisteredSecret("ab")).toBe(false);
  });

  test("any Authorization header credential is redacted even when the secret is unknown", () => {
    // WHEN
    const header = redactSecrets("Authorization: token abc.def-123 rest");
    const json = redactSecrets('{"authorization":"bearer eyJhbGciOi.x.y"}');
    // THEN
    expect(header).toBe(`Authorization: token ${REDACTED} rest`);
    expect(json).toBe(`{"authorization":"bearer ${REDACTED}"}`);
  });

  test("redactDeep copies plain objects and arrays with every string redacted", () => {
    // GIVEN
    registerSecret(canary);
    const value = { a: [`x ${canary}`, 3], b: { c: canary, d: null } };
    // WHEN
    const copy = redactDeep(value);
    // THEN
    expect(copy).toEqual({ a: [`x ${REDACTED}`, 3], b: { c: REDACTED, d: null } });
    expect(value.b.c).toBe(canary);
  });

  test("after forgetSecret the text is left alone", () => {
    // GIVEN
    registerSecret(canary);
    forgetSecret(canary);
    // THEN
    expect(redactSecrets(canary)).toBe(canary);
  });
});
