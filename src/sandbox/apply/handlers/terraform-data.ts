import { randomUUID } from "node:crypto";
import type { ResourceHandler } from "../resource-handler";

const ARGS = ["input", "triggers_replace"];

/**
 * `terraform_data` (Terraform >= 1.4): `output` mirrors `input`; a change of `triggers_replace` replaces it
 * (running destroy-time then create-time provisioners), a change of `input` only updates `output`.
 * Its provisioners are run by the engine, as for any resource.
 */
export const terraformDataHandler: ResourceHandler = {
  type: "terraform_data",
  arguments: ARGS,
  forceNew: ["triggers_replace"],
  create: async (args) => ({
    input: args.input ?? null,
    triggers_replace: args.triggers_replace ?? null,
    output: args.input ?? null,
    id: randomUUID(),
  }),
  update: async (args, prior) => ({
    input: args.input ?? null,
    triggers_replace: args.triggers_replace ?? null,
    output: args.input ?? null,
    id: prior.attributes.id,
  }),
  delete: async () => undefined,
};
