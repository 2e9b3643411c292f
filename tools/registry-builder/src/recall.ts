import type { Manifest } from "@model-setup/manifest";
import type { InterventionPackage } from "./discover.js";
import type { LoadedIntervention } from "./load.js";
import { packageInputs } from "./package-key.js";
import type { PackageState } from "./state.js";

export interface Recalled {
  key: string | undefined;
  /** The validated manifest of a recognised package without plugins: nothing else needs reading. */
  manifest?: Manifest;
}

/**
 * Keys packages, recalling the previous build's key when a package's settled stat signature is unchanged, and
 * collects the signatures of this build for the next one.
 */
export class PackageRecall {
  readonly next: Record<string, PackageState> = {};
  recognised = 0;
  private readonly now = Date.now();

  constructor(private readonly previous: Record<string, PackageState> = {}) {}

  keyOf(pkg: InterventionPackage): Recalled {
    const inputs = packageInputs(pkg, this.now);
    if (!inputs) return { key: undefined };
    const signature = inputs.signature();
    const known = Object.hasOwn(this.previous, pkg.dir) ? this.previous[pkg.dir] : undefined;
    if (signature.settled && known?.signature === signature.signature) {
      this.recognised++;
      this.next[pkg.dir] = known;
      return { key: known.key, manifest: known.manifest };
    }
    const key = inputs.key();
    if (signature.settled) this.next[pkg.dir] = { signature: signature.signature, key };
    return { key };
  }

  /** Keeps the manifest of a package without plugins with its signature, so the next build need not read it. */
  remember(loaded: LoadedIntervention): void {
    const state = this.next[loaded.pkg.dir];
    if (state && loaded.plugins.length === 0)
      this.next[loaded.pkg.dir] = { ...state, manifest: loaded.manifest };
  }
}
