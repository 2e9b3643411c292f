/**
 * The repository as a new user gets it, in a clone of the committed state installed offline: every workspace bin
 * answers `--help` before anything is built (each builds its package on demand), the README's set-up build
 * passes, every runnable command block of README.md and docs/*.md runs as written, and every flag the other
 * commands shown (illustrations, inline code) give a workspace bin is one its `--help` lists. The marking
 * convention is in src/commands.ts and docs/development.md.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installOffline, run } from "@model-setup/bench/measure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DocCommand,
  documentedBlocks,
  documentedCommands,
  flagsIn,
  readWorkspaceCommands,
  userPath,
  type WorkspaceCommands,
  workspaceCliOf,
} from "../../src/index.js";

const REPO = fileURLToPath(new URL("../../../..", import.meta.url));
/** Per command: an on-demand build, the set-up build or a block may take this long on 2 busy cores. */
const COMMAND_LIMIT_S = 600;

const scratch = mkdtempSync(join(tmpdir(), "docs-fresh-clone-"));
const ws = join(scratch, "ws");
// A clone with its node_modules: removing it takes longer than the default hook timeout.
afterAll(() => rmSync(scratch, { recursive: true, force: true }), 300_000);

/**
 * A user's environment: their PATH without node_modules/.bin, a HOME of the scratch folder's, nothing of the
 * test runner's (vitest's and pnpm's variables), npm's global prefix inside the scratch folder. Builds share the
 * repository's turbo cache, so after `pnpm test`'s build they replay instead of compiling again.
 */
function userEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  const keep = ["LANG", "LC_ALL", "TZ", "USER", "LOGNAME", "SHELL", "TMPDIR"];
  return {
    ...Object.fromEntries(keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []))),
    PATH: userPath(),
    HOME: home,
    NPM_CONFIG_PREFIX: join(scratch, "npm-global"),
    npm_config_update_notifier: "false",
    TURBO_CACHE_DIR: join(REPO, ".turbo", "cache"),
    TURBO_TELEMETRY_DISABLED: "1",
    TURBO_UI: "false",
    DO_NOT_TRACK: "1",
    FORCE_COLOR: "0",
  };
}

interface Ran {
  status: number | null;
  output: string;
  stdout: string;
}

