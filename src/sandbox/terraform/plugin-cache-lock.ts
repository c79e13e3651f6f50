import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { abortableSleep } from "../../abortable-sleep";
import { TimeoutError } from "../../errors";

const LOCK_NAME = ".snyk-eventbridge-init.lock";

/**
 * Runs `work` while holding a lock on the plugin cache directory, across processes. Terraform documents its
 * plugin cache as unsafe for concurrent `terraform init` runs, and parallel test files and sandboxes do run
 * them concurrently; an init takes a second or two, so taking turns costs little. The lock is a directory
 * (created atomically) holding its owner's process ID; a lock whose owner is gone is taken over.
 *
 * @throws TimeoutError when the lock is not free within `timeoutMs`
 */
export async function withPluginCacheLock<T>(
  pluginCacheDir: string,
  work: () => Promise<T>,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const lock = join(pluginCacheDir, LOCK_NAME);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(lock)) {
    if (Date.now() > deadline) {
      throw new TimeoutError(
        `another terraform init held the plugin cache lock ${lock} for more than ${timeoutMs} ms. If no Terraform ` +
          "is running, delete that directory and run again.",
        timeoutMs,
      );
    }
    await abortableSleep(100, options.signal);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw error;
    }
    if (ownerIsGone(lock)) {
      rmSync(lock, { recursive: true, force: true });
    }
    return false;
  }
  writeFileSync(join(lock, "pid"), String(process.pid));
  return true;
}

function ownerIsGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(lock, "pid"), "utf8"), 10);
  } catch {
    // No pid yet: the owner is between creating the directory and writing it, unless it died right there.
    return Date.now() - statSync(lock).mtimeMs > 60_000;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
