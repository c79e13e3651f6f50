/**
 * Picking the partner event source an integration expects out of what exists under the org prefix. Snyk
 * does not publish the event-type suffix of its source names, so an expectation is either an exact name,
 * a suffix, or "the only source under the prefix".
 */
import { PartnerSourceMismatchError } from "./partner-source-errors";
import type { PartnerSource } from "./partner-source";

/** Which source is wanted. At most one of the two may be set; with neither, the only source under the prefix. */
export interface PartnerSourceExpectation {
  /**
   * The exact source name, for example `aws.partner/snyk.io/org_<orgId>/issues`.
   *
   * @default - not constrained by name
   */
  readonly expectedName?: string;
  /**
   * The end of the source name (the event-type part), for example `issues`.
   *
   * @default - not constrained by suffix
   */
  readonly expectedSuffix?: string;
}

/** Describes the expectation for messages, for example `the name aws.partner/...`. */
export function describeExpectation(expectation: PartnerSourceExpectation): string {
  if (expectation.expectedName !== undefined) {
    return `the name ${expectation.expectedName}`;
  }
  if (expectation.expectedSuffix !== undefined) {
    return `a name ending in ${expectation.expectedSuffix}`;
  }
  return "any name";
}

/**
 * The source among `sources` that meets the expectation, or `undefined` when none does yet. Throws
 * {@link PartnerSourceMismatchError} when several match and the expectation cannot tell them apart.
 */
export function selectPartnerSource(
  sources: readonly PartnerSource[],
  expectation: PartnerSourceExpectation,
): PartnerSource | undefined {
  const { expectedName, expectedSuffix } = expectation;
  const candidates = sources.filter((source) =>
    expectedName !== undefined
      ? source.name === expectedName
      : expectedSuffix !== undefined
        ? source.name.endsWith(expectedSuffix)
        : true,
  );
  if (candidates.length <= 1) {
    return candidates[0];
  }
  const names = candidates.map((source) => source.name).join(", ");
  throw new PartnerSourceMismatchError(
    `Several partner event sources match ${describeExpectation(expectation)}: ${names}. Set expectedName to the ` +
      `one this integration should use.`,
    expectedSuffix !== undefined ? "expectedSuffix" : "expectedName",
    expectedSuffix ?? expectedName,
    sources,
  );
}

/**
 * When sources exist but none meets the expectation, a sentence naming the real sources and the setting to
 * change; otherwise `undefined`.
 */
export function describeSourceMismatch(
  sources: readonly PartnerSource[],
  expectation: PartnerSourceExpectation,
): string | undefined {
  if (sources.length === 0 || (expectation.expectedName === undefined && expectation.expectedSuffix === undefined)) {
    return undefined;
  }
  if (selectPartnerSource(sources, expectation) !== undefined) {
    return undefined;
  }
  const setting = expectation.expectedName !== undefined ? "expectedName" : "expectedSuffix";
  const names = sources.map((source) => `${source.name} (${source.state})`).join(", ");
  return (
    `Snyk created ${names}, but the spec expects ${describeExpectation(expectation)}. If that source belongs to ` +
    `this integration, set ${setting} to match it (the event-type part of the name is chosen by Snyk).`
  );
}
