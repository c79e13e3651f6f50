import { inspect } from "../../provisioner/inspect";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { provisionerCommand, provisionerHelp } from "../provisioner-command";

/** `status`: report drift between the spec and Snyk/AWS without changing anything. */
const command: Command = provisionerCommand(
  "status",
  provisionerHelp(
    "status",
    "Compares the spec with Snyk and AWS without changing anything: integration missing, renamed, duplicated or\n" +
      "with another account/region/event type; partner source missing, DELETED or named differently.\n" +
      "Result (--json): inSync, integrationId, partnerSourceName, partnerSourceState, drift[{kind, message}].",
    "  0  in sync\n" +
      "  1  the check failed (Snyk or AWS error)\n" +
      "  2  invalid input: bad flags or an invalid spec\n" +
      "  3  drift found, or the integration is missing",
  ),
  async (spec, deps) => {
    const report = await inspect(spec, deps);
    const lines = report.inSync
      ? [
          `In sync: integration ${report.integrationId ?? "?"} feeds ${report.partnerSourceName} (${report.partnerSourceState}).`,
        ]
      : ["Drift found:", ...report.drift.map((item) => `  - ${item.kind}: ${item.message}`)];
    return { result: report, exitCode: report.inSync ? ExitCode.OK : ExitCode.DRIFT, lines };
  },
);

export default command;
