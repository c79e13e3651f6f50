import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "../../errors";
import type { HclBlock } from "./hcl-blocks";
import { literalString, parseHclBody } from "./hcl-blocks";

/** One configuration of the AWS provider in a stack's root module. */
export interface AwsProviderConfiguration {
  /** The provider's local name in the module, usually `aws`. */
  readonly localName: string;
  /** The configuration's alias; absent for the default configuration. */
  readonly alias?: string;
  /** The file that declares it, relative to the stack directory. */
  readonly file: string;
}

/** The AWS provider as a stack's root module declares it. */
export interface AwsProviderUsage {
  /** The local names bound to `hashicorp/aws` (in `required_providers`, plus `aws` unless it is bound elsewhere). */
  readonly localNames: readonly string[];
  /** Every `provider` block for one of those names: the default configuration and each alias. */
  readonly configurations: readonly AwsProviderConfiguration[];
}

type JsonObject = { readonly [key: string]: unknown };

/**
 * Reads the AWS provider configurations of the root module in `stackDir`: cdktf's `cdk.tf.json`, any other
 * `*.tf.json`, and `*.tf` files, leaving out override files (which cannot declare configurations). Child
 * modules are not read: an override file applies to its own directory only.
 *
 * @throws ValidationError when a file cannot be read as Terraform configuration
 */
export function readAwsProviderUsage(stackDir: string): AwsProviderUsage {
  const files = readdirSync(stackDir)
    .filter((name) => (name.endsWith(".tf") || name.endsWith(".tf.json")) && !isOverrideFile(name))
    .sort();
  const sources = new Map<string, string>();
  const providerBlocks: { localName: string; alias?: string; file: string }[] = [];
  for (const file of files) {
    const text = readFileSync(join(stackDir, file), "utf8");
    const found = file.endsWith(".json") ? readJsonFile(text, file) : readHclFile(text, file);
    for (const [localName, source] of found.sources) {
      sources.set(localName, source);
    }
    providerBlocks.push(...found.providers.map((provider) => ({ ...provider, file })));
  }
  const localNames = new Set([...sources].filter(([, source]) => isAwsSource(source)).map(([name]) => name));
  if (!sources.has("aws")) {
    // Without a required_providers entry, Terraform binds the local name "aws" to hashicorp/aws.
    localNames.add("aws");
  }
  return {
    localNames: [...localNames].sort(),
    configurations: providerBlocks.filter((block) => localNames.has(block.localName)),
  };
}

/** Whether Terraform treats the file as an override file (`override.tf`, `x_override.tf.json`, ...). */
export function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

/**
 * Whether a `required_providers` source address means `registry.terraform.io/hashicorp/aws`: Terraform reads
 * `aws` (what cdktf writes) as `hashicorp/aws`, and `hashicorp/aws` as `registry.terraform.io/hashicorp/aws`.
 */
function isAwsSource(source: string): boolean {
  const parts = source.trim().toLowerCase().split("/");
  const full = [...["registry.terraform.io", "hashicorp"].slice(0, Math.max(0, 3 - parts.length)), ...parts].join("/");
  return full === "registry.terraform.io/hashicorp/aws";
}

interface FoundInFile {
  readonly sources: readonly (readonly [string, string])[];
  readonly providers: readonly { readonly localName: string; readonly alias?: string }[];
}

function readJsonFile(text: string, file: string): FoundInFile {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw invalidFile(file, `is not valid JSON (${(error as Error).message})`, error);
  }
  const sources: [string, string][] = [];
  const providers: { localName: string; alias?: string }[] = [];
  for (const document of objects(root)) {
    for (const terraform of objects(document.terraform)) {
      for (const requirements of objects(terraform.required_providers)) {
        for (const [localName, requirement] of Object.entries(requirements)) {
          const source = (requirement as JsonObject | null)?.source;
          // A bare string is the pre-0.13 version constraint: the source is then the default hashicorp/<name>.
          sources.push([localName, typeof source === "string" ? source : `hashicorp/${localName}`]);
        }
      }
    }
    for (const byName of objects(document.provider)) {
      for (const [localName, configs] of Object.entries(byName)) {
        for (const config of objects(configs)) {
          const alias = config.alias;
          if (alias !== undefined && typeof alias !== "string") {
            throw invalidFile(file, `provider.${localName}.alias must be a string`);
          }
          providers.push(alias === undefined ? { localName } : { localName, alias });
        }
      }
    }
  }
  return { sources, providers };
}

function readHclFile(text: string, file: string): FoundInFile {
  let blocks: readonly HclBlock[];
  try {
    blocks = parseHclBody(text).blocks;
  } catch (error) {
    throw invalidFile(file, `cannot be read as HCL (${(error as Error).message})`, error);
  }
  const sources: [string, string][] = [];
  const providers: { localName: string; alias?: string }[] = [];
  for (const block of blocks) {
    if (block.type === "terraform") {
      for (const nested of parseHclBody(block.body).blocks.filter((item) => item.type === "required_providers")) {
        for (const attribute of parseHclBody(nested.body).attributes) {
          const source = /(?:^|[\s,{])"?source"?\s*[=:]\s*"([^"]*)"/.exec(attribute.expression)?.[1];
          sources.push([attribute.name, source ?? `hashicorp/${attribute.name}`]);
        }
      }
    } else if (block.type === "provider" && block.labels.length === 1) {
      const aliasAttribute = parseHclBody(block.body).attributes.find((attribute) => attribute.name === "alias");
      if (aliasAttribute === undefined) {
        providers.push({ localName: block.labels[0] });
        continue;
      }
      const alias = literalString(aliasAttribute.expression);
      if (alias === undefined) {
        throw invalidFile(file, `provider "${block.labels[0]}" has an alias that is not a quoted string`);
      }
      providers.push({ localName: block.labels[0], alias });
    }
  }
  return { sources, providers };
}

/** A JSON block value as a list of objects: Terraform's JSON syntax allows one object or an array of them. */
function objects(value: unknown): JsonObject[] {
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is JsonObject => typeof item === "object" && item !== null && !Array.isArray(item));
}

function invalidFile(file: string, rule: string, cause?: unknown): ValidationError {
  return new ValidationError(
    `${file} ${rule}; fix the file (terraform validate shows where) and run again.`,
    [{ field: file, rule }],
    { cause },
  );
}
