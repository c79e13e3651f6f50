import { AwsApiError } from "../../../src/aws/aws-api-error";
import { backoffDelay } from "../../../src/aws/backoff";
import { PartnerSourceMismatchError, PartnerSourceTimeoutError } from "../../../src/aws/partner-source-errors";
import { waitForPartnerSource, type PartnerSourceWaitProgress } from "../../../src/aws/partner-source-waiter";
import { ValidationError } from "../../../src/errors";
import { fakeApi, virtualTime, type FakeSource } from "./fake-eventbridge-api";

const ORG = "0f1e2d3c-aaaa";
const NAME = `aws.partner/snyk.io/org_${ORG}/issues`;
const source = (name: string, state: FakeSource["State"] = "PENDING"): FakeSource => ({
  Name: name,
  Arn: `arn:aws:events:us-east-1::event-source/${name}`,
  State: state,
});
const throttle = (): AwsApiError =>
  new AwsApiError("Rate exceeded", {
    operation: "ListEventSources",
    awsCode: "ThrottlingException",
    status: 400,
    retryable: true,
  });

describe("backoffDelay", () => {
  test("starts at the minimum, doubles its ceiling per attempt and never exceeds the cap", () => {
    // WHEN
    const highest = [1, 2, 3, 4, 5, 10, 100].map((attempt) => backoffDelay(attempt, 250, 1_000, () => 1));
    const lowest = [1, 2, 3, 10].map((attempt) => backoffDelay(attempt, 250, 1_000, () => 0));

    // THEN
    expect(highest).toEqual([250, 500, 1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(lowest).toEqual([250, 250, 250, 250]);
  });
});

describe("waitForPartnerSource with a fake API and virtual time", () => {
  test("polls on the backoff schedule until the source appears", async () => {
    // GIVEN
    const sources: FakeSource[] = [];
    const time = virtualTime();
    time.onSleep((elapsed) => {
      if (elapsed >= 2_000 && sources.length === 0) sources.push(source(NAME));
    });

    // WHEN
    const found = await waitForPartnerSource({
      api: fakeApi(sources),
      orgId: ORG,
      now: time.now,
      sleep: time.sleep,
      random: () => 1,
    });

    // THEN
    expect(found.name).toBe(NAME);
    expect(time.sleeps).toEqual([250, 500, 1_000, 1_000]);
    expect(found.waitedMs).toBe(2_750);
    expect(found.attempts).toBe(5);
  });

  test("clips the last pause to the deadline and polls once more at the deadline before timing out", async () => {
    // GIVEN
    const time = virtualTime();
    const calls: string[] = [];

    // WHEN
    const error = await waitForPartnerSource({
      api: fakeApi([], { calls }),
      orgId: ORG,
      timeoutMs: 1_600,
      now: time.now,
      sleep: time.sleep,
      random: () => 1,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceTimeoutError);
    expect(time.sleeps).toEqual([250, 500, 850]);
    expect((error as PartnerSourceTimeoutError).waitedMs).toBe(1_600);
    expect(calls.filter((call) => call === "ListEventSources")).toHaveLength(5);
    expect((error as Error).message).toContain(
      "could not tell which account they belong to (no identity lookup configured)",
    );
  });

  test("follows every page of ListEventSources", async () => {
    // GIVEN
    const sources = ["a", "b", "c", "d", "issues"].map((suffix) => source(`aws.partner/snyk.io/org_${ORG}/${suffix}`));
    const time = virtualTime();

    // WHEN
    const found = await waitForPartnerSource({
      api: fakeApi(sources, { pageSize: 2 }),
      orgId: ORG,
      expectedSuffix: "/issues",
      now: time.now,
      sleep: time.sleep,
    });

    // THEN
    expect(found.name).toBe(NAME);
    expect(found.seen).toHaveLength(5);
  });

  test("keeps waiting through retryable failures and reports them", async () => {
    // GIVEN
    const time = virtualTime();
    const progress: PartnerSourceWaitProgress[] = [];

    // WHEN
    const found = await waitForPartnerSource({
      api: fakeApi([source(NAME)], { failures: [throttle(), throttle()] }),
      orgId: ORG,
      now: time.now,
      sleep: time.sleep,
      onProgress: (p) => progress.push(p),
    });

    // THEN
    expect(found.attempts).toBe(3);
    expect(progress.map((p) => p.kind)).toEqual(["throttled", "throttled", "found"]);
  });

  test("until active keeps polling a PENDING source", async () => {
    // GIVEN
    const sources = [source(NAME)];
    const time = virtualTime();
    time.onSleep((elapsed) => {
      if (elapsed >= 1_000) sources[0].State = "ACTIVE";
    });

    // WHEN
    const found = await waitForPartnerSource({
      api: fakeApi(sources),
      orgId: ORG,
      expectedName: NAME,
      until: "active",
      now: time.now,
      sleep: time.sleep,
      random: () => 1,
    });

    // THEN
    expect(found.state).toBe("ACTIVE");
    expect(found.waitedMs).toBe(1_750);
  });

  test("a persisting mismatch fails after mismatchGraceMs, naming the real source", async () => {
    // GIVEN
    const time = virtualTime();
    const other = `aws.partner/snyk.io/org_${ORG}/issues-v2`;

    // WHEN
    const error = await waitForPartnerSource({
      api: fakeApi([source(other)]),
      orgId: ORG,
      expectedName: NAME,
      mismatchGraceMs: 1_000,
      now: time.now,
      sleep: time.sleep,
      random: () => 1,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toBeInstanceOf(PartnerSourceMismatchError);
    expect(ValidationError.isValidationError(error)).toBe(true);
    expect((error as Error).message).toContain(
      `Snyk created ${other} (PENDING), but the spec expects the name ${NAME}`,
    );
    expect(time.now() - 1_700_000_000_000).toBe(1_750);
  });

  test("invalid options are a ValidationError naming each field", async () => {
    // WHEN
    const error = await waitForPartnerSource({
      api: fakeApi([]),
      orgId: "bad org!",
      expectedName: "aws.partner/snyk.io/org_other/issues",
      expectedSuffix: "issues",
      minDelayMs: 2_000,
      maxDelayMs: 1_000,
      timeoutMs: -1,
    }).catch((e: unknown) => e);

    // THEN
    expect(ValidationError.isValidationError(error)).toBe(true);
    expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual([
      "orgId",
      "expectedSuffix",
      "expectedName",
      "timeoutMs",
      "minDelayMs",
    ]);
  });

  test("an already aborted signal rejects before any call", async () => {
    // GIVEN
    const calls: string[] = [];
    const controller = new AbortController();
    controller.abort(new Error("cancelled"));

    // WHEN
    const error = await waitForPartnerSource({
      api: fakeApi([], { calls }),
      orgId: ORG,
      signal: controller.signal,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toMatchObject({ message: "cancelled" });
    expect(calls).toEqual([]);
  });
});
