/**
 * Finding the partner event source Snyk creates in the customer's account: by exact name, or by listing
 * everything under the org's prefix when the event-type suffix is not known.
 */
import type { EventSource } from "@aws-sdk/client-eventbridge";
import { ValidationError } from "../errors";
import { isAwsErrorCode } from "./aws-api-error";
import type { EventBridgeApi } from "./eventbridge-api";
import type { PartnerSource, PartnerSourceState } from "./partner-source";

/** Per-call options of the finder functions. */
export interface FinderOptions {
  /**
   * Cancels the calls.
   *
   * @default - not cancellable
   */
  readonly signal?: AbortSignal;
}

const STATES: readonly PartnerSourceState[] = ["PENDING", "ACTIVE", "DELETED"];

/**
 * Reads one partner event source by its exact name. Returns `undefined` when EventBridge says it does not
 * exist (in the account and region of the credentials); other failures reject with `AwsApiError`.
 */
export async function describePartnerSource(
  api: EventBridgeApi,
  name: string,
  options: FinderOptions = {},
): Promise<PartnerSource | undefined> {
  try {
    const output = await api.describeEventSource({ Name: name }, { abortSignal: options.signal });
    return toPartnerSource({ ...output, Name: output.Name ?? name }, "DescribeEventSource");
  } catch (error) {
    if (isAwsErrorCode(error, "ResourceNotFoundException")) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Lists every partner event source whose name starts with `namePrefix`, following `NextToken` through all
 * pages. Sorted by name.
 */
export async function listPartnerSources(
  api: EventBridgeApi,
  namePrefix: string,
  options: FinderOptions & {
    /**
     * Page size asked of EventBridge (1 to 100).
     *
     * @default - EventBridge's default page size
     */
    readonly pageSize?: number;
  } = {},
): Promise<PartnerSource[]> {
  const sources: PartnerSource[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await api.listEventSources(
      { NamePrefix: namePrefix, NextToken: nextToken, Limit: options.pageSize },
      { abortSignal: options.signal },
    );
    for (const source of page.EventSources ?? []) {
      sources.push(toPartnerSource(source, "ListEventSources"));
    }
    nextToken = page.NextToken;
    if (nextToken !== undefined) {
      // A service that hands back a token it already gave would make this loop forever.
      if (seenTokens.has(nextToken)) {
        throw new ValidationError(
          `ListEventSources returned the NextToken ${JSON.stringify(nextToken)} twice; the endpoint does not paginate correctly. Check AWS_ENDPOINT_URL_EVENTBRIDGE.`,
        );
      }
      seenTokens.add(nextToken);
    }
  } while (nextToken !== undefined);
  return sources.sort((left, right) => left.name.localeCompare(right.name));
}

/** Converts an SDK `EventSource` into a {@link PartnerSource}, rejecting responses that lack what we rely on. */
export function toPartnerSource(source: EventSource, operation: string): PartnerSource {
  const state = source.State as PartnerSourceState | undefined;
  if (source.Name === undefined || source.Arn === undefined || state === undefined || !STATES.includes(state)) {
    throw new ValidationError(`${operation} returned an event source without a name, ARN or known state`, [
      {
        field: `${operation}.EventSource`,
        rule: "must have Name, Arn and State PENDING|ACTIVE|DELETED",
        value: source,
      },
    ]);
  }
  return {
    name: source.Name,
    arn: source.Arn,
    state,
    ...(source.CreatedBy === undefined ? {} : { createdBy: source.CreatedBy }),
    ...(source.CreationTime === undefined ? {} : { creationTime: source.CreationTime }),
    ...(source.ExpirationTime === undefined ? {} : { expirationTime: source.ExpirationTime }),
  };
}
