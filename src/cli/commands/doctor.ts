import { CLI_NAME, ENV } from "../../consts";
import type { DoctorCheck, DoctorReport } from "../../doctor/doctor-check";
import { redactDeep, redactSecrets } from "../../redact";
import { parseFlags } from "../cli-flags";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { createProgressOutput } from "../progress-output";
import { PROVISIONER_FLAGS } from "../provisioner-command";
import { loadSpec } from "../spec-input";

const STATUS_LABELS: Readonly<Record<DoctorCheck["status"], string>> = { ok: "ok", fail: "FAIL", skip: "skip" };

/** `doctor`: read-only checks that everything the spec needs is in place, one line per check. */
const command: Command = {
  help: `Usage: ${CLI_NAME} doctor (--spec FILE | --spec - | --spec-env NAME) [--json] [--progress]

Checks, without writing anything to Snyk or AWS, that everything reconcile needs for the spec is in place,
and prints one line per check with what to do when it fails:
  Snyk API host         the base URL (spec.snykApiUrl, ${ENV.SNYK_API_URL}) is a Snyk regional API host
  Snyk credential       present, which kind (API token, OAuth access token, OAuth client credentials),
                        and accepted (GET /rest/self)
  Snyk org              the org exists, is visible to the credential and belongs to spec.groupId
  Snyk group            the group is visible to the credential
  Snyk registrations    the Cloud Events registrations of the group answer (cloud-events profile)
  AWS credentials       STS GetCallerIdentity in the spec's region names the spec's account
  AWS region            AWS_REGION (or AWS_DEFAULT_REGION), when set, is the spec's region
  Partner event source  whether the org's partner source exists already (ListEventSources); required
                        by the existing profile
The Snyk checks are skipped with the existing profile, which makes no Snyk calls. A check that cannot run
after an earlier failure is skipped, so one problem shows as one failure.
Result (--json): ok, profile, checks[{id, title, status (ok|fail|skip), summary, fix}].

Options:
  --spec FILE       the integration spec (JSON); - reads it from standard input
  --spec-env NAME   read the spec JSON from environment variable NAME
  --json            print the result object as JSON on stdout
  --progress        show progress on stderr even when it is not a terminal

Exit codes:
  0  everything needed is in place (no check failed)
  1  at least one check failed (each failed line says what to do)
  2  invalid input: bad flags or an invalid spec

Environment:
  ${ENV.SNYK_TOKEN}, ${ENV.SNYK_OAUTH_TOKEN}, or ${ENV.SNYK_CLIENT_ID} and ${ENV.SNYK_CLIENT_SECRET}   the Snyk credential
  ${ENV.SNYK_API_URL}     Snyk API base URL (default https://api.snyk.io; the spec's snykApiUrl wins)
  AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, ...  the AWS SDK's standard chain

Examples:
  ${CLI_NAME} doctor --spec spec.json
  ${CLI_NAME} doctor --spec spec.json --json
`,
  run: async (context) => {
    const flags = parseFlags("doctor", context.argv, PROVISIONER_FLAGS);
    const spec = await loadSpec({ spec: flags.spec, specEnv: flags["spec-env"] }, context);
    const progress = createProgressOutput(context.stderr, flags.progress === true);
    const { runDoctor } = await import("../../doctor/run-doctor");
    try {
      const report = await runDoctor(spec, {
        env: context.env,
        signal: context.signal,
        onProgress: (message) => progress.report({ phase: "observe", message }),
      });
      progress.finish();
      // Text from Snyk and AWS is in these lines: secrets are stripped, and so are terminal control sequences.
      const output =
        flags.json === true ? `${JSON.stringify(redactDeep(report), null, 2)}\n` : formatReport(report, spec.orgId);
      context.stdout.write(printable(redactSecrets(output)));
      return report.ok ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      progress.finish();
    }
  },
};

function formatReport(report: DoctorReport, orgId: string): string {
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = report.checks.map((check) => {
    const summary = check.summary.replace(/[.\s]+$/, "");
    const fix = check.fix === undefined ? "" : `. To fix: ${check.fix}`;
    return `${STATUS_LABELS[check.status].padEnd(4)}  ${check.title.padEnd(width)}  ${summary}${fix}`;
  });
  const failures = report.checks.filter((check) => check.status === "fail").length;
  const verdict =
    failures === 0
      ? "Everything reconcile needs is in place."
      : `${failures} check${failures === 1 ? "" : "s"} failed; fix ${failures === 1 ? "it" : "them"} and run doctor again.`;
  return [`Doctor for org ${orgId} (${report.profile} profile):`, ...lines, verdict, ""].join("\n");
}

/** Removes terminal control sequences and other control characters, keeping line breaks. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x09\x0b-\x1f\x7f-\x9f]/g, "");
}

export default command;
