import type { PartnerSource } from "../aws/partner-source";
import { partnerSourcePrefix } from "../consts";
import { TimeoutError } from "../errors";
import { abortableSleep, nextDelay } from "./backoff";
import type { SourceWaitRequest } from "./provisioner-deps";
import { findExpected, findUnexpectedNewSource, partnerSourceMismatch } from "./source-verification";

/** Seams for {@link pollForSource}, so tests control time and randomness. */
export interface PollSeams {
  /**
   * Milliseconds since some fixed point.
   * @default - `performance.now()`
   */
  readonly now?: () => number;
  /**
   * Waits `ms` or until `signal` aborts (then rejects with the abort reason).
   * @default - a timer
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * A number in [0, 1) for jitter.
   * @default - `Math.random`
   */
  readonly random?: () => number;
  /**
   * Extra lines for the timeout message (for example which account the credentials belong to).
   * @default - no extra lines
   */
  readonly diagnose?: () => Promise<string[]>;
}

/**
 * Waits for the expected partner source by listing the org's prefix with exponential backoff and full jitter
 * between `minDelayMs` and `maxDelayMs`, bounded by `timeoutMs` and the abort signal. Fails fast with a
 * mismatch error when a new source with another name appears under the org's prefix.
 */
export async function pollForSource(
  list: (prefix: string, options: { signal?: AbortSignal }) => Promise<PartnerSource[]>,
  request: SourceWaitRequest,
  seams: PollSeams = {},
): Promise<PartnerSource> {
  const now = seams.now ?? (() => performance.now());
  const sleep = seams.sleep ?? abortableSleep;
  const random = seams.random ?? Math.random;
  const prefix = partnerSourcePrefix(request.orgId);
  const { timeoutMs } = request.limits;
  const started = now();
  let seen: PartnerSource[];
  for (let attempt = 1; ; attempt += 1) {
    request.signal?.throwIfAborted();
    seen = await list(prefix, { signal: request.signal });
    const found = findExpected(seen, request.expectedName);
    if (found !== undefined) {
      return found;
    }
    const stranger = findUnexpectedNewSource(seen, request.expectedName, request.known);
    if (stranger !== undefined) {
      throw partnerSourceMismatch(request.orgId, request.expectedName, stranger.name);
    }
    const elapsedMs = now() - started;
    request.onPoll?.({ attempt, elapsedMs, seen: seen.map((source) => source.name) });
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) {
      break;
    }
    await sleep(nextDelay(attempt, request.limits, remaining, random), request.signal);
  }
  const extra = seams.diagnose === undefined ? [] : await seams.diagnose();
  throw new TimeoutError(timeoutMessage(request, seen, extra), now() - started);
}

function timeoutMessage(request: SourceWaitRequest, seen: readonly PartnerSource[], extra: readonly string[]): string {
  const seconds = Math.round(request.limits.timeoutMs / 100) / 10;
  const found =
    seen.length === 0
      ? `no source exists under "${partnerSourcePrefix(request.orgId)}"`
      : `sources under the org's prefix: ${seen.map((source) => `${source.name} (${source.state})`).join(", ")}; ` +
        `if one of them is this integration's, set spec.partnerSourceName to it`;
  return [
    `The partner event source "${request.expectedName}" did not appear in account ${request.accountId}, ` +
      `region ${request.region} within ${seconds} s (${found}).`,
    "Check that the AWS credentials belong to that account, that the region is right, and that the Snyk " +
      "integration is authorized and active in Snyk; then run again (it resumes, it does not duplicate). " +
      "Raise spec.wait.timeoutSeconds if Snyk is slow.",
    ...extra,
  ].join(" ");
}
