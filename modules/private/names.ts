import type { IConstruct } from "constructs";

/**
 * A name for an AWS resource that is unique per construct and stable across synths: the construct's ID made
 * safe, then eight characters of its address (a hash of its path), cut to `maxLength`.
 *
 * @internal
 */
export function uniqueName(construct: IConstruct, prefix: string, maxLength: number): string {
  const suffix = `-${construct.node.addr.slice(0, 8)}`;
  const readable = `${prefix}${construct.node.id}`.replace(/[^A-Za-z0-9_-]/g, "-");
  return `${readable.slice(0, maxLength - suffix.length)}${suffix}`;
}
