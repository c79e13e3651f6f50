/**
 * Token redaction shared by every layer. Secrets are registered once (the Snyk client registers its token when
 * it is built) and every error message, log line and debug line is passed through {@link redactSecrets}
 * before it leaves the process.
 *
 * The registry lives on `globalThis` under a `Symbol.for` key so that two copies of this package (a bundled
 * CLI and the library, for example) share it.
 */
const REGISTRY_KEY = Symbol.for("snyk-eventbridge.secrets");

/** What a redacted secret is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Secrets shorter than this are not registered: replacing every occurrence of a 1 or 2 character string
 * would mangle unrelated text while protecting nothing.
 */
export const MIN_SECRET_LENGTH = 4;

/** `Authorization: token abc`, `authorization":"bearer abc"` and similar, whatever the secret is. */
const AUTHORIZATION_PATTERN = /(authorization["']?\s*[:=]\s*["']?)(token|bearer|basic)\s+[^\s"',;}]+/gi;

function registry(): Set<string> {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  let secrets = holder[REGISTRY_KEY];
  if (secrets === undefined) {
    secrets = new Set<string>();
    holder[REGISTRY_KEY] = secrets;
  }
  return secrets;
}

/**
 * Remembers `secret` so that {@link redactSecrets} removes it from any text from now on. Registering the same
 * secret twice is harmless.
 */
export function registerSecret(secret: string): void {
  if (secret.length >= MIN_SECRET_LENGTH) {
    registry().add(secret);
  }
}

/** Forgets a secret registered with {@link registerSecret} (for example when a token is rotated in-process). */
export function forgetSecret(secret: string): void {
  registry().delete(secret);
}

/** Whether `secret` is currently registered. */
export function isRegisteredSecret(secret: string): boolean {
  return registry().has(secret);
}

/**
 * Replaces every registered secret, every secret in `extra`, and the credential of any `Authorization` header
 * written out in `text` with {@link REDACTED}.
 * @param text the text about to be shown, logged or thrown
 * @param extra secrets to remove in addition to the registered ones
 */
export function redactSecrets(text: string, extra: Iterable<string> = []): string {
  const secrets = [...registry(), ...[...extra].filter((secret) => secret.length >= MIN_SECRET_LENGTH)];
  // Longest first, so that a secret containing another one is removed whole.
  secrets.sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result.replace(
    AUTHORIZATION_PATTERN,
    (_match, prefix: string, scheme: string) => `${prefix}${scheme} ${REDACTED}`,
  );
}

/**
 * A deep copy of `value` with every string passed through {@link redactSecrets}: for results and payloads that
 * are printed or stored as JSON.
 */
export function redactDeep<T>(value: T, extra: Iterable<string> = []): T {
  const secrets = [...extra];
  const visit = (item: unknown): unknown => {
    if (typeof item === "string") {
      return redactSecrets(item, secrets);
    }
    if (Array.isArray(item)) {
      return item.map(visit);
    }
    if (item !== null && typeof item === "object" && Object.getPrototypeOf(item) === Object.prototype) {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, visit(entry)]));
    }
    return item;
  };
  return visit(value) as T;
}
