import { ENV } from "../../../src/consts";
import { ValidationError } from "../../../src/errors";
import { parseInvocationPayload } from "../../../src/lambda/invocation-payload";
import { cachedTokenSource, secretsManagerTokenSource, tokenFromSecret } from "../../../src/lambda/token-source";
import { isRegisteredSecret, redactSecrets } from "../../../src/redact";
import { specInput } from "./fake-world";

describe("Lambda invocation payload", () => {
  test("create: the spec plus tf.action", () => {
    // WHEN
    const payload = parseInvocationPayload({ ...specInput(), tf: { action: "create", prev_input: null } });
    // THEN
    expect(payload.action).toBe("create");
    expect(payload.spec.name).toBe("prod issues");
    expect(payload.previous).toBeUndefined();
  });

  test("update: prev_input becomes the previous spec (its own tf key ignored)", () => {
    // GIVEN
    const previous = { ...specInput({ eventType: "audit" }), tf: { action: "create", prev_input: null } };
    // WHEN
    const payload = parseInvocationPayload({ ...specInput(), tf: { action: "update", prev_input: previous } });
    // THEN
    expect(payload.action).toBe("update");
    expect(payload.previous?.eventType).toBe("audit");
  });

  test("no tf key (CREATE_ONLY scope) means create", () => {
    // THEN
    expect(parseInvocationPayload(specInput()).action).toBe("create");
  });

  test("a bad action and a bad previous spec name their fields", () => {
    // THEN
    expect(() => parseInvocationPayload({ ...specInput(), tf: { action: "upsert" } })).toThrow(
      /tf\.action must be "create", "update" or "delete"/,
    );
    expect(() =>
      parseInvocationPayload({
        ...specInput(),
        tf: { action: "update", prev_input: { ...specInput(), accountId: "1" } },
      }),
    ).toThrow(/tf\.prev_input is invalid:\n {2}- spec\.accountId must be a 12-digit AWS account ID/);
    expect(() => parseInvocationPayload("create")).toThrow(ValidationError);
  });
});

describe("Lambda token source", () => {
  const canary = "canary-secret-token-7c41e9";

  test("a secret string is the token, or JSON with a token key; the token is registered for redaction", () => {
    // WHEN
    const plain = tokenFromSecret("arn:secret", ` ${canary} `);
    const json = tokenFromSecret("arn:secret", JSON.stringify({ token: canary }));
    // THEN
    expect(plain).toBe(canary);
    expect(json).toBe(canary);
    expect(isRegisteredSecret(canary)).toBe(true);
    expect(redactSecrets(`failed with ${canary}`)).toBe("failed with [REDACTED]");
  });

  test("an empty secret or JSON without a token names the secret, never its content", () => {
    // THEN
    expect(() => tokenFromSecret("arn:s1", "")).toThrow(/The secret arn:s1 holds no Snyk token/);
    let message = "";
    try {
      tokenFromSecret("arn:s2", JSON.stringify({ other: "canary-other-value" }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/arn:s2/);
    expect(message).not.toContain("canary-other-value");
  });

  test("without a secret ARN the token comes from SNYK_TOKEN, and neither is a clear error", async () => {
    // THEN
    await expect(secretsManagerTokenSource({ [ENV.SNYK_TOKEN]: canary })()).resolves.toBe(canary);
    await expect(secretsManagerTokenSource({})()).rejects.toThrow(/SNYK_TOKEN_SECRET_ARN to the ARN/);
  });

  test("the token is read once per container, and again after invalidate or a failure", async () => {
    // GIVEN
    let reads = 0;
    const cache = cachedTokenSource(async () => {
      reads += 1;
      if (reads === 3) {
        throw new Error("Secrets Manager unavailable");
      }
      return `token-${reads}`;
    });
    // WHEN / THEN
    await expect(cache.get()).resolves.toBe("token-1");
    await expect(cache.get()).resolves.toBe("token-1");
    cache.invalidate();
    await expect(cache.get()).resolves.toBe("token-2");
    cache.invalidate();
    await expect(cache.get()).rejects.toThrow("Secrets Manager unavailable");
    await expect(cache.get()).resolves.toBe("token-4");
  });
});
