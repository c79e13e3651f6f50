/**
 * The settings of the reference app (`main.ts`): read from a JSON file or the environment, validated with zod,
 * with a zero-config default that targets the local sandbox. Kept out of `main.ts` (and free of cdktf) so that
 * it can be tested and reused without synthesizing anything.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { SNYK_EVENT_TYPES, SnykEventType } from "../consts";
import { ValidationError } from "../errors";
import type { ValidationIssue } from "../errors";
import { SAMPLE_GROUP_ID, SAMPLE_ORG_ID } from "../events/sample-events";

/** Environment variables the reference app reads at synth time. */
export const APP_ENV = {
  /** Path of the settings file. */
  CONFIG: "SNYK_EVENTBRIDGE_CONFIG",
  /** Overrides `region`. */
  REGION: "SNYK_EVENTBRIDGE_REGION",
  /** Overrides the first integration's `orgId`. */
  ORG_ID: "SNYK_EVENTBRIDGE_ORG_ID",
  /** Overrides the first integration's `groupId`. */
  GROUP_ID: "SNYK_EVENTBRIDGE_GROUP_ID",
  /** Overrides the first integration's `name`. */
  NAME: "SNYK_EVENTBRIDGE_NAME",
  /** Overrides the first integration's `eventType` (`issues` or `audit`). */
  EVENT_TYPE: "SNYK_EVENTBRIDGE_EVENT_TYPE",
  /** Overrides `accountId`. */
  ACCOUNT_ID: "SNYK_EVENTBRIDGE_ACCOUNT_ID",
} as const;

/** The settings file looked for in the working directory when {@link APP_ENV.CONFIG} is not set. */
export const DEFAULT_SETTINGS_FILE = "snyk-eventbridge.json";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const WaitSettingsSchema = z.strictObject({
  timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  minDelayMs: z.number().int().min(10).max(60_000).optional(),
  maxDelayMs: z.number().int().min(10).max(300_000).optional(),
});

const IntegrationSettingsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*$/, "must be a construct ID: a letter, then letters and digits")
    .optional(),
  orgId: z.string().regex(UUID, "must be a Snyk org UUID"),
  groupId: z.string().regex(UUID, "must be a Snyk group UUID").optional(),
  name: z.string().min(1).max(128),
  eventType: z.enum(SNYK_EVENT_TYPES as [SnykEventType, ...SnykEventType[]]),
  profile: z.enum(["cloud-events", "existing"]).optional(),
  host: z.enum(["local", "lambda"]).optional(),
  tokenSecretName: z.string().min(1).max(512).optional(),
  snykApiUrl: z.url({ protocol: /^https?$/ }).optional(),
  partnerSourceSuffix: z.string().min(1).max(64).optional(),
  sampleRules: z.boolean().optional(),
  archive: z.boolean().optional(),
  wait: WaitSettingsSchema.optional(),
});

const AppSettingsSchema = z.strictObject({
  $schema: z.string().optional(),
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, "must start with a letter and hold only letters, digits and dashes")
    .optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1"),
  accountId: z
    .string()
    .regex(/^\d{12}$/, "must be 12 digits")
    .optional(),
  integrations: z.array(IntegrationSettingsSchema).min(1).max(50),
});

/** One integration of the reference app. */
export type IntegrationSettings = z.infer<typeof IntegrationSettingsSchema>;

/** The reference app's settings, validated. */
export type AppSettings = z.infer<typeof AppSettingsSchema> & { readonly stackName: string };

/** Where the settings came from, for the app's one line of progress. */
export interface LoadedSettings {
  readonly settings: AppSettings;
  /** `default`, `environment`, or the settings file's absolute path. */
  readonly source: string;
}

/**
 * The zero-config default: one issue-events integration of the sample org, in us-east-1, with the sample rules,
 * the local provisioner host and the account of the AWS credentials. It is what `npm start` applies to the
 * sandbox (whose account is 123456789012); with real credentials it points at Snyk's sample org, so set your
 * own `orgId` and `groupId` before `cdktf deploy`.
 */
export const DEFAULT_APP_SETTINGS: AppSettings = {
  stackName: "snyk-eventbridge",
  region: "us-east-1",
  integrations: [
    {
      orgId: SAMPLE_ORG_ID,
      groupId: SAMPLE_GROUP_ID,
      name: "snyk-eventbridge-issues",
      eventType: SnykEventType.ISSUES,
      sampleRules: true,
    },
  ],
};

/**
 * Validates settings given as data (a parsed file). Every broken rule is reported at once, each naming its
 * field as a JSON path (`integrations[0].orgId`).
 *
 * @throws ValidationError naming each field, rule and value
 */
