import { join } from "node:path";
import { FINDING_ACTIVITY_NAMES, FINDING_STATE_NAMES, OCSF_VERSION, SEVERITY_NAMES } from "../../src/events/ocsf";
import { parseSnykEvent } from "../../src/events/parse-snyk-event";
import { SAMPLE_ISSUE_EVENTS } from "../../src/events/sample-events";
import { OcsfSchema } from "./ocsf/ocsf-schema";
import { validateOcsfEvent } from "./ocsf/ocsf-validator";

const schema = new OcsfSchema(join(__dirname, "data", `ocsf-${OCSF_VERSION}`));
const securityFinding = schema.eventClass("findings/security_finding");

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Values to set at dotted paths such as `vulnerabilities.0.cve`; `undefined` deletes the attribute. */
type Edits = Readonly<Record<string, unknown>>;

/** A deep copy of a sample's detail with `edits` applied. */
function variant(edits: Edits): Record<string, unknown> {
  const detail = clone(SAMPLE_ISSUE_EVENTS.criticalWithFixCreated.detail) as Record<string, unknown>;
  for (const [path, value] of Object.entries(edits)) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, detail);
    if (value === undefined) {
      delete parent[last];
    } else {
      parent[last] = value;
    }
  }
  return detail;
}

function errorsOf(detail: unknown): string[] {
  return validateOcsfEvent(schema, securityFinding, detail).errors.map((issue) => `${issue.path}: ${issue.message}`);
}

describe(`the OCSF ${OCSF_VERSION} schema files, composed`, () => {
  test("the Security Finding class: uid 2001 in Findings, activities 0/1/2/99 named as rc.2 names them", () => {
    // GIVEN the composed class / WHEN its classification attributes are read / THEN they are rc.2's
    expect(schema.version).toBe(OCSF_VERSION);
    expect(securityFinding.attributes.get("class_uid")?.enum).toEqual({ 2001: { caption: "Security Finding" } });
    expect(securityFinding.attributes.get("category_uid")?.enum).toEqual({ 2: { caption: "Findings" } });
    const activities = securityFinding.attributes.get("activity_id")?.enum ?? {};
    expect(Object.fromEntries(Object.entries(activities).map(([id, value]) => [id, value.caption]))).toEqual(
      FINDING_ACTIVITY_NAMES,
    );
    const states = securityFinding.attributes.get("state_id")?.enum ?? {};
    expect(Object.fromEntries(Object.entries(states).map(([id, value]) => [id, value.caption]))).toEqual(
      FINDING_STATE_NAMES,
    );
    const severities = securityFinding.attributes.get("severity_id")?.enum ?? {};
    expect(Object.fromEntries(Object.entries(severities).map(([id, value]) => [id, value.caption]))).toEqual(
      SEVERITY_NAMES,
    );
  });

  test("requirement levels come from the class, its parents, its includes and its profiles", () => {
    // GIVEN / WHEN / THEN
    const requirement = (name: string) => securityFinding.attributes.get(name)?.requirement;
    expect(requirement("finding")).toBe("required"); // security_finding.json
    expect(requirement("state_id")).toBe("required"); // security_finding.json
    expect(requirement("severity_id")).toBe("required"); // base_event.json
    expect(requirement("time")).toBe("required"); // includes/occurrence.json
    expect(requirement("type_uid")).toBe("required"); // includes/classification.json
    expect(securityFinding.attributes.get("cloud")).toEqual(
      expect.objectContaining({ requirement: "required", profile: "cloud" }),
    );
    expect(securityFinding.attributes.get("disposition_id")).toEqual(
      expect.objectContaining({ requirement: "required", profile: "security_control" }),
    );
    expect(schema.object("remediation").attributes.get("desc")?.requirement).toBe("optional");
    expect(schema.object("vulnerability").attributes.get("cve")?.requirement).toBe("required");
    expect(schema.object("finding").attributes.get("supporting_data")).toEqual(
      expect.objectContaining({ type: "json_t", isArray: true }),
    );
  });

  test("the absent enums/defaults.json include adds nothing: the dictionary's activity_id has 0 and 99 itself", () => {
    // GIVEN classification.json includes enums/defaults.json into activity_id, a file the copy lacks
    // WHEN the dictionary entry is read / THEN it already holds exactly those defaults
    const entry = schema.dictionaryEntry("activity_id") as { enum: Record<string, { caption: string }> };
    expect(Object.keys(entry.enum).sort()).toEqual(["0", "99"]);
  });
});

