import type { PartnerSource } from "../aws/partner-source";
import { partnerSourcePrefix } from "../consts";
import { ValidationError } from "../errors";

/**
 * The error for "Snyk created a partner source whose name differs from what the spec expects". It names the
 * real source and the spec setting to change, because Snyk's event-type suffix is not published and the spec
 * may have guessed it wrong.
 */
export function partnerSourceMismatch(orgId: string, expectedName: string, actualName: string): ValidationError {
  const prefix = partnerSourcePrefix(orgId);
  const suffix = actualName.toLowerCase().startsWith(prefix.toLowerCase())
    ? actualName.slice(prefix.length)
    : undefined;
  const hint =
    suffix === undefined
      ? `set spec.partnerSourceName to "${actualName}"`
      : `set spec.partnerSourceName to "${actualName}" (or spec.partnerSourceSuffix to "${suffix}")`;
  return new ValidationError(
    `Snyk created the partner event source "${actualName}", but the spec expects "${expectedName}". ` +
      `The integration exists; ${hint} and run again.`,
    [
      {
        field: "spec.partnerSourceName",
        rule: `must name the source Snyk created, "${actualName}"`,
        value: expectedName,
      },
    ],
  );
}

/** The expected source in `sources`, unless it is DELETED. */
export function findExpected(sources: readonly PartnerSource[], expectedName: string): PartnerSource | undefined {
  return sources.find((source) => source.name === expectedName && source.state !== "DELETED");
}

/** A source under the prefix that appeared since `known` was taken and is not the expected one. */
export function findUnexpectedNewSource(
  sources: readonly PartnerSource[],
  expectedName: string,
  known: ReadonlySet<string>,
): PartnerSource | undefined {
  return sources.find(
    (source) => source.name !== expectedName && !known.has(source.name) && source.state !== "DELETED",
  );
}
