import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The OCSF schema files (`test/conformance/data/ocsf-<version>/`) composed the way the OCSF schema server
 * composes them, so that an event can be checked attribute by attribute:
 *
 * - a class or object names its parent in `extends`; the parent's attributes come first and the child's
 *   entries for the same attribute are merged over them (an `enum` is merged value by value, so a class adds
 *   its activities to the dictionary's `0 Unknown` and `99 Other`);
 * - `"$include"` in `attributes` pulls in the attributes of another file (an include or a profile), the
 *   including file's own entries winning; `"$include"` inside one attribute merges that file into the
 *   attribute (an enum list);
 * - attributes that come from a profile (`profiles/*.json`, `"meta": "profile"`), through an include or the
 *   class's `profiles` list, belong to the event only when it names the profile in `metadata.profiles`;
 * - every attribute's type, `is_array`, caption, enum and sibling come from `dictionary.json`, merged under
 *   what the class or object says about it; types ending in `_t` are the dictionary's scalar types, any other
 *   type is an object in `objects/`.
 *
 * Written as test code rather than generating a JSON Schema for a validator library: the composition above is
 * the part that needs care, a generated JSON Schema would repeat it, and a library could not express the
 * profile switch or the OCSF-specific checks (sibling captions, `type_uid`).
 */

/** `required`, `recommended` or `optional` (the OCSF server's default when a file names none). */
export type Requirement = "required" | "recommended" | "optional";

/** One enum value: its caption. */
export interface EnumValue {
  readonly caption: string;
}

/** One attribute of a class or object, fully composed. */
export interface ComposedAttribute {
  readonly name: string;
  readonly requirement: Requirement;
  /** A scalar type (`string_t`, ...) or an object name. */
  readonly type: string;
  readonly isArray: boolean;
  readonly caption?: string;
  readonly enum?: Readonly<Record<string, EnumValue>>;
  /** The name of the string attribute that carries this ID's caption (`severity_id` → `severity`). */
  readonly sibling?: string;
  /** The profile that brings the attribute; it applies only when the event names that profile. */
  readonly profile?: string;
}

/** A class or object with every attribute composed. */
export interface ComposedType {
  readonly name: string;
  readonly caption: string;
  /** The class `uid` within its category (classes only). */
  readonly uid?: number;
  /** The category name (classes only). */
  readonly category?: string;
  readonly attributes: ReadonlyMap<string, ComposedAttribute>;
  /** Profiles an event of this class may name (classes only). */
  readonly profiles: readonly string[];
  /** `at_least_one` / `just_one` constraints of an object. */
  readonly constraints: Readonly<Record<string, readonly string[]>>;
}

/** A scalar type of the dictionary, with its base chain resolved. */
export interface ScalarType {
  readonly name: string;
  /** The base JSON kind every value of the type must have. */
  readonly kind: "string" | "integer" | "number" | "boolean" | "object" | "any";
  readonly regex?: string;
  readonly maxLength?: number;
  readonly range?: readonly [number, number];
  readonly values?: readonly unknown[];
}

type Json = Record<string, unknown>;

interface RawAttribute {
  readonly [key: string]: unknown;
}

/**
 * Attribute-level includes the copied schema does not carry. `classification.json` includes
 * `enums/defaults.json` (`0 Unknown`, `99 Other`) into `activity_id`; the dictionary's own `activity_id` enum
 * already has exactly those two values, which `ocsf-rc2.test.ts` asserts, so the absent file adds nothing.
 */
export const ABSENT_ENUM_INCLUDES: ReadonlySet<string> = new Set(["enums/defaults.json"]);

/** The scalar kinds of the dictionary's base types. */
const BASE_KINDS: Readonly<Record<string, ScalarType["kind"]>> = {
  string_t: "string",
  integer_t: "integer",
  long_t: "integer",
  float_t: "number",
  boolean_t: "boolean",
  json_t: "any",
  object_t: "object",
  bytestring_t: "string",
};

/** The OCSF schema of one version, read from its folder and composed on demand. */
export class OcsfSchema {
  /** The `version.json` version. */
  public readonly version: string;
  private readonly dictionary: Readonly<Record<string, RawAttribute>>;
  private readonly types: Readonly<Record<string, Json>>;
  private readonly categories: Readonly<Record<string, Json>>;
  private readonly objects = new Map<string, ComposedType>();

  constructor(private readonly root: string) {
    this.version = (this.read("version.json") as { version: string }).version;
    const dictionary = this.read("dictionary.json") as { attributes: Json; types: { attributes: Json } };
    this.dictionary = dictionary.attributes as Record<string, RawAttribute>;
    this.types = dictionary.types.attributes as Record<string, Json>;
    this.categories = (this.read("categories.json") as { attributes: Record<string, Json> }).attributes;
  }

  /** The dictionary entry of an attribute, as written. */
  public dictionaryEntry(name: string): RawAttribute | undefined {
    return this.dictionary[name];
  }

  /** The `uid` of a category by name (`findings` is 2). */
  public categoryUid(name: string): number {
    const category = this.categories[name];
    if (category === undefined) {
      throw new Error(`categories.json has no category ${JSON.stringify(name)}`);
    }
    return category.uid as number;
  }

  /** The caption of a category by name. */
  public categoryCaption(name: string): string {
    return this.categories[name]?.caption as string;
  }

  /**
   * A class from `events/`, composed (`path` relative to `events/`, without `.json`). As the OCSF server does,
   * the generic enums of `category_uid` and `class_uid` (only `99 Other` in the files) become the class's own
   * values, and `type_uid` gets one value per activity: `class_uid * 100 + activity_id`.
   */
  public eventClass(path: string): ComposedType {
    const composed = this.compose(`events/${path}.json`, (parent) => this.findEventFile(parent));
    if (composed.category === undefined || composed.uid === undefined) {
      return composed;
    }
    const categoryUid = this.categoryUid(composed.category);
    const classUid = categoryUid * 1000 + composed.uid;
    const activities = composed.attributes.get("activity_id")?.enum ?? {};
    const typeValues = Object.fromEntries(
      Object.entries(activities).map(([id, activity]) => [
        String(classUid * 100 + Number(id)),
        { caption: `${composed.caption}: ${activity.caption}` },
      ]),
    );
    const attributes = new Map(composed.attributes);
    const withEnum = (name: string, values: Record<string, EnumValue>): void => {
      const attribute = attributes.get(name);
      if (attribute !== undefined) {
        attributes.set(name, { ...attribute, enum: values });
      }
    };
    withEnum("category_uid", { [categoryUid]: { caption: this.categoryCaption(composed.category) } });
    withEnum("class_uid", { [classUid]: { caption: composed.caption } });
    withEnum("type_uid", typeValues);
    return { ...composed, attributes };
  }

  /** An object from `objects/`, composed. */
  public object(name: string): ComposedType {
    let composed = this.objects.get(name);
    if (composed === undefined) {
      composed = this.compose(`objects/${name}.json`, (parent) => `objects/${parent}.json`);
      this.objects.set(name, composed);
    }
    return composed;
  }

  /** Whether `name` is an object type (rather than a scalar type). */
  public isObjectType(name: string): boolean {
    return this.types[name] === undefined;
  }

  /** A scalar type with its base chain resolved into one set of constraints. */
  public scalar(name: string): ScalarType {
    let current: string | undefined = name;
    let regex: string | undefined;
    let maxLength: number | undefined;
    let range: [number, number] | undefined;
    let values: unknown[] | undefined;
    while (current !== undefined) {
      const definition: Json | undefined = this.types[current];
      if (definition === undefined) {
        throw new Error(`dictionary.json types have no ${JSON.stringify(current)}`);
      }
      regex ??= definition.regex as string | undefined;
      maxLength ??= definition.max_len as number | undefined;
      range ??= definition.range as [number, number] | undefined;
      values ??= definition.values as unknown[] | undefined;
      const kind = BASE_KINDS[current];
      if (kind !== undefined) {
        return { name, kind, regex, maxLength, range, values };
      }
      // Types without a base type but with `type_name: "String"` (file hashes, subnets) are strings.
      current = (definition.type as string | undefined) ?? (definition.type_name === "String" ? "string_t" : undefined);
    }
    throw new Error(`dictionary.json type ${JSON.stringify(name)} has no base type`);
  }

  private compose(file: string, parentFile: (parent: string) => string): ComposedType {
    const definition = this.read(file) as Json;
    const parentName = definition.extends as string | undefined;
    const parent = parentName === undefined ? undefined : this.compose(parentFile(parentName), parentFile);
    const raw = new Map<string, { entry: RawAttribute; profile?: string }>();
    parent?.attributes.forEach((attribute, name) => raw.set(name, { entry: {}, profile: attribute.profile }));
    const own = this.attributesOf(definition.attributes as Json, undefined);
    const profiles = [...(parent?.profiles ?? []), ...((definition.profiles as string[] | undefined) ?? [])];
    for (const profile of (definition.profiles as string[] | undefined) ?? []) {
      const fromProfile = this.attributesOf(
        (this.read(`profiles/${profile}.json`) as Json).attributes as Json,
        profile,
      );
      fromProfile.forEach((value, name) => {
        if (!own.has(name) && !raw.has(name)) {
          raw.set(name, value);
        }
      });
    }
    own.forEach((value, name) => {
      const previous = raw.get(name);
      raw.set(name, { entry: value.entry, profile: value.profile ?? previous?.profile });
    });
    const attributes = new Map<string, ComposedAttribute>();
    for (const [name, { entry, profile }] of raw) {
      const inherited = parent?.attributes.get(name);
      attributes.set(name, this.composeAttribute(name, entry, inherited, profile));
    }
    return {
      name: definition.name as string,
      caption: definition.caption as string,
      uid: definition.uid as number | undefined,
      category: (definition.category as string | undefined) ?? parent?.category,
      attributes,
      profiles: [...new Set(profiles)],
      constraints: {
        ...parent?.constraints,
        ...((definition.constraints as Record<string, string[]> | undefined) ?? {}),
      },
    };
  }

  /** The attributes a file declares, with its `$include`s merged under its own entries. */
  private attributesOf(
    attributes: Json | undefined,
    profile: string | undefined,
  ): Map<string, { entry: RawAttribute; profile?: string }> {
    const result = new Map<string, { entry: RawAttribute; profile?: string }>();
    const includes = attributes?.$include;
    for (const include of includes === undefined ? [] : Array.isArray(includes) ? includes : [includes]) {
      const included = this.read(include as string) as Json;
      const includedProfile = included.meta === "profile" ? (included.name as string) : profile;
      this.attributesOf(included.attributes as Json, includedProfile).forEach((value, name) => result.set(name, value));
    }
    for (const [name, entry] of Object.entries(attributes ?? {})) {
      if (name !== "$include") {
        result.set(name, { entry: this.withAttributeInclude(entry as RawAttribute), profile });
      }
    }
    return result;
  }

  private withAttributeInclude(entry: RawAttribute): RawAttribute {
    const include = entry.$include as string | undefined;
    if (include === undefined) {
      return entry;
    }
    if (!existsSync(join(this.root, include))) {
      if (ABSENT_ENUM_INCLUDES.has(include)) {
        return entry;
      }
      throw new Error(`the schema copy lacks ${include}, included by an attribute`);
    }
    return mergeEntries(this.read(include) as RawAttribute, entry);
  }

  private composeAttribute(
    name: string,
    entry: RawAttribute,
    inherited: ComposedAttribute | undefined,
    profile: string | undefined,
  ): ComposedAttribute {
    const dictionary = this.dictionary[name];
    if (dictionary === undefined) {
      throw new Error(`dictionary.json has no attribute ${JSON.stringify(name)}`);
    }
    const base: RawAttribute = inherited === undefined ? dictionary : mergeEntries(dictionary, toRaw(inherited));
    const merged = mergeEntries(base, entry);
    const enumValues = merged.enum as Record<string, EnumValue> | undefined;
    return {
      name,
      requirement: (merged.requirement as Requirement | undefined) ?? "optional",
      type: merged.type as string,
      isArray: merged.is_array === true,
      caption: merged.caption as string | undefined,
      ...(enumValues === undefined ? {} : { enum: enumValues }),
      ...(merged.sibling === undefined ? {} : { sibling: merged.sibling as string }),
      ...(profile === undefined ? {} : { profile }),
    };
  }

  private findEventFile(name: string): string {
    for (const candidate of [`events/${name}.json`, `events/${name}/${name}.json`]) {
      if (existsSync(join(this.root, candidate))) {
        return candidate;
      }
    }
    throw new Error(`no event class file for ${JSON.stringify(name)}`);
  }

  private read(file: string): unknown {
    return JSON.parse(readFileSync(join(this.root, file), "utf8"));
  }
}

function toRaw(attribute: ComposedAttribute): RawAttribute {
  return {
    requirement: attribute.requirement,
    type: attribute.type,
    is_array: attribute.isArray,
    ...(attribute.caption === undefined ? {} : { caption: attribute.caption }),
    ...(attribute.enum === undefined ? {} : { enum: attribute.enum }),
    ...(attribute.sibling === undefined ? {} : { sibling: attribute.sibling }),
  };
}

/** `over` wins key by key; two `enum`s merge value by value. */
function mergeEntries(under: RawAttribute, over: RawAttribute): RawAttribute {
  const merged: Record<string, unknown> = { ...under, ...over };
  if (under.enum !== undefined && over.enum !== undefined) {
    merged.enum = { ...(under.enum as Json), ...(over.enum as Json) };
  }
  delete merged.$include;
  return merged;
}
