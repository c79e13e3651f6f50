import type { PartnerSource } from "../../../src/aws/partner-source";
import { fakeApi, type FakeSource } from "../aws/fake-eventbridge-api";
import { partnerSourcePrefix } from "../../../src/consts";
import { SnykApiError } from "../../../src/errors";
import { sameIdentity } from "../../../src/provisioner/integration-spec";
import { partnerSourceDirectory } from "../../../src/provisioner/create-provisioner-deps";
import type { PartnerSourceDirectory, ProvisionerDeps } from "../../../src/provisioner/provisioner-deps";
import type {
  DesiredIntegration,
  IntegrationIdentity,
  IntegrationProfile,
  IntegrationScope,
  SnykIntegration,
} from "../../../src/snyk/integration-profile";

/** An operation of the fake world, for call counts and fault injection. */
export type FakeOperation =
  | "snyk.list"
  | "snyk.create"
  | "snyk.rename"
  | "snyk.delete"
  /** EventBridge ListEventSources (one page). */
  | "aws.list"
  /** EventBridge DescribeEventSource. */
  | "aws.describe"
  /** STS GetCallerIdentity (only for the timeout message). */
  | "aws.identity";

/** A fault: throw before or after the `nth` call of `operation` has taken effect. */
export interface FakeFault {
  readonly operation: FakeOperation;
  readonly nth: number;
  readonly when: "before" | "after";
}

/** In-memory Snyk and EventBridge with call counts, async interleaving and fault injection. */
export class FakeWorld {
  public readonly integrations: SnykIntegration[] = [];
  public readonly sources: (PartnerSource & { accountId: string; region: string })[] = [];
  public readonly calls: FakeOperation[] = [];
  public faults: FakeFault[] = [];
  /** How Snyk names the source it creates. */
  public sourceName: (identity: IntegrationIdentity) => string = (identity) =>
    `${partnerSourcePrefix(identity.orgId)}${identity.eventType}`;
  /** Whether Snyk creates a source at all when an integration is created. */
  public createsSources = true;
  /** Whether Snyk refuses a second integration with the same identity (409), as the simulator does. */
  public conflictOnDuplicate = false;
  /** Delay between an integration's creation and its source's appearance. */
  public sourceDelayMs = 0;
  private nextId = 1;
  private clock = Date.parse("2026-01-01T00:00:00Z");

  constructor(
    private readonly account = "123456789012",
    private readonly region = "eu-west-1",
  ) {}

  /** Calls of one operation so far. */
  public count(operation: FakeOperation): number {
    return this.calls.filter((call) => call === operation).length;
  }

  /** The deps a provisioner run uses against this world, seeing AWS as `account`/`region`. */
  public deps(options: { signal?: AbortSignal; readOnly?: boolean } = {}): ProvisionerDeps {
    return { profile: this.profile(options.readOnly ?? false), sources: this.directory(), signal: options.signal };
  }

  /** The partner source as AWS would report it in this world's account/region. */
  public addSource(
    name: string,
    state: PartnerSource["state"] = "PENDING",
    account = this.account,
    region = this.region,
  ): void {
    this.sources.push({
      name,
      arn: `arn:aws:events:${region}::event-source/${name}`,
      state,
      accountId: account,
      region,
    });
  }

  private async step<T>(operation: FakeOperation, effect: () => T): Promise<T> {
    // Yield to the event loop so concurrent runs interleave between every call, as over a network.
    await new Promise((resolve) => setImmediate(resolve));
    this.calls.push(operation);
    const nth = this.count(operation);
    const fault = this.faults.find((candidate) => candidate.operation === operation && candidate.nth === nth);
    if (fault?.when === "before") {
      throw new Error(`injected crash before ${operation} #${nth}`);
    }
    const result = effect();
    if (fault?.when === "after") {
      throw new Error(`injected crash after ${operation} #${nth}`);
    }
    return result;
  }

