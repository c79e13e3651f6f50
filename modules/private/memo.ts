/**
 * Reads an attribute of a resource once and reuses the string. cdktf getters such as `topic.arn` build a new
 * token on every read, and every token captures a full stack trace (formatted through source maps under
 * tsx): reading each attribute once per resource is a measurable share of synth time at a few hundred
 * integrations.
 *
 * @internal
 */
export function attribute<T extends object, K extends keyof T & string>(resource: T, name: K): T[K] {
  let cache = memo.get(resource);
  if (cache === undefined) {
    cache = new Map();
    memo.set(resource, cache);
  }
  if (!cache.has(name)) {
    cache.set(name, resource[name]);
  }
  return cache.get(name) as T[K];
}

const memo = new WeakMap<object, Map<string, unknown>>();
