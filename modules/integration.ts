import { Lazy, TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { partnerSourcePrefix, SNYK_EVENT_TYPES, type SnykEventType } from "../src/consts";
import { ValidationError, type ValidationIssue } from "../src/errors";
import { waitLimitsOf, type IntegrationSpec } from "../src/provisioner/integration-spec";
import type { Duration } from "./duration";
import { PartnerEventBus, type ArchiveOptions } from "./partner-event-bus";
import { attribute } from "./private/memo";
import { checkSpecField } from "./private/validate-props";
import { callerIdentity, currentRegion } from "./private/stack-singletons";
import { ProvisionerHost } from "./provisioner-host";
import { Rule, type RuleOptions } from "./rule";
import { SampleRules, type SampleRulesOptions } from "./sample-rules";

/** How the Snyk side is managed: `cloud-events` or `existing`. */
export type IntegrationProfileName = NonNullable<IntegrationSpec["profile"]>;

/** How long the provisioner waits for Snyk to create the partner event source. */
export interface WaitOptions {
  /**
   * The overall deadline (at most one hour).
   * @default - 10 minutes
   */
  readonly timeout?: Duration;
  /**
   * The first and smallest delay between polls.
   * @default - 250 milliseconds
   */
  readonly minDelay?: Duration;
  /**
   * The largest delay between polls.
   * @default - 2 seconds
   */
  readonly maxDelay?: Duration;
}

/** Props of {@link SnykEventBridgeIntegration}. */
export interface SnykEventBridgeIntegrationProps {
  /** The Snyk org whose events are sent (a UUID). Immutable: changing it re-creates the integration. */
  readonly orgId: string;
  /**
   * The Snyk group of the org (a UUID); the default `cloud-events` profile needs it.
   * @default - none; then `profile` must be `existing`
   */
  readonly groupId?: string;
  /** The integration's display name in Snyk. Mutable: a rename updates it in place. */
  readonly name: string;
  /** Which Snyk events to send: `SnykEventType.ISSUES` or `SnykEventType.AUDIT`. Immutable. */
  readonly eventType: SnykEventType;
  /**
   * The 12-digit AWS account that receives the partner event source. Immutable.
   * @default - the account of the stack's AWS provider (`data "aws_caller_identity"`)
   */
  readonly accountId?: string;
  /**
   * The AWS region of the partner event source. Immutable. Must be the region of the stack's AWS provider,
   * where the partner bus is created.
   * @default - the region of the stack's AWS provider (`data "aws_region"`)
   */
  readonly region?: string;
  /**
   * Where the reconciling provisioner runs.
   * @default - `ProvisionerHost.local()`: the bundled CLI runs with `node` on the machine running Terraform
   */
  readonly host?: ProvisionerHost;
  /**
   * How the Snyk side is managed: `cloud-events` (Snyk's experimental Cloud Events registrations API) or
   * `existing` (created in the Snyk UI; no Snyk writes, only waits for the source). Immutable.
   * @default - "cloud-events"
   */
  readonly profile?: IntegrationProfileName;
  /**
   * The Snyk API base URL without `/rest`, for example `https://api.eu.snyk.io`.
   * @default - the provisioner's default, `https://api.snyk.io` (or `SNYK_API_URL` at apply time)
   */
  readonly snykApiUrl?: string;
  /**
   * The Snyk REST API version of the integrations resource.
   * @default - the profile's default version
   */
  readonly snykApiVersion?: string;
  /**
   * The exact partner event source name Snyk creates, when known.
   * @default - `aws.partner/snyk.io/org_<orgId>/<partnerSourceSuffix>`; verified by the provisioner at apply
   */
  readonly partnerSourceName?: string;
  /**
   * The last part of the partner source name. Snyk does not publish it, so the provisioner verifies it against
   * the real source and fails with the real name if it differs.
   * @default - the event type (`issues` or `audit`)
   */
  readonly partnerSourceSuffix?: string;
  /**
   * How long to wait for the partner source.
   * @default - 10 minutes, polling from 250 ms up to 2 s apart
   */
  readonly wait?: WaitOptions;
  /**
   * The sample rules: `true` for the defaults, options to route them to your own topic, queue or log group,
   * `false` for none.
   * @default - true: sample rules and their SNS topic, SQS queue and log group are created
   */
  readonly sampleRules?: boolean | SampleRulesOptions;
  /**
   * An archive of the events the bus receives, for replay: `true` for one that keeps events forever.
   * @default - no archive
   */
  readonly archive?: boolean | ArchiveOptions;
  /**
   * Whether to declare Terraform outputs (source name and ARN, bus name and ARN, integration ID when known).
   * @default - true
   */
  readonly terraformOutputs?: boolean;
}

/** What an integration exposes, for wiring into other resources. */
export interface SnykEventBridgeIntegrationOutputs {
  /** The partner event source name (also the bus name). */
  readonly partnerSourceName: string;
  /** The partner event source ARN. */
  readonly partnerSourceArn: string;
  /** The partner event bus name. */
  readonly eventBusName: string;
  /** The partner event bus ARN. */
  readonly eventBusArn: string;
  /**
   * Snyk's integration ID; only the Lambda host reports it (the local host cannot return values).
   * @default - undefined with the local host
   */
  readonly integrationId?: string;
}

/**
 * One Snyk to Amazon EventBridge integration as a single unit: the Snyk integration (through a reconciling
 * custom resource), its partner event source, the partner event bus associated with it, rules with targets,
 * and sample rules.
 *
 * @example
 * new SnykEventBridgeIntegration(stack, "Issues", {
 *   orgId: "...", groupId: "...", name: "platform-issues", eventType: SnykEventType.ISSUES,
 * });
 */
export class SnykEventBridgeIntegration extends Construct {
  /** The partner event bus. */
  public readonly eventBus: PartnerEventBus;
  /** The sample rules, unless turned off. */
  public readonly sampleRules?: SampleRules;
  /** The typed outputs. */
  public readonly outputs: SnykEventBridgeIntegrationOutputs;
  /** The provisioner host in use. */
  public readonly host: ProvisionerHost;
  /** The desired state handed to the provisioner (values may be Terraform references). */
  public readonly spec: IntegrationSpec;

  private readonly replaceTriggeredBy: string[];

  constructor(scope: Construct, id: string, props: SnykEventBridgeIntegrationProps) {
    super(scope, id);
    validateProps(this.node.path, props);
    this.host = props.host ?? ProvisionerHost.local();
    const accountId = props.accountId ?? attribute(callerIdentity(this), "accountId");
    const region = props.region ?? attribute(currentRegion(this), "name");
    const wait = props.wait;
    this.spec = dropUndefined({
      orgId: props.orgId,
      groupId: props.groupId,
      name: props.name,
      eventType: props.eventType,
      accountId,
      region,
      snykApiUrl: props.snykApiUrl,
      snykApiVersion: props.snykApiVersion,
      profile: props.profile,
      partnerSourceName: props.partnerSourceName,
      partnerSourceSuffix: props.partnerSourceSuffix,
      wait:
        wait === undefined
          ? undefined
          : dropUndefined({
              timeoutSeconds: wait.timeout?.toSeconds(),
              minDelayMs: wait.minDelay?.toMilliseconds(),
              maxDelayMs: wait.maxDelay?.toMilliseconds(),
            }),
    }) as IntegrationSpec;
    const immutable = dropUndefined({
      orgId: props.orgId,
      groupId: props.groupId,
      accountId,
      region,
      eventType: props.eventType,
      profile: props.profile ?? "cloud-events",
    }) as Record<string, string>;
    const expectedName =
      props.partnerSourceName ?? `${partnerSourcePrefix(props.orgId)}${props.partnerSourceSuffix ?? props.eventType}`;
    const provisioner = this.host.bind(this, {
      spec: this.spec,
      immutable,
      expectedSourceName: expectedName,
      waitTimeoutSeconds: Math.ceil(waitLimitsOf(this.spec).timeoutMs / 1000),
    });
    // Snyk deletes the partner source with the integration, so a new identity needs a new bus, rules and
    // targets; the identity resource's ID changes exactly then (not on a rename).
    // Written as a bare reference (as Terraform's JSON syntax takes it) and read lazily, after any logical ID
    // override; `.id` and not the whole resource, so an in-place update (a rename) triggers nothing.
    const identity = provisioner.identity;
    this.replaceTriggeredBy = [
      Lazy.stringValue({ produce: () => `${identity.terraformResourceType}.${identity.friendlyUniqueId}.id` }),
    ];
    const sourceName = provisioner.partnerSourceName ?? expectedName;
    this.eventBus = new PartnerEventBus(this, "EventBus", {
      eventSourceName: sourceName,
      dependsOn: [provisioner.ready],
      replaceTriggeredBy: this.replaceTriggeredBy,
      nameResolvedAtApply: provisioner.partnerSourceName !== undefined,
    });
    if (props.archive !== undefined && props.archive !== false) {
      this.eventBus.archive("Archive", props.archive === true ? {} : props.archive);
    }
    this.outputs = {
      partnerSourceName: sourceName,
      partnerSourceArn:
        provisioner.partnerSourceArn ?? `arn:${partitionOf(region)}:events:${region}::event-source/${sourceName}`,
      eventBusName: this.eventBus.eventBusName,
      eventBusArn: this.eventBus.eventBusArn,
      integrationId: provisioner.integrationId,
    };
    if (props.sampleRules !== false) {
      this.sampleRules = new SampleRules(this, "SampleRules", {
        integration: this,
        eventType: props.eventType,
        ...(props.sampleRules === true || props.sampleRules === undefined ? {} : props.sampleRules),
      });
    }
    if (props.terraformOutputs !== false) {
      this.declareOutputs();
    }
  }

  /** The event type this integration delivers. */
  public get eventType(): SnykEventType {
    return this.spec.eventType;
  }

  /**
   * Adds a rule on the partner bus. The rule and its targets are replaced together with the bus when the
   * integration's identity changes.
   */
  public addRule(id: string, options: RuleOptions): Rule {
    return new Rule(this, id, { ...options, eventBus: this.eventBus, replaceTriggeredBy: this.replaceTriggeredBy });
  }

  private declareOutputs(): void {
    const outputs = new Construct(this, "Outputs");
    const entries: [string, string | undefined, string][] = [
      ["partner_source_name", this.outputs.partnerSourceName, "The Snyk partner event source name"],
      ["partner_source_arn", this.outputs.partnerSourceArn, "The Snyk partner event source ARN"],
      ["event_bus_name", this.outputs.eventBusName, "The partner event bus name"],
      ["event_bus_arn", this.outputs.eventBusArn, "The partner event bus ARN"],
      ["integration_id", this.outputs.integrationId, "Snyk's ID of the integration"],
    ];
    for (const [name, value, description] of entries) {
      if (value !== undefined) {
        new TerraformOutput(outputs, name, { value, description });
      }
    }
  }
}

function validateProps(path: string, props: SnykEventBridgeIntegrationProps): void {
  const issues: ValidationIssue[] = [];
  checkSpecField(issues, "orgId", props.orgId);
  checkSpecField(issues, "groupId", props.groupId);
  checkSpecField(issues, "name", props.name);
  if (!Token.isUnresolved(props.eventType) && !SNYK_EVENT_TYPES.includes(props.eventType)) {
    issues.push({
      field: "eventType",
      rule: `must be ${SNYK_EVENT_TYPES.map((type) => `"${type}"`).join(" or ")} (SnykEventType.ISSUES or SnykEventType.AUDIT)`,
      value: props.eventType,
    });
  }
  checkSpecField(issues, "accountId", props.accountId);
  checkSpecField(issues, "region", props.region);
  checkSpecField(issues, "snykApiUrl", props.snykApiUrl);
  checkSpecField(issues, "snykApiVersion", props.snykApiVersion);
  checkSpecField(issues, "profile", props.profile);
  checkSpecField(issues, "partnerSourceSuffix", props.partnerSourceSuffix);
  const profile = props.profile ?? "cloud-events";
  if (profile === "cloud-events" && props.groupId === undefined) {
    issues.push({
      field: "groupId",
      rule: 'is required by the "cloud-events" profile; set it, or set profile "existing"',
    });
  }
  if (props.partnerSourceName !== undefined && props.partnerSourceSuffix !== undefined) {
    issues.push({ field: "partnerSourceSuffix", rule: "must not be set together with partnerSourceName; keep one" });
  }
  const sourceName = props.partnerSourceName;
  if (sourceName !== undefined && !Token.isUnresolved(sourceName) && !Token.isUnresolved(props.orgId)) {
    const prefix = partnerSourcePrefix(props.orgId);
    if (!sourceName.startsWith(prefix) || sourceName.length === prefix.length) {
      issues.push({
        field: "partnerSourceName",
        rule: `must be the org's partner source, "${prefix}<suffix>"`,
        value: sourceName,
      });
    }
  }
  const wait = props.wait;
  const timeout = wait?.timeout?.toMilliseconds();
  if (timeout !== undefined && (timeout < 1000 || timeout > 3_600_000)) {
    issues.push({ field: "wait.timeout", rule: "must be from 1 second to 1 hour", value: wait?.timeout?.toString() });
  }
  const min = wait?.minDelay?.toMilliseconds();
  const max = wait?.maxDelay?.toMilliseconds();
  if (min !== undefined && min < 1) {
    issues.push({ field: "wait.minDelay", rule: "must be at least 1 millisecond", value: wait?.minDelay?.toString() });
  }
  if (min !== undefined && max !== undefined && min > max) {
    issues.push({
      field: "wait.minDelay",
      rule: `must not exceed wait.maxDelay (${wait?.maxDelay?.toString()})`,
      value: wait?.minDelay?.toString(),
    });
  }
  if (issues.length > 0) {
    throw ValidationError.fromIssues(`SnykEventBridgeIntegration ${path}`, issues);
  }
}

/** The ARN partition of a region code; `aws` for a region only Terraform knows. */
function partitionOf(region: string): string {
  if (Token.isUnresolved(region)) {
    return "aws";
  }
  if (region.startsWith("cn-")) {
    return "aws-cn";
  }
  return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
