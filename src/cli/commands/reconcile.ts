import { reconcile } from "../../provisioner/reconcile";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { provisionerCommand, provisionerHelp } from "../provisioner-command";

/** `reconcile`: create, adopt, rename or keep the integration, then wait for its partner event source. */
const command: Command = provisionerCommand(
  "reconcile",
  provisionerHelp(
    "reconcile",
    "Makes the Snyk integration the spec declares exist (create, adopt, rename in place), waits for its partner\n" +
      "event source and verifies its name. Safe to re-run after any failure; concurrent runs converge on one.\n" +
      "Result (--json): integrationId, partnerSourceName, partnerSourceArn, partnerSourceState, actions.",
    "  0  the integration exists and its partner source was found\n" +
      "  1  the operation failed (Snyk or AWS error, or the source did not appear in time)\n" +
      "  2  invalid input: bad flags, an invalid spec, or a partner source name that differs from the spec's",
  ),
  async (spec, deps) => {
    const result = await reconcile(spec, deps);
    const what = result.actions.length === 0 ? "in sync, nothing changed" : `actions: ${result.actions.join(", ")}`;
    return {
      result,
      exitCode: ExitCode.OK,
      lines: [
        `Integration ${result.integrationId} ("${result.integrationName}"): ${what}.`,
        `Partner event source ${result.partnerSourceName} is ${result.partnerSourceState}.`,
      ],
    };
  },
);

export default command;
