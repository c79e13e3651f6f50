/**
 * The envelope EventBridge wraps around every event it delivers to rules and targets.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html
 */
export interface EventBridgeEvent<TDetailType extends string = string, TDetail = unknown> {
  /** Always `"0"`. */
  readonly version: string;
  /** A unique ID EventBridge gives each event. */
  readonly id: string;
  /** Identifies, with `source`, the kind of event; free text chosen by the publisher. */
  readonly "detail-type": TDetailType;
  /** The publisher; for Snyk, the partner event source name `aws.partner/snyk.io/org_<orgId>/<type>`. */
  readonly source: string;
  /** The 12-digit ID of the AWS account that received the event. */
  readonly account: string;
  /** When the event happened, as an ISO 8601 timestamp. */
  readonly time: string;
  /** The AWS region that received the event. */
  readonly region: string;
  /** ARNs of the resources involved; often empty for partner events. */
  readonly resources: readonly string[];
  /** The publisher's payload. */
  readonly detail: TDetail;
}
