import { EventBridgeClient, PutPartnerEventsCommand } from "@aws-sdk/client-eventbridge";
import type { EventBridgeEvent } from "../../events/event-envelope";

/** Where to publish: the EventBridge simulator, as Snyk would publish to AWS. */
export interface PublishTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** One sample event published, with the ID EventBridge gave it (or why it was refused). */
export interface PublishedEvent {
  /** The sample's name, for example `criticalWithFixCreated`. */
  readonly sample: string;
  readonly source: string;
  /** The event ID EventBridge assigned. @default - undefined when the entry failed */
  readonly eventId?: string;
  /** Why EventBridge refused the entry. @default - undefined when it was accepted */
  readonly error?: string;
}

/** PutPartnerEvents takes at most 20 entries a call. */
const BATCH = 20;

/**
 * Publishes named sample events to a partner event source with `PutPartnerEvents` through the real AWS SDK,
 * the call Snyk makes on its side. The events' `source` is replaced by `source` (the applied partner source).
 */
export async function publishPartnerEvents(
  target: PublishTarget,
  source: string,
  samples: Readonly<Record<string, EventBridgeEvent<string, unknown>>>,
): Promise<PublishedEvent[]> {
  const client = new EventBridgeClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials: { ...target.credentials },
    maxAttempts: 1,
  });
  const entries = Object.entries(samples);
  const published: PublishedEvent[] = [];
  try {
    for (let start = 0; start < entries.length; start += BATCH) {
      const batch = entries.slice(start, start + BATCH);
      const response = await client.send(
        new PutPartnerEventsCommand({
          Entries: batch.map(([, event]) => ({
            Source: source,
            DetailType: event["detail-type"],
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.time),
          })),
        }),
      );
      batch.forEach(([sample], index) => {
        const entry = response.Entries?.[index];
        published.push({
          sample,
          source,
          ...(entry?.EventId === undefined ? {} : { eventId: entry.EventId }),
          ...(entry?.EventId === undefined
            ? { error: `${entry?.ErrorCode ?? "NoEntry"}: ${entry?.ErrorMessage ?? "no result for this entry"}` }
            : {}),
        });
      });
    }
  } finally {
    client.destroy();
  }
  return published;
}
