import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../errors";
import type { Reference } from "./expression-eval";
import { functionsOf, referencesOf } from "./expression-eval";
import type { Json, JsonObject } from "./config-json";
import { asObject, checkKeys, entries, refuse, STACK_FILE, toExpr, unique } from "./config-json";
import { loadProvisioners, replaceTriggers } from "./config-provisioners";
import type { Expr } from "./hcl-expression";
import type { DataSourceHandler, ResourceHandler } from "./resource-handler";
import { SUPPORTED_FUNCTIONS, unsupportedFunction } from "./terraform-functions";

export { STACK_FILE } from "./config-json";

/** One `local-exec` provisioner, parsed. */
export interface ProvisionerConfig {
  /** `create` (the default) or `destroy`. */
  readonly when: "create" | "destroy";
  /** `fail` (the default) or `continue`. */
  readonly onFailure: "fail" | "continue";
  /** The provisioner block (`command`, `environment`, `working_dir`, `interpreter`, `quiet`) as an expression. */
  readonly body: Expr;
  /** Where it sits, for messages: `terraform_data.x.provisioner[0]`. */
  readonly where: string;
}

/** A resource, data source, local value or output of the stack, parsed and checked. */
export interface ConfigNode {
  /** `aws_sns_topic.alerts`, `data.aws_region.current`, `local.name` or `output.busArn`. */
  readonly address: string;
  readonly mode: "managed" | "data" | "local" | "output" | "variable";
  /** Resource or data source type (`local`/`output` for the others). */
  readonly type: string;
  readonly name: string;
  /** The arguments (for locals and outputs, the value; for variables, the default) as one expression. */
  readonly body: Expr;
  /** Addresses this node must come after: its references and `depends_on`. */
  readonly dependencies: readonly string[];
  /** Provider configuration: `aws` or `aws.<alias>`. */
  readonly provider: string;
  readonly provisioners: readonly ProvisionerConfig[];
  readonly lifecycle: {
    readonly preventDestroy: boolean;
    readonly ignoreChanges: readonly string[];
    /** `replace_triggered_by`: replace this resource when one of these resources (or attributes) changes. */
    readonly replaceTriggeredBy: readonly Reference[];
  };
  /** For input variables: the declared type and whether a default exists. */
  readonly variable?: { readonly type?: string; readonly hasDefault: boolean };
  /** The construct path from cdktf metadata, for messages. */
  readonly constructPath?: string;
}

/** A provider configuration of the stack. */
export interface ProviderConfig {
  /** `aws` or `aws.<alias>`. */
  readonly key: string;
  readonly body: Expr;
}

/** The parsed stack. */
export interface StackConfig {
  readonly stackDir: string;
  readonly nodes: ReadonlyMap<string, ConfigNode>;
  readonly providers: ReadonlyMap<string, ProviderConfig>;
}

/** The resource and data source types the harness knows. */
export interface HandlerRegistry {
  readonly resources: ReadonlyMap<string, ResourceHandler>;
  readonly dataSources: ReadonlyMap<string, DataSourceHandler>;
}

const TOP_LEVEL_KEYS = new Set(["//", "terraform", "provider", "resource", "data", "output", "locals", "variable"]);
const VARIABLE_KEYS = new Set(["//", "type", "default", "description", "sensitive", "nullable"]);
const TERRAFORM_KEYS = new Set(["required_version", "required_providers", "backend"]);
const RESOURCE_META = new Set(["//", "depends_on", "lifecycle", "provider", "provisioner"]);
const DATA_META = new Set(["//", "depends_on", "provider"]);
const LIFECYCLE_KEYS = new Set(["create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by"]);
const OUTPUT_KEYS = new Set(["value", "description", "sensitive", "depends_on", "//"]);

/**
 * Reads `cdk.tf.json` from a stack directory and checks everything the harness will need before it acts:
 * every block, resource type, argument, meta-argument, provisioner, function and reference is either
 * understood or refused here, so an apply never stops half way on something it could have known.
 */
