import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { SNYK_PARTNER_SOURCE_PREFIX } from "../src/consts";
import { ValidationError } from "../src/errors";
import type { Duration } from "./duration";
import type { EventPattern } from "../src/events/event-pattern";
import { eventPatternJson } from "./private/pattern-json";

/** An event bus, as targets and rules see it. */
export interface IEventBus {
  /**
   * The bus name.
   * @attribute
   */
  readonly eventBusName: string;
  /**
   * The bus ARN.
   * @attribute
   */
  readonly eventBusArn: string;
}

/** Options of an archive of the events a partner bus receives, for replay. */
export interface ArchiveOptions {
  /**
   * How long events are kept.
   * @default - forever
   */
  readonly retention?: Duration;
  /**
   * Archive only the events that match this pattern.
   * @default - every event the bus receives
   */
  readonly eventPattern?: EventPattern;
  /**
   * A description of the archive.
   * @default - "Snyk events received by <bus name>"
   */
  readonly description?: string;
  /**
   * The archive's name (at most 48 characters: letters, digits, . - _).
   * @default - derived from the construct path
   */
  readonly archiveName?: string;
}

/** Props of {@link PartnerEventBus}. */
export interface PartnerEventBusProps {
  /** The partner event source to associate, `aws.partner/snyk.io/org_<orgId>/<suffix>`; also the bus name. */
  readonly eventSourceName: string;
  /**
   * What must exist before the bus: the custom resource that makes the partner source exist.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * References whose change replaces the bus (`replace_triggered_by`), such as the integration's identity.
   * @default - none
   */
  readonly replaceTriggeredBy?: string[];
  /**
   * Whether `eventSourceName` is a reference resolved at apply time (the Lambda host's result). Its value
   * becomes unknown in every plan where the reference's producer changes, and an unknown name forces a
   * replacement; so the bus keeps the name it was created with (`ignore_changes`), and `replaceTriggeredBy`
   * must then carry the identity, expected source name included, that really calls for a new bus.
   * @default false - the name is known at synth and a change of it replaces the bus
   */
  readonly nameResolvedAtApply?: boolean;
}

/**
 * The partner event bus associated with a Snyk partner event source. EventBridge requires the bus name to be
 * the source name, and both attributes force replacement. Resource policies do not work on partner bus names
 * (they contain slashes), so this class offers none.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html
 */
export class PartnerEventBus extends Construct implements IEventBus {
  /** The bus name: the partner source name. */
  public readonly eventBusName: string;
  /** The bus ARN. */
  public readonly eventBusArn: string;
  /** The underlying `aws_cloudwatch_event_bus`. */
  public readonly resource: CloudwatchEventBus;

  constructor(scope: Construct, id: string, props: PartnerEventBusProps) {
    super(scope, id);
    const source = props.eventSourceName;
    if (
      !Token.isUnresolved(source) &&
      !(source.startsWith(SNYK_PARTNER_SOURCE_PREFIX) && source.length > SNYK_PARTNER_SOURCE_PREFIX.length)
    ) {
      throw ValidationError.fromIssues(`PartnerEventBus ${this.node.path}`, [
        {
          field: "eventSourceName",
          rule: `must be a Snyk partner event source, "${SNYK_PARTNER_SOURCE_PREFIX}..."`,
          value: source,
        },
      ]);
    }
    this.resource = new CloudwatchEventBus(this, "Resource", {
      name: source,
      eventSourceName: source,
      dependsOn: props.dependsOn,
      lifecycle:
        props.replaceTriggeredBy === undefined && props.nameResolvedAtApply !== true
          ? undefined
          : {
              replaceTriggeredBy: props.replaceTriggeredBy,
              ignoreChanges: props.nameResolvedAtApply === true ? ["name", "event_source_name"] : undefined,
            },
    });
    this.eventBusName = this.resource.name;
    this.eventBusArn = this.resource.arn;
  }

  /** Archives the events the bus receives, so they can be replayed. */
  public archive(id: string, options: ArchiveOptions = {}): CloudwatchEventArchive {
    const retentionDays = options.retention === undefined ? undefined : options.retention.toSeconds() / 86400;
    const name = options.archiveName;
    const issues = [];
    if (retentionDays !== undefined && !Number.isInteger(retentionDays)) {
      issues.push({ field: "retention", rule: "must be a whole number of days", value: options.retention?.toString() });
    }
    if (name !== undefined && !Token.isUnresolved(name) && !/^[.\-_A-Za-z0-9]{1,48}$/.test(name)) {
      issues.push({ field: "archiveName", rule: "must be 1-48 characters of letters, digits, . - _", value: name });
    }
    if (issues.length > 0) {
      throw ValidationError.fromIssues(`The archive ${id} of ${this.node.path}`, issues);
    }
    const scope = new Construct(this, id);
    return new CloudwatchEventArchive(scope, "Resource", {
      name: name ?? `snyk-${scope.node.addr.slice(0, 40)}`,
      eventSourceArn: this.eventBusArn,
      description: options.description ?? `Snyk events received by ${this.eventBusName}`,
      retentionDays,
      eventPattern: options.eventPattern === undefined ? undefined : eventPatternJson(options.eventPattern),
    });
  }
}
