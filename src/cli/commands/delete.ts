import { remove } from "../../provisioner/remove";
import type { Command } from "../command";
import { ExitCode } from "../exit-codes";
import { provisionerCommand, provisionerHelp } from "../provisioner-command";

/** `delete`: delete the integration and confirm its partner event source is gone. */
const command: Command = provisionerCommand(
  "delete",
  provisionerHelp(
    "delete",
    "Deletes the Snyk integration the spec declares (already gone is success) and confirms that its partner\n" +
      "event source is gone or DELETED. Result (--json): deleted, partnerSourceName, partnerSourceState, actions.",
    "  0  nothing of the integration is left (or it was already gone)\n" +
      "  1  the operation failed (Snyk or AWS error, or the source did not go in time)\n" +
      "  2  invalid input: bad flags or an invalid spec",
  ),
  async (spec, deps) => {
    const result = await remove(spec, deps);
    const lines =
      result.deleted.length > 0
        ? [
            `Deleted integration ${result.deleted.join(", ")}; ${result.partnerSourceName} is ${result.partnerSourceState}.`,
          ]
        : [`Nothing to delete; ${result.partnerSourceName} is ${result.partnerSourceState}.`];
    return { result, exitCode: ExitCode.OK, lines: result.note === undefined ? lines : [...lines, result.note] };
  },
);

export default command;