/** Runs a command in the clone under `timeout`, which ends its whole process group when the limit passes. */
function runInClone(argv: readonly string[], env: NodeJS.ProcessEnv): Ran {
  const ran = spawnSync("timeout", ["-k", "10", String(COMMAND_LIMIT_S), ...argv], {
    cwd: ws,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: ran.status, output: `${ran.stdout}${ran.stderr}`, stdout: ran.stdout };
}

const tail = (text: string) => text.split("\n").slice(-25).join("\n");
const STACK_LINE = /^\s+at .+[:(]/m;

let commands: WorkspaceCommands;

beforeAll(async () => {
  run("git", ["clone", "--quiet", "--no-hardlinks", REPO, ws], { cwd: scratch });
  // changesets compares with the base branch, main (.changeset/config.json): a clone of another branch gets one.
  const hasMain = spawnSync("git", ["rev-parse", "--verify", "--quiet", "main"], { cwd: ws }).status === 0;
  if (!hasMain) {
    const origin =
      spawnSync("git", ["rev-parse", "--verify", "--quiet", "origin/main"], { cwd: ws }).status === 0;
    run("git", ["branch", "main", origin ? "origin/main" : "HEAD"], { cwd: ws });
  }
  installOffline(REPO, ws, ["--frozen-lockfile"], userEnv(join(scratch, "home")));
  commands = await readWorkspaceCommands(ws);
}, 600_000);

describe("a fresh clone, as the README sets it up", { timeout: 1_800_000 }, () => {
  it("every workspace bin answers --help with its usage right after pnpm install, before any build", () => {
    const bins = commands.packages.flatMap((pkg) => [...pkg.bins].map(([bin, file]) => ({ pkg, bin, file })));
    expect(bins.map((b) => b.bin)).toEqual(
      expect.arrayContaining(["create-intervention", "openclaw-config"]),
    );
    // Nothing is built yet: this is what a user has after `pnpm install`.
    expect(
      commands.packages.filter((pkg) => existsSync(join(ws, pkg.dir, "dist"))).map((p) => p.name),
    ).toEqual([]);
    const env = userEnv(join(scratch, "home"));
    const failed: string[] = [];
    const check = (label: string, argv: string[]) => {
      const ran = runInClone(argv, env);
      if (ran.status !== 0 || !/usage/i.test(ran.stdout) || STACK_LINE.test(ran.output))
        failed.push(`${label}: exit ${ran.status}\n${tail(ran.output)}`);
    };
    for (const { bin, file } of bins) check(`${bin} (node ${file} --help)`, ["node", file, "--help"]);
    // The forms the docs use: `pnpm <bin>` for the bins the root links, `pnpm <script>` for a script that is a bin.
    for (const bin of commands.rootBins.keys()) {
      if (bins.some((b) => b.bin === bin)) check(`pnpm ${bin} --help`, ["pnpm", bin, "--help"]);
    }
    for (const [script, text] of Object.entries(commands.rootScripts)) {
      const cli = workspaceCliOf({ argv: ["pnpm", script] }, commands);
      // Only a script that is the bin and nothing else passes --help on to it; one named as its bin ran above.
      if (cli && text.trim().split(/\s+/).length <= 2 && !commands.rootBins.has(script))
        check(`pnpm ${script} --help`, ["pnpm", script, "--help"]);
    }
    expect(failed).toEqual([]);
  });

  it("the README's set-up builds the image context", () => {
    const ran = runInClone(["pnpm", "turbo", "build"], userEnv(join(scratch, "home")));
    expect(ran.status, tail(ran.output)).toBe(0);
    expect(existsSync(join(ws, "packages/image-context/dist/context/model-setup-index/registry.json"))).toBe(
      true,
    );
  });

  it("every runnable command block of README.md and docs/*.md runs as written", () => {
    const files = ["README.md", ...readdirSync(join(ws, "docs")).map((name) => `docs/${name}`)];
    const blocks = files
      .filter((file) => file.endsWith(".md"))
      .flatMap((file) => documentedBlocks(file, readFileSync(join(ws, file), "utf8")))
      .filter((block) => block.kind.kind === "runnable");
    expect(blocks.length).toBeGreaterThan(3);
    const failed: string[] = [];
    for (const [index, block] of blocks.entries()) {
      const script = join(scratch, `block-${index}.sh`);
      writeFileSync(script, `set -euo pipefail\n${block.text}\n`);
      const ran = runInClone(["bash", script], userEnv(join(scratch, `home-${index}`)));
      if (ran.status !== 0)
        failed.push(`${block.file}:${block.line}: exit ${ran.status}\n${tail(ran.output)}`);
      // Each block starts from the clone as set up: what one wrote (a scaffold, a version bump) goes.
      run("git", ["checkout", "--quiet", "--", "."], { cwd: ws });
      run("git", ["clean", "-fdq"], { cwd: ws });
    }
    expect(failed).toEqual([]);
  });

  it("every flag the commands shown give a workspace bin is one its --help lists", () => {
    const files = ["README.md", ...readdirSync(join(ws, "docs")).map((name) => `docs/${name}`)];
    const shown: DocCommand[] = files
      .filter((file) => file.endsWith(".md"))
      .flatMap((file) => documentedCommands(file, readFileSync(join(ws, file), "utf8")));
    const helps = new Map<string, string>();
    const helpOf = (file: string) => {
      let help = helps.get(file);
      if (help === undefined) {
        help = runInClone(["node", file, "--help"], userEnv(join(scratch, "home"))).stdout;
        helps.set(file, help);
      }
      return help;
    };
    let checked = 0;
    const unknown: string[] = [];
    for (const command of shown) {
      const cli = workspaceCliOf(command, commands);
      if (!cli) continue;
      const help = helpOf(cli.file);
      for (const flag of flagsIn(command.text)) {
        checked++;
        // --help itself is what the first test runs on every bin.
        if (flag !== "--help" && !new RegExp(`(?<![\\w-])${flag}(?![\\w-])`).test(help))
          unknown.push(`${command.file}:${command.line}: ${cli.bin} has no ${flag}`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(unknown).toEqual([]);
  });
});
