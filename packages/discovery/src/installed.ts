/**
 * Interventions as released, not as checked out: every lock entry's tarball is fetched from the registry
 * (`npm pack name@version`, so npm's registry and auth settings apply), checked against the lock's sha512,
 * extracted safely, compared with the installed copy in node_modules when there is one, and selected by
 * `fromManifests` like workspace packages.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, symlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { ID_PATTERN, type Problem } from "@model-setup/manifest";
import { extract } from "tar-stream";
import { type Discovery, fromManifests, METADATA_FIELD } from "./discover.js";
import { integrityMatches, integrityOf, type LockEntry, parseLock } from "./lock.js";

/** Fetches `name@version` as a tarball into `dir`; returns the tarball's path. */
export type TarballFetcher = (entry: LockEntry, dir: string) => Promise<string>;

export interface FromLockOptions {
  /** Where the packages are installed; default `node_modules` beside the lock file. */
  nodeModules?: string;
  /** Scratch folder for tarballs and extracted packages (the caller removes it). */
  workDir: string;
  /** Registry URL passed to npm; default: npm's own configuration. */
  registry?: string;
  fetchTarball?: TarballFetcher;
}

const run = promisify(execFile);

/** `npm pack name@version`: npm resolves the registry and credentials as it does for installs. */
export function npmPackFetcher(registry?: string): TarballFetcher {
  return async (entry, dir) => {
    const args = ["pack", `${entry.name}@${entry.version}`, "--json", "--pack-destination", dir];
    if (registry) args.push("--registry", registry);
    const { stdout } = await run("npm", args, { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    if (!packed) throw new Error(`npm pack ${entry.name}@${entry.version} reported no tarball`);
    return join(dir, packed.filename);
  };
}

/** Files of an npm tarball (`package/` stripped), refusing anything but plain files and folders inside it. */
export async function tarballFiles(gzipped: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on("end", () => {
        try {
          const path = header.name.replace(/^[^/]+\//, "");
          if (header.type === "file") {
            if (path === "" || path.startsWith("/") || path.split("/").some((s) => s === ".." || s === "")) {
              throw new Error(`unsafe path ${JSON.stringify(header.name)} in tarball`);
            }
            files.set(path, Buffer.concat(chunks));
          } else if (header.type !== "directory") {
            throw new Error(
              `${header.type} entry ${JSON.stringify(header.name)} in tarball: only files are allowed`,
            );
          }
          next();
        } catch (error) {
          reader.destroy(error as Error);
        }
      });
      stream.on("error", reject);
    });
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(gunzipSync(gzipped));
  await done;
  return files;
}

/** Files of an installed package folder (its own node_modules excluded). */
function installedFiles(dir: string, rel = ""): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (path === "node_modules") continue;
      for (const [p, c] of installedFiles(dir, path)) files.set(p, c);
    } else files.set(path, readFileSync(join(dir, path)));
  }
  return files;
}

function differences(released: Map<string, Buffer>, installed: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [path, content] of released) {
    const mine = installed.get(path);
    if (!mine) out.push(`${path} is missing`);
    else if (!mine.equals(content)) out.push(`${path} differs`);
  }
  for (const path of installed.keys()) if (!released.has(path)) out.push(`${path} is not in the release`);
  return out.sort();
}

async function materialise(files: Map<string, Buffer>, dir: string): Promise<void> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content, { flag: "wx", mode: 0o644 });
  }
}

