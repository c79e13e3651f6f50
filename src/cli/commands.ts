import type { Command } from "./command";

/** A verb as listed in `--help`; its module is loaded only when the verb runs, to keep start-up fast. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** Every verb of the command-line tool, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "reconcile",
    summary: "create, adopt or update the integration and wait for its partner source",
    load: async () => (await import("./commands/reconcile")).default,
  },
  {
    name: "delete",
    summary: "delete the integration and confirm its partner source is gone",
    load: async () => (await import("./commands/delete")).default,
  },
  {
    name: "status",
    summary: "report drift between the spec and Snyk/AWS (exit 3 on drift)",
    load: async () => (await import("./commands/status")).default,
  },
  {
    name: "doctor",
    summary: "check, without writing anything, that Snyk and AWS have what the spec needs (exit 1 on a failed check)",
    load: async () => (await import("./commands/doctor")).default,
  },
  {
    name: "sandbox",
    summary: "run the Snyk and EventBridge simulators on loopback until interrupted",
    load: async () => (await import("./commands/sandbox")).default,
  },
  {
    name: "test-pattern",
    summary: "test an EventBridge event pattern against an event offline (exit 0 match, 1 no match)",
    load: async () => (await import("./commands/test-pattern")).default,
  },
  {
    name: "sandbox-apply",
    summary: "apply or destroy a synthesized stack in the local sandbox (a test and demo tool, not Terraform)",
    load: async () => (await import("./commands/sandbox-apply")).default,
  },
];