export function parseAppSettings(input: unknown, subject = "The reference app's settings"): AppSettings {
  const parsed = AppSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((issue) => ({
      field: fieldPath(issue.path),
      rule: issue.message,
      ...(issue.code === "invalid_type" || issue.code === "unrecognized_keys"
        ? {}
        : { value: valueAt(input, issue.path) }),
    }));
    throw ValidationError.fromIssues(subject, issues);
  }
  const lambdaWithoutSecret = parsed.data.integrations.findIndex(
    (integration) => integration.host === "lambda" && integration.tokenSecretName === undefined,
  );
  if (lambdaWithoutSecret >= 0) {
    throw ValidationError.fromIssues(subject, [
      {
        field: `integrations[${lambdaWithoutSecret}].tokenSecretName`,
        rule: 'is required with host "lambda": name the Secrets Manager secret holding the Snyk token',
      },
    ]);
  }
  const ids = parsed.data.integrations.map((integration, index) => integrationId(integration, index));
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    throw ValidationError.fromIssues(subject, [
      { field: "integrations[].id", rule: "must be unique: give each integration its own `id`", value: duplicate },
    ]);
  }
  return { ...parsed.data, stackName: parsed.data.stackName ?? DEFAULT_APP_SETTINGS.stackName };
}

/**
 * Loads the settings: the file named by `SNYK_EVENTBRIDGE_CONFIG`, else `snyk-eventbridge.json` in `cwd` when
 * it exists, else the zero-config default; then the `SNYK_EVENTBRIDGE_*` variables override the region, the
 * account and the first integration's org, group, name and event type.
 *
 * @throws ValidationError when the file is missing (if named), not JSON, or breaks a rule
 */
export function loadAppSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): LoadedSettings {
  const named = env[APP_ENV.CONFIG];
  const path = resolve(cwd, named ?? DEFAULT_SETTINGS_FILE);
  let base: AppSettings = DEFAULT_APP_SETTINGS;
  let source = "default";
  if (named !== undefined || existsSync(path)) {
    base = parseAppSettings(readJson(path, named !== undefined), `The settings file ${path}`);
    source = path;
  }
  const overridden = applyEnvironment(base, env);
  if (overridden === base) {
    return { settings: base, source };
  }
  return {
    settings: parseAppSettings(overridden, `The reference app's settings (${source} and ${APP_ENV_PREFIX}* variables)`),
    source: source === "default" ? "environment" : `${source} and environment`,
  };
}

/**
 * The construct ID of an integration: its `id`, or its event type capitalized (`Issues`, `Audit`), with the
 * position appended after the first (`Audit2`) so that IDs stay unique.
 */
export function integrationId(integration: IntegrationSettings, index: number): string {
  if (integration.id !== undefined) {
    return integration.id;
  }
  const base = `${integration.eventType.charAt(0).toUpperCase()}${integration.eventType.slice(1)}`;
  return index === 0 ? base : `${base}${index + 1}`;
}

const APP_ENV_PREFIX = "SNYK_EVENTBRIDGE_";

function applyEnvironment(base: AppSettings, env: Readonly<Record<string, string | undefined>>): AppSettings {
  const region = env[APP_ENV.REGION];
  const accountId = env[APP_ENV.ACCOUNT_ID];
  const first: Record<string, unknown> = {};
  const overrides: [string, string][] = [
    [APP_ENV.ORG_ID, "orgId"],
    [APP_ENV.GROUP_ID, "groupId"],
    [APP_ENV.NAME, "name"],
    [APP_ENV.EVENT_TYPE, "eventType"],
  ];
  for (const [variable, field] of overrides) {
    const value = env[variable];
    if (value !== undefined && value !== "") {
      first[field] = value;
    }
  }
  const hasRegion = region !== undefined && region !== "";
  const hasAccount = accountId !== undefined && accountId !== "";
  if (!hasRegion && !hasAccount && Object.keys(first).length === 0) {
    return base;
  }
  const [head, ...rest] = base.integrations;
  return {
    ...base,
    ...(hasRegion ? { region } : {}),
    ...(hasAccount ? { accountId } : {}),
    integrations: [{ ...head, ...first }, ...rest],
  };
}

function readJson(path: string, named: boolean): unknown {
  if (!existsSync(path)) {
    throw ValidationError.fromIssues("The reference app's settings", [
      {
        field: APP_ENV.CONFIG,
        rule: `must name an existing JSON file (${path} does not exist): fix the path or unset ${APP_ENV.CONFIG} for the default`,
        value: named ? path : undefined,
      },
    ]);
  }
  try {
    return JSON.parse(readFileSync(path, "utf8")) as unknown;
  } catch (error) {
    throw new ValidationError(
      `The settings file ${path} is not valid JSON (${(error as Error).message}): fix its syntax.`,
      [{ field: path, rule: "must be valid JSON" }],
      { cause: error },
    );
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) {
    return "(settings)";
  }
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (typeof current !== "object" || current === null) {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
