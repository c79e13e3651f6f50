import type { TerraformDiagnostic } from "./terraform-events";

/**
 * The diagnostics in Terraform's human-readable output (commands without `-json`, run with `-no-color`):
 * `Error: <summary>` or `Warning: <summary>`, then the detail up to the next diagnostic. The box-drawing
 * margin Terraform draws around diagnostics on some terminals is removed.
 */
export function textDiagnostics(lines: readonly string[]): TerraformDiagnostic[] {
  const diagnostics: { severity: "error" | "warning"; summary: string; detail: string[] }[] = [];
  for (const raw of lines) {
    const line = raw.replace(/^[│╷╵]\s?/, "");
    const heading = /^(Error|Warning): (.*)$/.exec(line);
    if (heading !== null) {
      diagnostics.push({ severity: heading[1] === "Error" ? "error" : "warning", summary: heading[2], detail: [] });
    } else if (diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1].detail.push(line);
    }
  }
  return diagnostics.map(({ severity, summary, detail }) => ({ severity, summary, detail: detail.join("\n").trim() }));
}