export function loadStackConfig(stackDir: string, registry: HandlerRegistry): StackConfig {
  const file = join(stackDir, STACK_FILE);
  let document: Json;
  try {
    document = JSON.parse(readFileSync(file, "utf8")) as Json;
  } catch (error) {
    throw new ValidationError(
      `cannot read the synthesized stack ${file}: ${(error as Error).message}. ` +
        "Pass the directory cdktf synthesized (cdktf.out/stacks/<stack>), which holds cdk.tf.json.",
      [{ field: "stackDir", rule: "must contain a readable cdk.tf.json", value: stackDir }],
      { cause: error },
    );
  }
  const root = asObject(document, STACK_FILE);
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      throw refuse(key, `the top-level block "${key}"`, "variables, modules, moved/import/check blocks");
    }
  }
  checkTerraformBlock(root.terraform);
  const providers = loadProviders(root.provider);
  const nodes = new Map<string, ConfigNode>();
  for (const [type, name, body] of entries(root.resource, "resource")) {
    const handler = registry.resources.get(type);
    if (handler === undefined) {
      throw refuse(`resource.${type}`, `the resource type ${type}`, undefined, [...registry.resources.keys()]);
    }
    nodes.set(`${type}.${name}`, loadResource(type, name, body, handler.arguments, providers));
  }
  for (const [type, name, body] of entries(root.data, "data")) {
    const handler = registry.dataSources.get(type);
    if (handler === undefined) {
      throw refuse(`data.${type}`, `the data source ${type}`, undefined, [...registry.dataSources.keys()]);
    }
    nodes.set(`data.${type}.${name}`, loadDataSource(type, name, body, handler.arguments, providers));
  }
  for (const [name, value] of Object.entries(asObject(root.locals ?? {}, "locals"))) {
    const body = toExpr(value, `local.${name}`);
    nodes.set(`local.${name}`, plainNode(`local.${name}`, "local", name, body, []));
  }
  for (const [name, value] of Object.entries(asObject(root.variable ?? {}, "variable"))) {
    const variable = asObject(value, `variable.${name}`);
    checkKeys(variable, VARIABLE_KEYS, `variable.${name}`);
    const body = toExpr(variable.default ?? null, `var.${name}.default`);
    const type = typeof variable.type === "string" ? variable.type.replace(/^\$\{(.*)\}$/s, "$1").trim() : undefined;
    nodes.set(`var.${name}`, {
      ...plainNode(`var.${name}`, "variable", name, body, []),
      variable: { type, hasDefault: variable.default !== undefined },
    });
  }
  for (const [name, value] of Object.entries(asObject(root.output ?? {}, "output"))) {
    const output = asObject(value, `output.${name}`);
    checkKeys(output, OUTPUT_KEYS, `output.${name}`);
    const body = toExpr(output.value ?? null, `output.${name}.value`);
    nodes.set(`output.${name}`, plainNode(`output.${name}`, "output", name, body, dependsOn(output, name)));
  }
  checkReferences(nodes);
  return { stackDir, nodes, providers };
}

function checkTerraformBlock(block: Json | undefined): void {
  if (block === undefined) {
    return;
  }
  const terraform = asObject(block, "terraform");
  checkKeys(terraform, TERRAFORM_KEYS, "terraform");
  const providers = asObject(terraform.required_providers ?? {}, "terraform.required_providers");
  for (const name of Object.keys(providers)) {
    if (name !== "aws") {
      throw refuse(`terraform.required_providers.${name}`, `the provider ${name}`, "only the aws provider");
    }
  }
}

function loadProviders(block: Json | undefined): Map<string, ProviderConfig> {
  const providers = new Map<string, ProviderConfig>();
  for (const [name, value] of Object.entries(asObject(block ?? {}, "provider"))) {
    if (name !== "aws") {
      throw refuse(`provider.${name}`, `the provider ${name}`, "only the aws provider");
    }
    const configs = Array.isArray(value) ? value : [value];
    configs.forEach((config, index) => {
      const body = asObject(config, `provider.aws[${index}]`);
      const alias = body.alias;
      const key = typeof alias === "string" ? `aws.${alias}` : "aws";
      providers.set(key, { key, body: toExpr(body, `provider.${key}`) });
    });
  }
  if (!providers.has("aws")) {
    providers.set("aws", { key: "aws", body: { kind: "object", entries: [] } });
  }
  return providers;
}

function loadResource(
  type: string,
  name: string,
  body: JsonObject,
  known: readonly string[],
  providers: ReadonlyMap<string, ProviderConfig>,
): ConfigNode {
  const address = `${type}.${name}`;
  const args: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (RESOURCE_META.has(key)) {
      continue;
    }
    if (!known.includes(key)) {
      throw refuse(`${address}.${key}`, `the argument or meta-argument "${key}" of ${type}`, undefined, known);
    }
    args[key] = value;
  }
  const lifecycle = asObject(body.lifecycle ?? {}, `${address}.lifecycle`);
  checkKeys(lifecycle, LIFECYCLE_KEYS, `${address}.lifecycle`);
  const ignoreChanges = lifecycle.ignore_changes ?? [];
  if (!Array.isArray(ignoreChanges) || ignoreChanges.some((item) => typeof item !== "string")) {
    throw refuse(`${address}.lifecycle.ignore_changes`, "ignore_changes other than a list of argument names");
  }
  const provisioners = loadProvisioners(address, body.provisioner);
  const replaceTriggeredBy = replaceTriggers(address, lifecycle.replace_triggered_by);
  const node: ConfigNode = {
    ...plainNode(address, "managed", name, toExpr(args, address), [
      ...dependsOn(body, address),
      ...replaceTriggeredBy.map((reference) => reference.address),
    ]),
    type,
    provider: providerKey(body, address, providers),
    provisioners,
    lifecycle: {
      preventDestroy: lifecycle.prevent_destroy === true,
      ignoreChanges: ignoreChanges as string[],
      replaceTriggeredBy,
    },
    constructPath: metadataPath(body),
  };
  const provisionerRefs = provisioners
    .filter((provisioner) => provisioner.when === "create")
    .flatMap((provisioner) => referencesOf(provisioner.body, provisioner.where))
    .map((reference) => reference.address)
    .filter((ref) => ref !== "self");
  return { ...node, dependencies: unique([...node.dependencies, ...provisionerRefs]) };
}

