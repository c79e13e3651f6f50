import { PartnerSourceDeletedError } from "../../../src/aws/partner-source-errors";
import { ValidationError } from "../../../src/errors";
import { partnerSourceDirectory } from "../../../src/provisioner/create-provisioner-deps";
import type { SourceWaitRequest } from "../../../src/provisioner/provisioner-deps";
import { fakeApi, type FakeSource } from "../aws/fake-eventbridge-api";
import { ORG } from "./fake-world";

const PREFIX = `aws.partner/snyk.io/org_${ORG}/`;
const EXPECTED = `${PREFIX}issues`;

function source(name: string, state: FakeSource["State"] = "PENDING"): FakeSource {
  return { Name: name, Arn: `arn:aws:events:eu-west-1::event-source/${name}`, State: state };
}

function request(overrides: Partial<SourceWaitRequest> = {}): SourceWaitRequest {
  return {
    orgId: ORG,
    accountId: "123456789012",
    region: "eu-west-1",
    expectedName: EXPECTED,
    known: new Set(),
    limits: { timeoutMs: 200, minDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  };
}

describe("partnerSourceDirectory", () => {
  test("waits past sources known before the run and reports each poll once", async () => {
    // GIVEN: an older source under the prefix, and the expected one appearing at the third poll
    const sources = [source(`${PREFIX}audit`)];
    const polls: { attempt: number; seen: string[] }[] = [];
    const directory = partnerSourceDirectory(fakeApi(sources));
    // WHEN
    const found = await directory.waitFor(
      request({
        known: new Set([`${PREFIX}audit`]),
        onPoll: (poll) => {
          polls.push({ attempt: poll.attempt, seen: poll.seen });
          if (poll.attempt === 2) {
            sources.push(source(EXPECTED));
          }
        },
      }),
    );
    // THEN
    expect(found).toEqual(expect.objectContaining({ name: EXPECTED, state: "PENDING" }));
    expect(polls).toEqual([
      { attempt: 1, seen: [`${PREFIX}audit`] },
      { attempt: 2, seen: [`${PREFIX}audit`] },
    ]);
  });

  test("a new source with another name ends the wait with the mismatch error, even at the deadline", async () => {
    // GIVEN: the deadline is already over when the first poll sees the stranger
    const directory = partnerSourceDirectory(fakeApi([source(`${PREFIX}snyk-issues`)]));
    // WHEN
    const failure = directory.waitFor(request({ limits: { timeoutMs: 0, minDelayMs: 1, maxDelayMs: 2 } }));
    // THEN: the mismatch, not the timeout, is what the user can act on
    await expect(failure).rejects.toThrow(ValidationError);
    await expect(failure).rejects.toThrow(
      `Snyk created the partner event source "${PREFIX}snyk-issues", but the spec expects "${EXPECTED}"`,
    );
  });

  test("a DELETED expected source ends the wait at once with PartnerSourceDeletedError", async () => {
    // GIVEN
    const calls: string[] = [];
    const directory = partnerSourceDirectory(fakeApi([source(EXPECTED, "DELETED")], { calls }));
    // WHEN
    const failure = directory.waitFor(request());
    // THEN
    await expect(failure).rejects.toThrow(PartnerSourceDeletedError);
    await expect(failure).rejects.toThrow(/never becomes usable again/);
    expect(calls).toEqual(["DescribeEventSource"]);
  });

  test("an abort of the caller's signal ends the wait with its reason", async () => {
    // GIVEN
    const controller = new AbortController();
    const directory = partnerSourceDirectory(fakeApi([]));
    setTimeout(() => controller.abort(new Error("stop now")), 10);
    // WHEN
    const failure = directory.waitFor(
      request({ signal: controller.signal, limits: { timeoutMs: 60_000, minDelayMs: 2, maxDelayMs: 5 } }),
    );
    // THEN
    await expect(failure).rejects.toThrow("stop now");
  });
});
