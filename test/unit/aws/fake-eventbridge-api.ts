import { AwsApiError } from "../../../src/aws/aws-api-error";
import type { EventBridgeApi } from "../../../src/aws/eventbridge-api";

/** Partner sources a fake API serves, mutable by the test between polls. */
export interface FakeSource {
  Name: string;
  Arn: string;
  State: "PENDING" | "ACTIVE" | "DELETED";
  CreatedBy?: string;
}

/** The calls {@link fakeApi} answers. */
export type FakeApiOperation = "DescribeEventSource" | "ListEventSources";

/** Options of {@link fakeApi}. */
export interface FakeApiOptions {
  /** Sources per ListEventSources page. @default 100 */
  pageSize?: number;
  /** Errors thrown by the next calls, one per call, in order. @default - no failures */
  failures?: AwsApiError[];
  /** Receives the name of every call. @default - calls are not recorded */
  calls?: string[];
  /**
   * Runs every call: `answer` computes the response from the sources as they are at that moment. A fake
   * world uses it to interleave calls, count them and inject crashes.
   * @default - answers at once
   */
  around?: <T>(operation: FakeApiOperation, answer: () => T) => Promise<T>;
}

/**
 * An EventBridgeApi answering DescribeEventSource/ListEventSources from `sources` (an array, or a function
 * read at every call); other calls fail. A missing source fails as the real seam does: an `AwsApiError` with
 * `awsCode` ResourceNotFoundException.
 */
export function fakeApi(sources: FakeSource[] | (() => FakeSource[]), options: FakeApiOptions = {}): EventBridgeApi {
  const current = typeof sources === "function" ? sources : () => sources;
  const around = options.around ?? (async <T>(_operation: FakeApiOperation, answer: () => T): Promise<T> => answer());
  const next = (operation: FakeApiOperation): void => {
    options.calls?.push(operation);
    const failure = options.failures?.shift();
    if (failure !== undefined) {
      throw failure;
    }
  };
  const unsupported = (): never => {
    throw new Error("not used by these tests");
  };
  return {
    describeEventSource: (input) =>
      around("DescribeEventSource", () => {
        next("DescribeEventSource");
        const source = current().find((candidate) => candidate.Name === input.Name);
        if (source === undefined) {
          throw new AwsApiError(`Event source ${input.Name ?? ""} does not exist.`, {
            operation: "DescribeEventSource",
            awsCode: "ResourceNotFoundException",
            status: 400,
            retryable: false,
          });
        }
        return { ...source };
      }),
    listEventSources: (input) =>
      around("ListEventSources", () => {
        next("ListEventSources");
        const matching = current().filter((source) => source.Name.startsWith(input.NamePrefix ?? ""));
        const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
        const size = options.pageSize ?? 100;
        const page = matching.slice(start, start + size);
        const end = start + page.length;
        return {
          EventSources: page.map((source) => ({ ...source })),
          NextToken: end < matching.length ? String(end) : undefined,
        };
      }),
    createEventBus: unsupported,
    describeEventBus: unsupported,
    listEventBuses: unsupported,
    deleteEventBus: unsupported,
    putRule: unsupported,
    describeRule: unsupported,
    deleteRule: unsupported,
    enableRule: unsupported,
    disableRule: unsupported,
    listRules: unsupported,
    putTargets: unsupported,
    removeTargets: unsupported,
    listTargetsByRule: unsupported,
    testEventPattern: unsupported,
    putEvents: unsupported,
    putPartnerEvents: unsupported,
  };
}

/** A clock and sleep that advance virtual time only, so waits run instantly and exactly. */
export function virtualTime(start = 1_700_000_000_000): {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  sleeps: number[];
  onSleep: (hook: (elapsed: number) => void) => void;
} {
  let current = start;
  const sleeps: number[] = [];
  const hooks: ((elapsed: number) => void)[] = [];
  return {
    now: () => current,
    sleeps,
    onSleep: (hook) => hooks.push(hook),
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      current += ms;
      hooks.forEach((hook) => hook(current - start));
    },
  };
}
