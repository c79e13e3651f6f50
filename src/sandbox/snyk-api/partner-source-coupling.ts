import { partnerSourcePrefix } from "../../consts";
import type { PartnerSourceRegistry } from "../partner-source-registry";
import type { SimulatedRegistration, SimulatorState } from "./simulator-state";

/** What the simulator knows about a registration when it names its partner event source. */
export interface SimulatedSourceIdentity {
  /** The Snyk org whose events the source carries. */
  readonly orgId: string;
  /** The group the registration was made in. @default - none (an integration created in the Snyk UI) */
  readonly groupId?: string;
  /** The AWS account of the source. */
  readonly accountId: string;
  /** The AWS region of the source. */
  readonly region: string;
  /** The registration's `config.event_type`, as sent. */
  readonly eventType: string;
}

/** A partner event source the simulator created or deleted. */
export interface SimulatedPartnerSourceEvent {
  /** Whether the source was created or deleted. */
  readonly action: "create" | "delete";
  /** The partner event source name. */
  readonly name: string;
  /** The AWS account of the source. */
  readonly accountId: string;
  /** The AWS region of the source. */
  readonly region: string;
  /** What the registry threw; the simulator keeps running. @default - the registry succeeded */
  readonly error?: string;
}

/** How partner sources follow registrations. */
export interface PartnerSourceCouplingOptions {
  /** Where sources appear. @default - none: events are only recorded */
  readonly registry?: PartnerSourceRegistry;
  /** Delay before a created registration's source appears. */
  readonly delayMs: number;
  /** Names the source. @default - `aws.partner/snyk.io/org_<orgId>/<eventType>` */
  readonly sourceName?: (identity: SimulatedSourceIdentity) => string;
  /** Receives a line when the registry fails. @default - no log */
  readonly onLog?: (line: string) => void;
}

/**
 * Does what Snyk does in the customer's AWS account: after an EventBridge registration is created, the partner
 * event source appears (after a delay); when the registration is deleted, it goes. A registration deleted
 * before its source appeared never makes one. Works without a registry (events are still recorded).
 */
export class PartnerSourceCoupling {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly events: SimulatedPartnerSourceEvent[] = [];
  private readonly uiSources = new Map<string, { name: string; accountId: string; region: string }>();

  constructor(
    private readonly state: SimulatorState,
    private readonly options: PartnerSourceCouplingOptions,
  ) {}

  /** Schedules the source of a new EventBridge registration. */
  public created(registration: SimulatedRegistration): void {
    if (registration.type !== "aws-eventbridge") {
      return;
    }
    const config = registration.config as Record<string, string>;
    const identity: SimulatedSourceIdentity = {
      orgId: config.org_id,
      groupId: registration.groupId,
      accountId: config.account_id,
      region: config.region,
      eventType: config.event_type,
    };
    const name = this.sourceNameOf(identity);
    const timer = setTimeout(() => {
      this.timers.delete(registration.id);
      if (this.state.registration(registration.id) === undefined) {
        return;
      }
      this.state.updateRegistration(registration.id, { partnerSource: name });
      this.callRegistry("create", { name, accountId: identity.accountId, region: identity.region });
    }, this.options.delayMs);
    this.timers.set(registration.id, timer);
  }

  /**
   * An Amazon EventBridge integration created in the Snyk UI (which no API lists): its partner event source
   * appears after the delay, as for a registration. Returns the source name.
   */
  public uiIntegrationCreated(key: string, identity: SimulatedSourceIdentity): string {
    const name = this.sourceNameOf(identity);
    const source = { name, accountId: identity.accountId, region: identity.region };
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.uiSources.set(key, source);
      this.callRegistry("create", source);
    }, this.options.delayMs);
    this.timers.set(key, timer);
    return name;
  }

  /** The UI integration was deleted: its pending source never appears, or the one that appeared goes. */
  public uiIntegrationDeleted(key: string): void {
    const pending = this.timers.get(key);
    if (pending !== undefined) {
      clearTimeout(pending);
      this.timers.delete(key);
      return;
    }
    const source = this.uiSources.get(key);
    if (source !== undefined) {
      this.uiSources.delete(key);
      this.callRegistry("delete", source);
    }
  }

  /** Cancels a pending source, or deletes the one that appeared. */
  public deleted(registration: SimulatedRegistration): void {
    const pending = this.timers.get(registration.id);
    if (pending !== undefined) {
      clearTimeout(pending);
      this.timers.delete(registration.id);
      return;
    }
    if (registration.partnerSource !== undefined) {
      const config = registration.config as Record<string, string>;
      this.callRegistry("delete", {
        name: registration.partnerSource,
        accountId: config.account_id,
        region: config.region,
      });
    }
  }

  /** Sources created and deleted so far, oldest first. */
  public history(): SimulatedPartnerSourceEvent[] {
    return [...this.events];
  }

  /** Clears every pending timer. */
  public stop(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }

  private sourceNameOf(identity: SimulatedSourceIdentity): string {
    return this.options.sourceName?.(identity) ?? `${partnerSourcePrefix(identity.orgId)}${identity.eventType}`;
  }

  private callRegistry(action: "create" | "delete", source: { name: string; accountId: string; region: string }): void {
    const registry = this.options.registry;
    try {
      if (action === "create") {
        registry?.createPartnerSource(source);
      } else {
        registry?.deletePartnerSource(source);
      }
      this.events.push({ action, ...source });
    } catch (error) {
      // A failing registry must not take the simulator down; the failure is recorded for the test to see.
      const message = error instanceof Error ? error.message : String(error);
      this.events.push({ action, ...source, error: message });
      this.options.onLog?.(`partner source ${action} of ${source.name} failed: ${message}`);
    }
  }
}
