/**
 * What this workspace lets a user run, for the checks of the documented commands: the root's scripts and bins,
 * every package's scripts and bins, and what pnpm itself does with a name.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { readWorkspacePackages } from "@model-setup/discovery";
import type { Command, PnpmInvocation } from "./commands.js";

interface PackageJson {
  name?: unknown;
  scripts?: unknown;
  bin?: unknown;
  dependencies?: unknown;
  devDependencies?: unknown;
}

export interface WorkspacePackage {
  name: string;
  /** Relative to the workspace root. */
  dir: string;
  scripts: Record<string, string>;
  /** Bin name -> file, relative to the workspace root. */
  bins: Map<string, string>;
}

export interface WorkspaceCommands {
  root: string;
  rootScripts: Record<string, string>;
  /** The bins the root's dependencies link into node_modules/.bin: name -> file, relative to the root. */
  rootBins: Map<string, string>;
  packages: WorkspacePackage[];
}

const execFileAsync = promisify(execFile);

const strings = (value: unknown): Record<string, string> =>
  typeof value === "object" && value !== null
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

function binsOf(manifest: PackageJson, dir: string): Map<string, string> {
  const bins = new Map<string, string>();
  if (typeof manifest.bin === "string" && typeof manifest.name === "string")
    bins.set(manifest.name.replace(/^@[^/]+\//, ""), join(dir, manifest.bin));
  for (const [name, file] of Object.entries(strings(manifest.bin))) bins.set(name, join(dir, file));
  return bins;
}

export async function readWorkspaceCommands(root: string): Promise<WorkspaceCommands> {
  const workspace = await readWorkspacePackages(root);
  const packages = workspace.packages
    .filter((pkg) => typeof pkg.manifest.name === "string")
    .map(({ dir, manifest }) => {
      const rel = relative(root, dir);
      return {
        name: manifest.name as string,
        dir: rel,
        scripts: strings(manifest.scripts),
        bins: binsOf(manifest, rel),
      };
    });
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;
  const rootBins = new Map<string, string>();
  for (const dep of Object.keys({
    ...strings(rootManifest.dependencies),
    ...strings(rootManifest.devDependencies),
  })) {
    const own = packages.find((pkg) => pkg.name === dep);
    if (own) {
      for (const [name, file] of own.bins) rootBins.set(name, file);
      continue;
    }
    const dir = join("node_modules", dep);
    const file = join(root, dir, "package.json");
    if (!existsSync(file)) continue;
    for (const [name, bin] of binsOf(JSON.parse(readFileSync(file, "utf8")) as PackageJson, dir))
      rootBins.set(name, bin);
  }
  return { root, rootScripts: strings(rootManifest.scripts), rootBins, packages };
}

/** The packages a `--filter` selects: by name, or `./folder/*` and `./folder` by path. */
export function selected(filter: string, ws: WorkspaceCommands): WorkspacePackage[] {
  if (!filter.startsWith(".")) return ws.packages.filter((pkg) => pkg.name === filter);
  const path = filter.replace(/^\.\//, "");
  if (path.endsWith("/*")) return ws.packages.filter((pkg) => pkg.dir.startsWith(path.slice(0, -1)));
  return ws.packages.filter((pkg) => pkg.dir === path);
}

/** Whether `pnpm help <name>` knows the name: one of pnpm's own commands. */
const pnpmCommands = new Map<string, boolean>();
export function isPnpmCommand(name: string): boolean {
  let known = pnpmCommands.get(name);
  if (known === undefined) {
    const askPnpm = ["help", name];
    const help = spawnSync("pnpm", askPnpm, { encoding: "utf8", timeout: 30_000 });
    known = help.status === 0 && !/No results for/.test(`${help.stdout}${help.stderr}`);
    pnpmCommands.set(name, known);
  }
  return known;
}

/** Why `pnpm …` would not run what the docs mean in this workspace; undefined when it does. */
export function pnpmProblem(invocation: PnpmInvocation, ws: WorkspaceCommands): string | undefined {
  const { name, filters } = invocation;
  // `pnpm <name>` in prose stands for any name: nothing to check.
  if (/[<>…]/.test(name)) return undefined;
  if (filters.length === 0) {
    if (name in ws.rootScripts || ws.rootBins.has(name) || isPnpmCommand(name)) return undefined;
    return `pnpm ${name}: no root script, root bin or pnpm command of that name`;
  }
  for (const filter of filters) {
    const packages = selected(filter, ws);
    if (packages.length === 0) return `pnpm --filter ${filter}: selects no workspace package`;
    const without = packages.filter((pkg) => !(name in pkg.scripts));
    if (without.length > 0 && !isPnpmCommand(name))
      return `pnpm --filter ${filter} ${name}: ${without[0]?.name} has no script ${name}, and pnpm has no such command`;
  }
  return undefined;
}

/**
 * The root scripts pnpm does not run when asked by name, because a pnpm command of that name wins (`pnpm docs`
 * opens the package's docs page): each name is tried, all at once, in an empty project whose script of that name
 * prints a mark.
 */
export async function scriptsPnpmShadows(names: readonly string[]): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "docs-script-names-"));
  const mark = "model-setup-docs-script-ran";
  try {
    const scripts = Object.fromEntries(names.map((name) => [name, `echo ${mark}`]));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "probe", private: true, scripts }));
    const ran = await Promise.all(
      names.map((name) =>
        execFileAsync("pnpm", [name], { cwd: dir, encoding: "utf8", timeout: 30_000 }).then(
          ({ stdout }) => stdout.includes(mark),
          () => false,
        ),
      ),
    );
    return names.filter((_, index) => !ran[index]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PATH as a user's shell has it: without the node_modules/.bin folders pnpm adds for its scripts. */
export function userPath(path = process.env.PATH ?? ""): string {
  return path
    .split(delimiter)
    .filter((dir) => !dir.split(/[\\/]/).includes("node_modules"))
    .join(delimiter);
}

/** The commands `bash` cannot find (no builtin, function or file on the user's PATH), in the given folder. */
export function unknownCommands(names: readonly string[], cwd: string): string[] {
  return names.filter((name) => {
    const found = spawnSync("bash", ["-c", 'type -t -- "$1" >/dev/null', "bash", name], {
      cwd,
      env: { ...process.env, PATH: userPath() },
    });
    return found.status !== 0;
  });
}

/**
 * The workspace bin a command runs, with the arguments it gets: `pnpm <root script>` whose script starts with a
 * workspace bin (by name or as `node <its file>`), `pnpm <root bin>`, or `node <bin file>`.
 */
export function workspaceCliOf(
  command: Pick<Command, "argv">,
  ws: WorkspaceCommands,
): { bin: string; file: string } | undefined {
  const bins = new Map(ws.packages.flatMap((pkg) => [...pkg.bins]));
  const byFile = (file: string) =>
    [...bins].find(([, binFile]) => resolve(ws.root, binFile) === resolve(ws.root, file));
  const { argv } = command;
  if (argv[0] === "node" && argv[1] !== undefined) {
    const found = byFile(argv[1]);
    return found ? { bin: found[0], file: found[1] } : undefined;
  }
  if (argv[0] !== "pnpm" || argv[1] === undefined || argv[1].startsWith("-")) return undefined;
  const name = argv[1];
  const script = ws.rootScripts[name];
  if (script !== undefined) {
    const [first, second] = script.split(/\s+/);
    if (first === "node" && second !== undefined) {
      const found = byFile(second);
      return found ? { bin: found[0], file: found[1] } : undefined;
    }
    const file = first === undefined ? undefined : bins.get(first);
    return file && first ? { bin: first, file } : undefined;
  }
  const file = bins.get(name);
  return file && ws.rootBins.has(name) ? { bin: name, file } : undefined;
}
