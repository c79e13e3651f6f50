import { AwsApiError } from "../../../src/aws/aws-api-error";
import type { EventBridgeApi } from "../../../src/aws/eventbridge-api";

/** Partner sources a fake API serves, mutable by the test between polls. */
export interface FakeSource {
  Name: string;
  Arn: string;
  State: "PENDING" | "ACTIVE" | "DELETED";
  CreatedBy?: string;
}

/** An EventBridgeApi answering DescribeEventSource/ListEventSources from `sources`; other calls fail. */
export function fakeApi(
  sources: FakeSource[],
  options: { pageSize?: number; failures?: AwsApiError[]; calls?: string[] } = {},
): EventBridgeApi {
  const next = (operation: string): void => {
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
    describeEventSource: async (input) => {
      next("DescribeEventSource");
      const source = sources.find((candidate) => candidate.Name === input.Name);
      if (source === undefined) {
        throw new AwsApiError("not found", {
          operation: "DescribeEventSource",
          awsCode: "ResourceNotFoundException",
          status: 400,
          retryable: false,
        });
      }
      return { ...source };
    },
    listEventSources: async (input) => {
      next("ListEventSources");
      const matching = sources.filter((source) => source.Name.startsWith(input.NamePrefix ?? ""));
      const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
      const size = options.pageSize ?? 100;
      const page = matching.slice(start, start + size);
      const end = start + page.length;
      return {
        EventSources: page.map((source) => ({ ...source })),
        NextToken: end < matching.length ? String(end) : undefined,
      };
    },
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