describe(`every sample issue event is a valid OCSF ${OCSF_VERSION} Security Finding`, () => {
  test.each(Object.entries(SAMPLE_ISSUE_EVENTS))("%s", (_name, event) => {
    // GIVEN a sample / WHEN validated against the schema files / THEN no attribute breaks the schema
    expect(errorsOf(event.detail)).toEqual([]);
  });
});

describe("the validator catches what later OCSF versions changed (so the samples above are checked for real)", () => {
  test.each<[string, Edits, string]>([
    [
      "activity 3 (Close, a later version's)",
      { activity_id: 3, activity_name: "Close", type_uid: 200103, type_name: "Security Finding: Close" },
      "activity_id: must be one of 0 (Unknown), 1 (Generate), 2 (Update), 99 (Other) (got 3)",
    ],
    [
      'activity 1 captioned "Create"',
      { activity_name: "Create" },
      'activity_name: must be "Generate", the caption of activity_id 1 (got "Create")',
    ],
    [
      "cloud.account.uid (rc.3 and later)",
      { cloud: { provider: "AWS", account: { uid: "123456789012" } } },
      "cloud.account: is not an attribute of cloud in OCSF 1.0.0-rc.2",
    ],
    [
      "a package purl (later versions)",
      { "vulnerabilities.0.packages.0.purl": "pkg:npm/lodash@4.17.11" },
      "vulnerabilities[0].packages[0].purl: is not an attribute of package in OCSF 1.0.0-rc.2",
    ],
    [
      "a vulnerability without its required cve",
      { "vulnerabilities.0.cve": undefined },
      "vulnerabilities[0].cve: is required",
    ],
    [
      "supporting_data as an object (rc.2 says an array)",
      { "finding.supporting_data": { exploit: "Mature" } },
      "finding.supporting_data: must be an array of json_t",
    ],
    [
      "cloud without naming the Cloud profile",
      { "metadata.profiles": [] },
      'cloud: is not an attribute of security_finding in OCSF 1.0.0-rc.2 unless the event names profile "cloud" in metadata.profiles',
    ],
    [
      "a CVSS score as text",
      { "vulnerabilities.0.cve.cvss.base_score": "10" },
      'vulnerabilities[0].cve.cvss.base_score: must be a number (float_t) (got "10")',
    ],
    [
      "a type_uid that does not follow class_uid and activity_id",
      { type_uid: 200102 },
      "type_uid: must be class_uid * 100 + activity_id = 200101 (got 200102)",
    ],
    ["a missing required state_id", { state_id: undefined }, "state_id: is required"],
  ])("%s", (_label, edits, error) => {
    // GIVEN a sample changed the way a later version (or a mistake) would / WHEN validated / THEN it is caught
    expect(errorsOf(variant(edits))).toContain(error);
  });
});

describe("what rc.2 allows, the tolerant reader accepts", () => {
  test.each<[string, Edits]>([
    [
      "a remediation with kb_articles and no desc",
      { "finding.remediation": { kb_articles: ["https://security.snyk.io/vuln/SNYK-JS-LODASH-450202"] } },
    ],
    ["supporting_data as an array", { "finding.supporting_data": [{ exploit_maturity: "Mature" }, "reachable"] }],
    [
      "the flat cloud account of rc.2",
      { cloud: { provider: "AWS", region: "eu-west-1", account_uid: "123456789012", account_name: "prod" } },
    ],
    [
      "package architecture, epoch, release and license",
      {
        "vulnerabilities.0.packages.0": {
          name: "zlib1g",
          version: "1.2.13",
          architecture: "amd64",
          epoch: 1,
          release: "dfsg-1",
          license: "Zlib",
        },
      },
    ],
    [
      "the datetime profile's *_dt siblings",
      {
        "metadata.profiles": ["cloud", "datetime"],
        time_dt: "2026-01-15T09:30:00Z",
        "finding.created_time_dt": "2026-01-15T09:30:00.000Z",
      },
    ],
  ])("%s: valid rc.2, and parseSnykEvent reads it", (_label, edits) => {
    // GIVEN an rc.2-valid variant
    const detail = variant(edits);
    // WHEN validated and parsed / THEN both accept it
    expect(errorsOf(detail)).toEqual([]);
    const parsed = parseSnykEvent({ ...SAMPLE_ISSUE_EVENTS.criticalWithFixCreated, detail });
    expect(parsed.kind).toBe("issue");
    expect(parsed.detail).toEqual(detail);
  });
});
