import { ValidationError } from "../../errors";
import type { Json } from "./config-json";
import { asObject, checkKeys, refuse, toExpr } from "./config-json";
import type { Reference } from "./expression-eval";
import { referencesOf } from "./expression-eval";
import { parseTemplate } from "./hcl-expression";
import type { ProvisionerConfig } from "./stack-config";

/* Provisioner blocks and replace_triggered_by: the parts of a resource that reach beyond its own arguments. */

const LOCAL_EXEC_KEYS = new Set([
  "command",
  "environment",
  "working_dir",
  "interpreter",
  "when",
  "on_failure",
  "quiet",
]);

/** `replace_triggered_by` entries: references to managed resources or their attributes (`aws_x.y.id`). */
export function replaceTriggers(address: string, block: Json | undefined): Reference[] {
  if (block === undefined) {
    return [];
  }
  const where = `${address}.lifecycle.replace_triggered_by`;
  if (!Array.isArray(block)) {
    throw refuse(where, "replace_triggered_by that is not a list");
  }
  return block.map((item) => {
    const text = typeof item === "string" ? item.replace(/^\$\{(.*)\}$/s, "$1").trim() : "";
    const references = text === "" ? [] : referencesOf(parseTemplate(`\${${text}}`, where), where);
    const reference = references[0];
    if (references.length !== 1 || !/^(?!data\.|local\.|var\.)[\w-]+\.[\w-]+$/.test(reference.address)) {
      throw refuse(where, `the entry ${JSON.stringify(item)}`, "references to managed resources or their attributes");
    }
    return reference;
  });
}

export function loadProvisioners(address: string, block: Json | undefined): ProvisionerConfig[] {
  if (block === undefined) {
    return [];
  }
  const list = Array.isArray(block) ? block : [block];
  return list.map((item, index) => {
    const where = `${address}.provisioner[${index}]`;
    const wrapper = asObject(item, where);
    const kinds = Object.keys(wrapper);
    if (kinds.length !== 1 || kinds[0] !== "local-exec") {
      throw refuse(where, `the provisioner "${kinds.join(", ")}"`, "only local-exec");
    }
    const body = asObject(wrapper["local-exec"], where);
    checkKeys(body, LOCAL_EXEC_KEYS, where);
    if (typeof body.command !== "string") {
      throw refuse(`${where}.command`, "a local-exec provisioner without a command string");
    }
    const when = body.when ?? "create";
    const onFailure = body.on_failure ?? "fail";
    if (when !== "create" && when !== "destroy") {
      throw refuse(`${where}.when`, `when = ${JSON.stringify(when)}`, 'when = "create" or "destroy"');
    }
    if (onFailure !== "fail" && onFailure !== "continue") {
      throw refuse(`${where}.on_failure`, `on_failure = ${JSON.stringify(onFailure)}`, '"fail" or "continue"');
    }
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => key !== "when" && key !== "on_failure"));
    const expr = toExpr(rest, where);
    if (when === "destroy") {
      const foreign = referencesOf(expr, where).filter((reference) => reference.address !== "self");
      if (foreign.length > 0) {
        throw new ValidationError(
          `${where}: a destroy-time provisioner may reference only self, but it references ` +
            `${foreign.map((reference) => reference.address).join(", ")}. Terraform rejects this too: put what ` +
            "the destroy step needs into the resource's input or triggers_replace and read it from self.",
          [{ field: where, rule: "destroy-time provisioners may only reference self", value: foreign[0].address }],
        );
      }
    }
    return { when, onFailure, body: expr, where };
  });
}