function loadDataSource(
  type: string,
  name: string,
  body: JsonObject,
  known: readonly string[],
  providers: ReadonlyMap<string, ProviderConfig>,
): ConfigNode {
  const address = `data.${type}.${name}`;
  const args: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (DATA_META.has(key)) {
      continue;
    }
    if (!known.includes(key)) {
      throw refuse(`${address}.${key}`, `the argument or meta-argument "${key}" of data.${type}`, undefined, known);
    }
    args[key] = value;
  }
  return {
    ...plainNode(address, "data", name, toExpr(args, address), dependsOn(body, address)),
    type,
    provider: providerKey(body, address, providers),
  };
}

function checkReferences(nodes: ReadonlyMap<string, ConfigNode>): void {
  for (const node of nodes.values()) {
    const checked: { expr: Expr; where: string; selfAllowed: boolean }[] = [
      { expr: node.body, where: node.address, selfAllowed: false },
      ...node.provisioners.map((provisioner) => ({
        expr: provisioner.body,
        where: provisioner.where,
        selfAllowed: true,
      })),
    ];
    for (const { expr, where, selfAllowed } of checked) {
      for (const fn of functionsOf(expr)) {
        if (!SUPPORTED_FUNCTIONS.includes(fn)) {
          throw unsupportedFunction(fn, where);
        }
      }
      for (const reference of referencesOf(expr, where)) {
        if (reference.address === "self" && selfAllowed) {
          continue;
        }
        if (!nodes.has(reference.address) || reference.address.startsWith("output.")) {
          throw new ValidationError(
            `${where}: references ${reference.address}, which the stack does not declare. ` +
              "Check the synthesized cdk.tf.json: every referenced resource, data source or local must be in it.",
            [{ field: where, rule: "must reference a declared object", value: reference.address }],
          );
        }
      }
    }
    for (const dependency of node.dependencies) {
      if (!nodes.has(dependency)) {
        throw new ValidationError(`${node.address}: depends on ${dependency}, which the stack does not declare.`, [
          { field: `${node.address}.depends_on`, rule: "must name a declared object", value: dependency },
        ]);
      }
    }
  }
}

function plainNode(
  address: string,
  mode: ConfigNode["mode"],
  name: string,
  body: Expr,
  explicit: readonly string[],
): ConfigNode {
  const references = referencesOf(body, address).map((reference) => reference.address);
  return {
    address,
    mode,
    type: mode,
    name,
    body,
    dependencies: unique([...explicit, ...references]).filter((ref) => ref !== address),
    provider: "aws",
    provisioners: [],
    lifecycle: { preventDestroy: false, ignoreChanges: [], replaceTriggeredBy: [] },
  };
}

function dependsOn(body: JsonObject, address: string): string[] {
  const list = body.depends_on ?? [];
  if (!Array.isArray(list)) {
    throw refuse(`${address}.depends_on`, "depends_on that is not a list");
  }
  return list.map((item) => {
    const text = typeof item === "string" ? item.replace(/^\$\{(.*)\}$/s, "$1").trim() : "";
    if (!/^(data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*$/.test(text)) {
      throw refuse(`${address}.depends_on`, `the depends_on entry ${JSON.stringify(item)}`, "resource addresses");
    }
    return text;
  });
}

function providerKey(body: JsonObject, address: string, providers: ReadonlyMap<string, ProviderConfig>): string {
  const raw = body.provider;
  if (raw === undefined) {
    return "aws";
  }
  const key = typeof raw === "string" ? raw.replace(/^\$\{(.*)\}$/s, "$1").trim() : "";
  if (!providers.has(key)) {
    throw refuse(`${address}.provider`, `the provider reference ${JSON.stringify(raw)}`, "a declared aws provider");
  }
  return key;
}

function metadataPath(body: JsonObject): string | undefined {
  const comment = body["//"];
  if (comment !== null && typeof comment === "object" && !Array.isArray(comment)) {
    const metadata = comment.metadata;
    if (metadata !== null && typeof metadata === "object" && !Array.isArray(metadata)) {
      return typeof metadata.path === "string" ? metadata.path : undefined;
    }
  }
  return undefined;
}
