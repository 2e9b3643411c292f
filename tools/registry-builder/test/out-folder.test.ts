/**
 * A build replaces its --out folder whole, so it must only ever replace its own earlier output: a folder holding
 * anything else (a user's files, a package, the workspace, a file, a link) is refused before any work, and
 * nothing is written or deleted.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NEWEST_OPENCLAW_RELEASE } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, manifestFor } from "./workspace.js";

function fixture(): string {
  return makeWorkspace({
    "interventions/a-fix": {},
    "interventions/b-fix": { manifest: manifestFor("b-fix") },
  });
}

function cli(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args, "--workspace", root], { encoding: "utf8" });
}

/** Every path below `dir` with its content (folders as "/"), to compare a tree before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const path = join(dir, name);
    try {
      out[name] = readFileSync(path, "utf8");
    } catch {
      out[name] = "/";
    }
  }
  return out;
}

describe("--out safety", () => {
  it.each([
    [
      "a folder with a user's files",
      (root: string) => {
        const dir = join(root, "mine");
        mkdirSync(join(dir, "context"), { recursive: true });
        writeFileSync(join(dir, "thesis.txt"), "four years of work\n");
        return dir;
      },
      /holds "thesis.txt", which no build writes/,
    ],
    [
      "a regular file",
      (root: string) => {
        writeFileSync(join(root, "notes.txt"), "keep me\n");
        return join(root, "notes.txt");
      },
      /is not a folder/,
    ],
    [
      "an intervention's folder",
      (root: string) => join(root, "interventions/a-fix"),
      /holds "manifest.json", "package.json"/,
    ],
    ["the workspace itself", (root: string) => root, /which no build writes/],
    [
      "a link to a folder",
      (root: string) => {
        mkdirSync(join(root, "real"));
        symlinkSync(join(root, "real"), join(root, "link"));
        return join(root, "link");
      },
      /is a symbolic link/,
    ],
    [
      "a folder whose marker no build wrote",
      (root: string) => {
        mkdirSync(join(root, "fake"));
        writeFileSync(join(root, "fake/registry-builder-output.txt"), "not ours\n");
        return join(root, "fake");
      },
      /has a registry-builder-output.txt that no build wrote/,
    ],
  ])("refuses %s and changes nothing", (_, target, message) => {
    const root = fixture();
    const out = target(root);
    const before = snapshot(root);
    const run = cli(root, "build", "--out", out);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Pass a new or empty folder; nothing was written or deleted\n$/);
    expect(snapshot(root)).toEqual(before);
    expect(cli(root, "check").stdout).toBe(
      `registry-builder: 2 intervention(s) valid for OpenClaw ${NEWEST_OPENCLAW_RELEASE}\n`,
    );
  });

  it("replaces an empty folder, its own output, and an output of a build from before the marker", () => {
    const root = fixture();
    const out = join(mkdtempSync(join(tmpdir(), "msetup-out-")), "dist");
    mkdirSync(out);
    expect(cli(root, "build", "--out", out).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      "context",
      "context.tar",
      "context.tar.sha256",
      "registry-builder-output.txt",
    ]);
    const first = snapshot(out);
    expect(cli(root, "build", "--out", out, "--no-cache").status).toBe(0);
    expect(snapshot(out)).toEqual(first);

    rmSync(join(out, "registry-builder-output.txt")); // as builds left it before the marker
    const again = cli(root, "build", "--out", out);
    expect(again.status, again.stderr).toBe(0);
    expect(snapshot(out)).toEqual(first);
  });

  it("refuses at the swap what replaced the output during the build", () => {
    const root = fixture();
    const parent = mkdtempSync(join(tmpdir(), "msetup-out-"));
    const out = join(parent, "dist");
    expect(cli(root, "build", "--out", out).status).toBe(0);
    // A preload that, once the build has started, swaps a user's folder in where the output was.
    const preload = join(parent, "swap.mjs");
    writeFileSync(
      preload,
      `import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import fs from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
const realMkdtemp = fs.mkdtemp;
let done = false;
fs.mkdtemp = async (...args) => {
  if (!done && String(args[0]).includes(".dist.staging-")) {
    done = true;
    renameSync(${JSON.stringify(out)}, ${JSON.stringify(join(parent, "aside"))});
    mkdirSync(${JSON.stringify(out)});
    writeFileSync(${JSON.stringify(join(out, "mine.txt"))}, "mine\\n");
  }
  return realMkdtemp(...args);
};
syncBuiltinESMExports();
`,
    );
    const run = spawnSync(
      process.execPath,
      ["--import", preload, CLI, "build", "--out", out, "--workspace", root],
      {
        encoding: "utf8",
      },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(readFileSync(join(out, "mine.txt"), "utf8")).toBe("mine\n");
    expect(readdirSync(parent).sort()).toEqual(["aside", "dist", "swap.mjs"]);
    expect(existsSync(join(parent, "aside", "context.tar"))).toBe(true);
  });
});
