import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

/**
 * This package's directory in the user's cache (`$XDG_CACHE_HOME/snyk-eventbridge`, `~/.cache/...` on Linux,
 * `~/Library/Caches/...` on macOS, `%LOCALAPPDATA%\...` on Windows): where the runner keeps what one machine
 * shares across runs (the provider plugin cache, where the provider mirror was found).
 */
export function userCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const home = env.HOME ?? homedir();
  if (env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "") {
    return join(env.XDG_CACHE_HOME, "snyk-eventbridge");
  }
  if (process.platform === "darwin") {
    return join(home, "Library", "Caches", "snyk-eventbridge");
  }
  if (process.platform === "win32") {
    return join(env.LOCALAPPDATA ?? tmpdir(), "snyk-eventbridge");
  }
  return join(home, ".cache", "snyk-eventbridge");
}
