import type { LeafValue } from "./pattern-syntax";

/**
 * Flattens an event into the leaf values a pattern reads, the way EventBridge sees an event: nested keys join
 * into dotted paths, arrays contribute each of their elements, empty arrays and objects contribute nothing.
 */

/** A scalar found in an event, with the array elements it sits in (for array-consistent matching). */
export interface Leaf {
  readonly value: LeafValue;
  /**
   * Pairs of (array id, element index) for every array between the root and this value, or `undefined` when
   * none. Two leaves from different elements of the same array of objects must not satisfy one branch together.
   */
  readonly arrays: readonly number[] | undefined;
}

/** The paths a compiled pattern reads, prepared for {@link collectLeaves}. */
export interface LeafPlan {
  /** A tree of the paths' dot-separated segments: only subtrees of the event on it are walked. */
  readonly root: PlanNode;
}

/** One segment of the planned paths. */
interface PlanNode {
  readonly children: Map<string, PlanNode>;
  /** Set when the path ending here is read by the pattern. */
  path?: string;
}

/**
 * Prepares the walk for a set of dotted paths. Paths are split on dots, and so are event keys during the walk,
 * so `{"a": {"b": 1}}` and `{"a.b": 1}` reach the same path, as in EventBridge.
 */
export function planLeaves(paths: readonly string[]): LeafPlan {
  const root: PlanNode = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path.split(".")) {
      let child = node.children.get(segment);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.path = path;
  }
  return { root };
}

/** Collects the leaf values of `event` at the planned paths. */
export function collectLeaves(event: { readonly [key: string]: unknown }, plan: LeafPlan): Map<string, Leaf[]> {
  const found = new Map<string, Leaf[]>();
  const state = { nextArrayId: 0 };
  walkObject(event, plan.root, undefined, found, state);
  return found;
}

function walkObject(
  object: { readonly [key: string]: unknown },
  node: PlanNode,
  arrays: readonly number[] | undefined,
  found: Map<string, Leaf[]>,
  state: { nextArrayId: number },
): void {
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) {
      continue;
    }
    const child = key.includes(".") ? descend(node, key) : node.children.get(key);
    if (child !== undefined) {
      walk(object[key], child, arrays, found, state);
    }
  }
}

function descend(node: PlanNode, key: string): PlanNode | undefined {
  let current: PlanNode | undefined = node;
  for (const segment of key.split(".")) {
    current = current.children.get(segment);
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

function walk(
  value: unknown,
  node: PlanNode,
  arrays: readonly number[] | undefined,
  found: Map<string, Leaf[]>,
  state: { nextArrayId: number },
): void {
  if (Array.isArray(value)) {
    const id = state.nextArrayId;
    state.nextArrayId += 1;
    for (let index = 0; index < value.length; index += 1) {
      walk(value[index], node, arrays === undefined ? [id, index] : [...arrays, id, index], found, state);
    }
    return;
  }
  if (typeof value === "object" && value !== null) {
    walkObject(value as { readonly [key: string]: unknown }, node, arrays, found, state);
    return;
  }
  const path = node.path;
  if (path === undefined) {
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
    const leaf: Leaf = { value, arrays };
    const leaves = found.get(path);
    if (leaves === undefined) {
      found.set(path, [leaf]);
    } else {
      leaves.push(leaf);
    }
  }
}
