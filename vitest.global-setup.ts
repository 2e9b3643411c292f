import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Vitest global setup shared by the packages whose tests make scratch workspaces, outputs and caches: each run
 * gets its own TMPDIR (inherited by the test workers and every process they spawn), removed when the run ends,
 * so thousands of temp folders never pile up in the machine's temp directory.
 */
export default function isolateTmpdir(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "model-setup-vitest-"));
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