/** The manifest id the package declares, for naming its folder (the builder checks id = folder name). */
function declaredId(files: Map<string, Buffer>, pkg: Record<string, unknown>): string | undefined {
  const rel = (pkg[METADATA_FIELD] as { manifest?: unknown } | undefined)?.manifest;
  const text = typeof rel === "string" ? files.get(rel) : undefined;
  try {
    const id = text ? (JSON.parse(text.toString("utf8")) as { id?: unknown }).id : undefined;
    return typeof id === "string" && ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies and extracts every intervention of the lock; returns them as a discovery (problems included). */
export async function discoverFromLock(lockFile: string, options: FromLockOptions): Promise<Discovery> {
  const lock = parseLock(await readFile(lockFile, "utf8"), lockFile);
  if (!lock.ok) return { packages: [], problems: lock.problems };
  const nodeModules = options.nodeModules ?? join(dirname(lockFile), "node_modules");
  const fetchTarball = options.fetchTarball ?? npmPackFetcher(options.registry);
  const problems: Problem[] = [];
  const at = (entry: LockEntry, message: string): Problem => ({
    file: lockFile,
    pointer: "",
    message: `${entry.name}@${entry.version}: ${message}`,
  });

  const selected: { entry: LockEntry; installedDir?: string }[] = [];
  for (const entry of lock.entries) {
    const installedDir = join(nodeModules, entry.name);
    const manifestFile = join(installedDir, "package.json");
    if (!existsSync(manifestFile)) {
      if (lock.kind === "npm") problems.push(at(entry, `not installed in ${nodeModules}: run npm ci first`));
      else selected.push({ entry });
      continue;
    }
    const installed = JSON.parse(readFileSync(manifestFile, "utf8")) as Record<string, unknown>;
    if (lock.kind === "npm" && !Object.hasOwn(installed, METADATA_FIELD)) continue; // not an intervention
    if (installed.version !== entry.version) {
      problems.push(
        at(entry, `installed version is ${String(installed.version)}, the lock says ${entry.version}`),
      );
      continue;
    }
    selected.push({ entry, installedDir });
  }
  if (problems.length > 0) return { packages: [], problems };

  const tarballs = join(options.workDir, "tarballs");
  await mkdir(tarballs, { recursive: true });
  const candidates: { dir: string; manifest: Record<string, unknown> }[] = [];
  const results = await Promise.all(
    selected.map(async ({ entry, installedDir }, index) => {
      let bytes: Buffer;
      try {
        const dir = join(tarballs, String(index));
        await mkdir(dir);
        bytes = await readFile(await fetchTarball(entry, dir));
      } catch (error) {
        return at(entry, `cannot fetch the release tarball: ${(error as Error).message.split("\n")[0]}`);
      }
      if (!integrityMatches(entry.integrity, bytes)) {
        return at(entry, `tarball integrity ${integrityOf(bytes)} does not match the lock: refusing it`);
      }
      const files = await tarballFiles(bytes);
      const pkgText = files.get("package.json");
      const pkg = pkgText ? (JSON.parse(pkgText.toString("utf8")) as Record<string, unknown>) : {};
      if (pkg.name !== entry.name || pkg.version !== entry.version) {
        return at(entry, `the tarball holds ${String(pkg.name)}@${String(pkg.version)}`);
      }
      if (!Object.hasOwn(pkg, METADATA_FIELD))
        return at(entry, `not an intervention: no "${METADATA_FIELD}" field`);
      if (installedDir) {
        const diff = differences(files, installedFiles(installedDir));
        if (diff.length > 0) {
          return at(entry, `installed copy in ${installedDir} differs from the release: ${diff.join(", ")}`);
        }
      }
      const staging = join(options.workDir, "packages", String(index));
      await materialise(files, join(staging, "package"));
      const dir = join(staging, declaredId(files, pkg) ?? "package");
      if (dir !== join(staging, "package")) await rename(join(staging, "package"), dir);
      // The release's plugin imports its dependencies by name: they resolve, as for the installed copy, from the
      // node_modules the package manager installed (and verified) beside the lock.
      if (existsSync(nodeModules)) await symlink(resolve(nodeModules), join(staging, "node_modules"), "dir");
      candidates.push({ dir, manifest: pkg });
      return undefined;
    }),
  );
  for (const problem of results) if (problem) problems.push(problem);
  if (problems.length > 0) return { packages: [], problems };
  return fromManifests(candidates);
}
