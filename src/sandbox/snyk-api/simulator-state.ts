import { randomUUID } from "node:crypto";

/** An org the simulator knows. */
export interface SimulatedOrg {
  /** The org ID (a UUID). */
  readonly id: string;
  /** The display name. @default - "Org <first 8 characters of the ID>" */
  readonly name?: string;
  /** The URL slug. @default - derived from the name */
  readonly slug?: string;
  /** The group the org belongs to. @default - none (set when a registration of a group names the org) */
  readonly groupId?: string;
}

/** A group the simulator knows. */
export interface SimulatedGroup {
  /** The group ID (a UUID). */
  readonly id: string;
  /** The display name. @default - "Group <first 8 characters of the ID>" */
  readonly name?: string;
}

/** A Cloud Events registration held by the simulator. */
export interface SimulatedRegistration {
  /** The registration ID (a UUID). */
  readonly id: string;
  /** The group it belongs to. */
  readonly groupId: string;
  /** The integration type, for example `aws-eventbridge`. */
  readonly type: string;
  /** The display name. */
  readonly name: string;
  /** The type-specific config as sent. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Creation time (ISO 8601). */
  readonly createdAt: string;
  /** Last rename time (ISO 8601). */
  readonly updatedAt: string;
  /** The partner event source created for it. @default - not created (yet) */
  readonly partnerSource?: string;
}

interface MutableOrg {
  id: string;
  name: string;
  slug: string;
  groupId?: string;
}

/**
 * The simulator's data: orgs, groups and registrations, in creation order (which is also the pagination
 * order). With `autoSeed`, any well-formed org or group ID is accepted and remembered on first use, so demos
 * work with arbitrary IDs; without it, unknown IDs are 404s.
 */
export class SimulatorState {
  private readonly orgs = new Map<string, MutableOrg>();
  private readonly groups = new Map<string, Required<SimulatedGroup>>();
  private readonly registrationsById = new Map<string, SimulatedRegistration>();

  constructor(
    private readonly autoSeed: boolean,
    orgs: readonly SimulatedOrg[] = [],
    groups: readonly SimulatedGroup[] = [],
  ) {
    groups.forEach((group) => this.addGroup(group));
    orgs.forEach((org) => this.addOrg(org));
  }

  /** Adds or replaces an org (its group is added too). */
  public addOrg(org: SimulatedOrg): void {
    const name = org.name ?? `Org ${org.id.slice(0, 8)}`;
    this.orgs.set(org.id, { id: org.id, name, slug: org.slug ?? slugOf(name), groupId: org.groupId });
    if (org.groupId !== undefined && !this.groups.has(org.groupId)) {
      this.addGroup({ id: org.groupId });
    }
  }

  /** Adds or replaces a group. */
  public addGroup(group: SimulatedGroup): void {
    this.groups.set(group.id, { id: group.id, name: group.name ?? `Group ${group.id.slice(0, 8)}` });
  }

  /** The org, seeding it when `autoSeed` is on; `undefined` when unknown. */
  public org(id: string): SimulatedOrg | undefined {
    let org = this.orgs.get(id);
    if (org === undefined && this.autoSeed) {
      this.addOrg({ id });
      org = this.orgs.get(id);
    }
    return org === undefined ? undefined : { ...org };
  }

  /** The group, seeding it when `autoSeed` is on; `undefined` when unknown. */
  public group(id: string): SimulatedGroup | undefined {
    if (!this.groups.has(id) && this.autoSeed) {
      this.addGroup({ id });
    }
    const group = this.groups.get(id);
    return group === undefined ? undefined : { ...group };
  }

  /** Puts an org that has no group into `groupId` (how auto-seeded orgs join the group that names them). */
  public adoptOrg(orgId: string, groupId: string): void {
    const org = this.orgs.get(orgId);
    if (org !== undefined && org.groupId === undefined) {
      org.groupId = groupId;
    }
  }

  /** Every org in creation order. */
  public allOrgs(): SimulatedOrg[] {
    return [...this.orgs.values()].map((org) => ({ ...org }));
  }

  /** The orgs of a group, in creation order. */
  public orgsOfGroup(groupId: string): SimulatedOrg[] {
    return this.allOrgs().filter((org) => org.groupId === groupId);
  }

  /** Every registration, or those of one group, in creation order. */
  public registrations(groupId?: string): SimulatedRegistration[] {
    return [...this.registrationsById.values()].filter(
      (registration) => groupId === undefined || registration.groupId === groupId,
    );
  }

  /** One registration. */
  public registration(id: string): SimulatedRegistration | undefined {
    return this.registrationsById.get(id);
  }

  /** Stores a new registration and returns it. */
  public createRegistration(
    input: Pick<SimulatedRegistration, "groupId" | "type" | "name" | "config">,
  ): SimulatedRegistration {
    const now = new Date().toISOString();
    const registration: SimulatedRegistration = { ...input, id: randomUUID(), createdAt: now, updatedAt: now };
    this.registrationsById.set(registration.id, registration);
    return registration;
  }

  /** Replaces fields of a registration and returns the new version. */
  public updateRegistration(
    id: string,
    change: Partial<Pick<SimulatedRegistration, "name" | "partnerSource">>,
  ): SimulatedRegistration {
    const current = this.registrationsById.get(id);
    if (current === undefined) {
      throw new RangeError(`no registration ${id}`);
    }
    const updated: SimulatedRegistration = {
      ...current,
      ...change,
      updatedAt: change.name !== undefined ? new Date().toISOString() : current.updatedAt,
    };
    this.registrationsById.set(id, updated);
    return updated;
  }

  /** Removes a registration and returns it. */
  public deleteRegistration(id: string): SimulatedRegistration | undefined {
    const registration = this.registrationsById.get(id);
    this.registrationsById.delete(id);
    return registration;
  }
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
