import type { Command } from "./command";

/** A verb as listed in `--help`; its module is loaded only when the verb runs, to keep start-up fast. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** Every verb of the command-line tool, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [];
