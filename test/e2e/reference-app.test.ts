import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ValidationError } from "../../src/errors";
import { SAMPLE_GROUP_ID, SAMPLE_ORG_ID } from "../../src/events/sample-events";
import {
  APP_ENV,
  DEFAULT_APP_SETTINGS,
  integrationId,
  loadAppSettings,
  parseAppSettings,
} from "../../src/reference-app/settings";

const ROOT = resolve(__dirname, "..", "..");
const run = promisify(execFile);

function issuesOf(thrown: () => unknown): unknown[] {
  try {
    thrown();
  } catch (error) {
    expect(ValidationError.isValidationError(error)).toBe(true);
    return [...(error as ValidationError).issues];
  }
  throw new Error("expected a ValidationError");
}

describe("reference app settings", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "e2e-settings-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("zero-config: no file, no variables gives the sandbox default", () => {
    // WHEN
    const loaded = loadAppSettings({}, dir);

    // THEN
    expect(loaded.source).toBe("default");
    expect(loaded.settings).toEqual(DEFAULT_APP_SETTINGS);
    expect(loaded.settings.region).toBe("us-east-1");
    expect(loaded.settings.integrations).toEqual([
      expect.objectContaining({
        orgId: SAMPLE_ORG_ID,
        groupId: SAMPLE_GROUP_ID,
        eventType: "issues",
        sampleRules: true,
      }),
    ]);
  });

  test("snyk-eventbridge.json in the working directory is read, and the example file is valid", () => {
    // GIVEN
    writeFileSync(join(dir, "snyk-eventbridge.json"), readFileSync(join(ROOT, "snyk-eventbridge.example.json")));

    try {
      // WHEN
      const loaded = loadAppSettings({}, dir);

      // THEN
      expect(loaded.source).toBe(join(dir, "snyk-eventbridge.json"));
      expect(loaded.settings.integrations.map((integration) => integration.eventType)).toEqual(["issues", "audit"]);
      expect(loaded.settings.integrations[1].wait).toEqual({ timeoutSeconds: 900, minDelayMs: 500, maxDelayMs: 15000 });
    } finally {
      rmSync(join(dir, "snyk-eventbridge.json"));
    }
  });

  test("SNYK_EVENTBRIDGE_* variables override the region, account and the first integration", () => {
    // WHEN
    const loaded = loadAppSettings(
      {
        [APP_ENV.REGION]: "eu-west-1",
        [APP_ENV.ACCOUNT_ID]: "111122223333",
        [APP_ENV.EVENT_TYPE]: "audit",
        [APP_ENV.NAME]: "from-env",
      },
      dir,
    );

    // THEN
    expect(loaded.source).toBe("environment");
    expect(loaded.settings).toMatchObject({ region: "eu-west-1", accountId: "111122223333" });
    expect(loaded.settings.integrations[0]).toMatchObject({
      eventType: "audit",
      name: "from-env",
      orgId: SAMPLE_ORG_ID,
    });
  });

  test("a variable that breaks a rule is named with the field it sets", () => {
    // WHEN / THEN
    expect(issuesOf(() => loadAppSettings({ [APP_ENV.ACCOUNT_ID]: "12345" }, dir))).toEqual([
      { field: "accountId", rule: "must be 12 digits", value: "12345" },
    ]);
  });

  test("every broken rule is reported at once, each naming its field", () => {
    // GIVEN
    const input = {
      region: "Mars-1",
      integrations: [{ orgId: "not-a-uuid", name: "", eventType: "deploys", colour: "red" }],
    };

    // WHEN
    const issues = issuesOf(() => parseAppSettings(input)) as { field: string; rule: string }[];

    // THEN
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      "integrations[0]",
      "integrations[0].eventType",
      "integrations[0].name",
      "integrations[0].orgId",
      "region",
    ]);
    expect(issues.find((issue) => issue.field === "region")?.rule).toBe("must be an AWS region such as us-east-1");
    expect(issues.find((issue) => issue.field === "integrations[0]")?.rule).toContain('"colour"');
  });

  test("the Lambda host needs the token secret's name; integration IDs must be unique", () => {
    // GIVEN
    const base = DEFAULT_APP_SETTINGS.integrations[0];

    // WHEN / THEN
    expect(
      issuesOf(() => parseAppSettings({ region: "us-east-1", integrations: [{ ...base, host: "lambda" }] })),
    ).toEqual([expect.objectContaining({ field: "integrations[0].tokenSecretName" })]);
    const named = { ...base, id: "Platform" };
    expect(issuesOf(() => parseAppSettings({ region: "us-east-1", integrations: [named, named] }))).toEqual([
      { field: "integrations[].id", rule: "must be unique: give each integration its own `id`", value: "Platform" },
    ]);
    expect(integrationId(base, 0)).toBe("Issues");
    expect(integrationId({ ...base, eventType: "audit" }, 2)).toBe("Audit3");
  });

  test("a named file that is missing or not JSON says which and what to do", () => {
    // GIVEN
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ region: ");

    // WHEN / THEN
    expect(() => loadAppSettings({ [APP_ENV.CONFIG]: join(dir, "missing.json") }, dir)).toThrow(
      /SNYK_EVENTBRIDGE_CONFIG must name an existing JSON file .*missing\.json does not exist/,
    );
    expect(() => loadAppSettings({ [APP_ENV.CONFIG]: broken }, dir)).toThrow(
      /broken\.json is not valid JSON .*fix its syntax/,
    );
  });
});

describe("main.ts, run as cdktf runs it", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "e2e-main-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test("synthesizes the settings it is given into one stack with the integration and its sample rules", async () => {
    // GIVEN
    const outdir = join(dir, "out");

    // WHEN
    const { stderr } = await run(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        CDKTF_OUTDIR: outdir,
        [APP_ENV.EVENT_TYPE]: "audit",
        [APP_ENV.REGION]: "eu-west-1",
      },
      timeout: 60_000,
    });

    // THEN
    expect(stderr).toContain("snyk-eventbridge reference app: settings from environment");
    const config = JSON.parse(readFileSync(join(outdir, "stacks", "snyk-eventbridge", "cdk.tf.json"), "utf8")) as {
      provider: { aws: { region: string }[] };
      resource: Record<string, Record<string, unknown>>;
    };
    expect(config.provider.aws[0].region).toBe("eu-west-1");
    expect(Object.keys(config.resource.aws_cloudwatch_event_rule)).toEqual([
      expect.stringMatching(/^Audit_SensitiveAuditActions_/),
    ]);
    const integration = Object.values(config.resource.terraform_data)[0] as {
      triggers_replace: Record<string, string>;
    };
    expect(integration.triggers_replace).toMatchObject({ eventType: "audit", orgId: SAMPLE_ORG_ID });
  }, 60_000);

  test("bad settings exit 2 with the message alone, no stack trace", async () => {
    // GIVEN
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ region: "us-east-1", integrations: [] }));

    // WHEN
    const outcome = await run(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, CDKTF_OUTDIR: join(dir, "bad-out"), [APP_ENV.CONFIG]: file },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

    // THEN
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`The settings file ${file} is invalid:`);
    expect(outcome.stderr).toContain("integrations");
    expect(outcome.stderr).not.toContain("    at ");
  }, 60_000);
});
