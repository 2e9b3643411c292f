import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Manifest } from "@model-setup/manifest";
import { sha256 } from "./hash.js";
import { toolchainFingerprint } from "./package-key.js";
import { readSealedJson, writeSealedJson } from "./sealed-file.js";
import type { PreviousTarball, TarballIndex } from "./tarball.js";
import { OUTPUT, type WrittenContext } from "./write.js";

/**
 * What the last successful build into an output folder left behind, kept in the cache folder: per package the
 * stat signature and the key it stood for, and per output file and tar entry what it holds and where. The next
 * build uses it to skip hashing unchanged packages, to copy unchanged tar entries and to hard-link unchanged
 * files. Every use verifies before it trusts: the tarball by its sha256, each linked file by inode and stat, each
 * signature by being settled; anything that does not verify is rebuilt, and the output is the same either way.
 */

const STATE_FORMAT = 1;

export interface PackageState {
  signature: string;
  key: string;
  /** Kept for packages without plugins: their validated manifest is all a build needs from them. */
  manifest?: Manifest;
}

export interface BuildState {
  format: typeof STATE_FORMAT;
  toolchain: string;
  outDir: string;
  /** Package folder → signature and key. */
  packages: Record<string, PackageState>;
  tarballSha256: string;
  tarballIndex: TarballIndex;
  files: WrittenContext;
}

export type BuildStateInput = Omit<BuildState, "format" | "toolchain" | "outDir">;

/** One state file per output folder, named by the folder's absolute path. */
export function buildStateFile(cacheDir: string, outDir: string): string {
  const name = sha256(resolve(outDir)).slice(0, 32);
  return join(cacheDir, "outputs", `${name}.json`);
}

export function readBuildState(file: string, outDir: string): BuildState | undefined {
  const state = readSealedJson(file) as Partial<BuildState> | undefined;
  if (
    state?.format !== STATE_FORMAT ||
    state.toolchain !== toolchainFingerprint() ||
    state.outDir !== resolve(outDir) ||
    typeof state.packages !== "object" ||
    typeof state.tarballIndex !== "object" ||
    typeof state.files !== "object" ||
    typeof state.tarballSha256 !== "string"
  )
    return undefined;
  return state as BuildState;
}

export function writeBuildState(file: string, outDir: string, input: BuildStateInput): boolean {
  const state: BuildState = {
    format: STATE_FORMAT,
    toolchain: toolchainFingerprint(),
    outDir: resolve(outDir),
    ...input,
  };
  return writeSealedJson(file, state);
}

/** The tarball currently in the output folder, if it is still the one the state describes. */
export function previousTarball(outDir: string, state: BuildState): PreviousTarball | undefined {
  try {
    const tarball = readFileSync(join(outDir, OUTPUT.tarball));
    return sha256(tarball) === state.tarballSha256 ? { tarball, index: state.tarballIndex } : undefined;
  } catch {
    return undefined;
  }
}
