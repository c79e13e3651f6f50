import { ValidationError } from "../../errors";

/**
 * Orders addresses so that every one comes after what it depends on (Kahn's algorithm; ties broken by
 * address so two runs on the same stack do the same thing in the same order). A cycle is refused naming it.
 *
 * @param dependencies each address and the addresses it must come after (unknown addresses are ignored)
 */
export function dependencyOrder(dependencies: ReadonlyMap<string, readonly string[]>): string[] {
  const remaining = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const [address, needs] of dependencies) {
    const known = needs.filter((need) => dependencies.has(need) && need !== address);
    remaining.set(address, new Set(known));
    for (const need of known) {
      dependents.set(need, [...(dependents.get(need) ?? []), address]);
    }
  }
  const ready = [...remaining].filter(([, needs]) => needs.size === 0).map(([address]) => address);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort();
    const address = ready.shift() as string;
    order.push(address);
    for (const dependent of dependents.get(address) ?? []) {
      const needs = remaining.get(dependent) as Set<string>;
      needs.delete(address);
      if (needs.size === 0) {
        ready.push(dependent);
      }
    }
  }
  if (order.length < remaining.size) {
    const cycle = findCycle(remaining);
    throw new ValidationError(
      `the stack has a dependency cycle: ${cycle.join(" -> ")}. Terraform refuses it too; ` +
        "break it by removing a reference or a depends_on.",
      [{ field: "depends_on", rule: "must not form a cycle", value: cycle.join(" -> ") }],
    );
  }
  return order;
}

function findCycle(remaining: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const stuck = [...remaining]
    .filter(([, needs]) => needs.size > 0)
    .map(([address]) => address)
    .sort();
  const path: string[] = [];
  let current = stuck[0];
  while (!path.includes(current)) {
    path.push(current);
    current = [...(remaining.get(current) as ReadonlySet<string>)].sort()[0];
  }
  return [...path.slice(path.indexOf(current)), current];
}