  private profile(readOnly: boolean): IntegrationProfile {
    const inScope = (scope: IntegrationScope) => (integration: SnykIntegration) => integration.orgId === scope.orgId;
    return {
      name: readOnly ? "existing" : "fake",
      readOnly,
      list: (scope) => this.step("snyk.list", () => this.integrations.filter(inScope(scope)).map((i) => ({ ...i }))),
      get: (scope, id) => this.step("snyk.list", () => this.integrations.find((i) => inScope(scope)(i) && i.id === id)),
      create: (desired: DesiredIntegration) =>
        this.step("snyk.create", () => {
          if (this.conflictOnDuplicate && this.integrations.some((i) => sameIdentity(i, desired))) {
            throw new SnykApiError("Conflict: an integration with this identity exists", {
              status: 409,
              retryable: false,
            });
          }
          this.clock += 1000;
          const created: SnykIntegration = {
            ...desired,
            id: `int-${String(this.nextId++).padStart(3, "0")}`,
            createdAt: new Date(this.clock).toISOString(),
          };
          this.integrations.push(created);
          const name = this.sourceName(created);
          const appear = (): void => {
            const stillThere = this.integrations.some((i) => i.id === created.id);
            if (stillThere && !this.sources.some((s) => s.name === name && s.accountId === created.accountId)) {
              this.addSource(name, "PENDING", created.accountId, created.region);
            }
          };
          if (this.createsSources && this.sourceDelayMs === 0) {
            appear();
          } else if (this.createsSources) {
            setTimeout(appear, this.sourceDelayMs);
          }
          return { ...created };
        }),
      rename: (scope, id, name) =>
        this.step("snyk.rename", () => {
          const found = this.integrations.find((i) => inScope(scope)(i) && i.id === id);
          if (found === undefined) {
            throw new Error(`no integration ${id}`);
          }
          const renamed = { ...found, name };
          this.integrations.splice(this.integrations.indexOf(found), 1, renamed);
          return { ...renamed };
        }),
      delete: (scope, id) =>
        this.step("snyk.delete", () => {
          const index = this.integrations.findIndex((i) => inScope(scope)(i) && i.id === id);
          if (index < 0) {
            return "not-found" as const;
          }
          const [gone] = this.integrations.splice(index, 1);
          const stillUsed = this.integrations.some((i) => this.sourceName(i) === this.sourceName(gone));
          const sourceIndex = this.sources.findIndex(
            (s) => s.name === this.sourceName(gone) && s.accountId === gone.accountId,
          );
          if (!stillUsed && sourceIndex >= 0) {
            this.sources.splice(sourceIndex, 1);
          }
          return "deleted" as const;
        }),
    };
  }

  /**
   * The real EventBridge directory (and so the real waiter) over an in-memory EventBridge that serves this
   * world's sources as the credentials' account and region see them.
   */
  private directory(): PartnerSourceDirectory {
    const visible = (): FakeSource[] =>
      this.sources
        .filter((s) => s.accountId === this.account && s.region === this.region)
        .map((s) => ({ Name: s.name, Arn: s.arn, State: s.state }));
    const api = fakeApi(visible, {
      around: (operation, answer) => this.step(operation === "ListEventSources" ? "aws.list" : "aws.describe", answer),
    });
    return partnerSourceDirectory(api, () => this.step("aws.identity", () => ({ account: this.account })));
  }
}

export const ORG = "11111111-2222-4333-8444-555555555555";
export const GROUP = "99999999-8888-4777-8666-555555555555";

/** A valid spec with small wait limits, overridable. */
export function specInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orgId: ORG,
    groupId: GROUP,
    name: "prod issues",
    eventType: "issues",
    accountId: "123456789012",
    region: "eu-west-1",
    wait: { timeoutSeconds: 0.2, minDelayMs: 2, maxDelayMs: 10 },
    ...overrides,
  };
}
