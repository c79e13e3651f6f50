import type { ProgressEvent } from "../provisioner/provisioner-deps";

/** Writes provisioner progress to a stream: one line per step, and a line rewritten in place while waiting. */
export interface ProgressOutput {
  /** Reports one event. */
  readonly report: (event: ProgressEvent) => void;
  /** Ends a line left open by a wait. */
  readonly finish: () => void;
}

const SPINNER = ["-", "\\", "|", "/"];

/**
 * Progress on `stream` when it is a terminal, or when `force` (`--progress`) is set; otherwise silent, so
 * logs of pipelines stay clean. On a terminal the wait line is redrawn with a spinner; elsewhere each
 * distinct message is written once.
 */
export function createProgressOutput(stream: NodeJS.WritableStream, force: boolean): ProgressOutput {
  const tty = (stream as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  if (!tty && !force) {
    return { report: () => undefined, finish: () => undefined };
  }
  let open = false;
  let last = "";
  let frame = 0;
  return {
    report: (event) => {
      if (tty && event.phase === "wait") {
        stream.write(`\r\x1b[2K${SPINNER[frame++ % SPINNER.length]} ${event.message}`);
        open = true;
        return;
      }
      if (event.message === last) {
        return;
      }
      last = event.message;
      stream.write(`${open ? "\r\x1b[2K" : ""}${event.message}\n`);
      open = false;
    },
    finish: () => {
      if (open) {
        stream.write("\n");
        open = false;
      }
    },
  };
}
