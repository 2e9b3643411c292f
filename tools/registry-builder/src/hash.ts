import { createHash } from "node:crypto";

/** Hex sha256: the one digest the builder names files, keys, bundles and sealed files by. */
export function sha256(content: Buffer | string): string {
  return createHash("sha256").update(content).digest("hex");
}
