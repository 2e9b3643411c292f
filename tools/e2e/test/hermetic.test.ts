/**
 * The harness must not depend on what the machine holds. A real case runs through the harness inside
 * hermetic/hostile-host.sh: a private mount namespace whose /tmp is an empty tmpfs (so OpenClaw's lock folder
 * /tmp/openclaw-state-locks-<uid> is absent and the run's scratch folder shares that /tmp), with leftovers that
 * must not matter (other users' lock folders, a broken ~/.openclaw, a broken plugin at the production plugin
 * path), once as root and once as an unprivileged user (the harness then adds a user namespace itself).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixtureContext } from "../src/fixture-intervention.js";
import { E2E_ROOT, NODE24, REPO_ROOT, requireInputs } from "../src/paths.js";

const HOSTILE_HOST = fileURLToPath(new URL("./hermetic/hostile-host.sh", import.meta.url));
const PROBE = fileURLToPath(new URL("./hermetic/probe-case.mjs", import.meta.url));

type UserKind = "root" | "unprivileged";

/** A fresh mount namespace in which the script is root; as non-root, a user namespace provides that. */
function namespacePrefix(as: UserKind): string[] {
  const common = ["-m", "--propagation", "private", "--"];
  if (process.getuid?.() === 0) return ["unshare", ...common];
  // Unprivileged: the caller's own uid, with the capabilities the script needs to mount (dropped before the run).
  return as === "root" ? ["unshare", "-r", ...common] : ["unshare", "-c", "--keep-caps", ...common];
}

function run(command: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [cmd, ...args] = command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("the harness on a fresh, hostile machine", () => {
  requireInputs();
  // Inside the checkout (git-ignored), which hostile-host.sh keeps visible; the namespace's /tmp is empty.
  const contextOut = join(E2E_ROOT, ".e2e-fixture", "hermetic");
  let fixtureRoot: string | undefined;
  beforeAll(async () => {
    rmSync(contextOut, { recursive: true, force: true });
    fixtureRoot = (await buildFixtureContext(contextOut)).root;
  });
  afterAll(() => {
    if (fixtureRoot) rmSync(fixtureRoot, { recursive: true, force: true });
    rmSync(join(E2E_ROOT, ".e2e-fixture"), { recursive: true, force: true });
  });

  it.each<UserKind>(["root", "unprivileged"])("runs a case as %s", async (as) => {
    const { status, stdout, stderr } = await run([
      ...namespacePrefix(as),
      "bash",
      HOSTILE_HOST,
      as,
      REPO_ROOT,
      NODE24,
      PROBE,
      `hermetic-${as}`,
      join(contextOut, "context"),
    ]);
    const context = `stdout:\n${stdout}\nstderr:\n${stderr}`;
    const line = stdout.split("\n").find((l) => l.startsWith("{"));
    expect(line, context).toBeDefined();
    const result = JSON.parse(line ?? "{}") as Record<string, unknown>;
    expect(result.error, context).toBeUndefined();
    // Agent turn ok, config valid, the staged plugin (not the broken host copy) loaded, script consumed.
    expect(result.problems, context).toEqual([]);
    expect(result.executed).toEqual([
      { toolCallId: "call_probe_1", name: "exec", args: { command: "echo hermetic-probe" } },
    ]);
    expect(result.output).toBe("hermetic-probe");
    expect(status, context).toBe(0);

    // Nothing was added to the machine's /tmp: only the planted lock folders, each with only its planted file.
    const left = /\/tmp afterwards: \[(.*)\]/.exec(stdout)?.[1]?.split(" ") ?? [];
    expect(left, context).toEqual(
      expect.arrayContaining(["./openclaw-state-locks-0", "./openclaw-state-locks-65534"]),
    );
    for (const entry of left) {
      expect(entry).toMatch(/^\.\/openclaw-state-locks-\d+(\/state-handles\.00000000\.lock\.sqlite)?$/);
    }
  });
});
