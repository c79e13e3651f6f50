import type { Sandbox } from "../sandbox";

/**
 * What an apply left behind in the sandbox after its destroy: Snyk registrations, buses other than the
 * default one (with their rules and targets), rules and targets on the default bus, partner sources that are
 * not deleted, and archives. Empty when nothing is left. Partner sources listed in `expectedSources` are not
 * counted (an integration adopted from the Snyk UI keeps its source after the stack is destroyed).
 */
export function findLeftovers(sandbox: Sandbox, expectedSources: readonly string[] = []): string[] {
  const left: string[] = [];
  for (const registration of sandbox.snyk.registrations()) {
    left.push(`Snyk registration ${registration.id} (${registration.name})`);
  }
  for (const bus of sandbox.eventBridge.buses()) {
    if (bus.name !== "default") {
      left.push(`event bus ${bus.name} with ${bus.rules.length} rule(s)`);
      continue;
    }
    for (const rule of bus.rules) {
      left.push(`rule ${rule.name} on the default bus with ${rule.targets.length} target(s)`);
    }
  }
  for (const source of sandbox.eventBridge.sources()) {
    if (source.state !== "DELETED" && !expectedSources.includes(source.name)) {
      left.push(`partner event source ${source.name} (${source.state})`);
    }
  }
  for (const archive of sandbox.eventBridge.archives()) {
    left.push(`archive ${archive.name}`);
  }
  return left;
}
