/**
 * Each intervention's e2e cases are a cached turbo task of its package (turbo.json `e2e`); caching must never hide
 * a change. What a case reads is covered in three parts: its package, the harness and the config generator are
 * startup inputs of the task (checked here on this repository's real turbo configuration); everything else it
 * loads from the image context, and the release, are in its plan (test/plan.test.ts); and turbo re-runs the task
 * exactly when the plan, written by an uncached task just before, changes (checked here on a throw-away workspace
 * with the same task shapes, so a turbo upgrade that changed those semantics would fail this test).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverInterventions } from "../src/discover.js";
import { REPO_ROOT } from "../src/paths.js";

const TURBO = join(REPO_ROOT, "node_modules", ".bin", "turbo");
const TURBO_ENV = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

interface DryTask {
  taskId: string;
  hashReason?: string;
  inputs: Record<string, string>;
  dependencies: string[];
  environmentVariables: { specified: { env: string[] } };
}

const [intervention] = await discoverInterventions(REPO_ROOT);

describe("an intervention's e2e task on this repository", () => {
  if (!intervention) throw new Error("the repository has no intervention");
  const name = JSON.parse(readFileSync(join(intervention.packageDir, "package.json"), "utf8")).name as string;
  const dry = JSON.parse(
    execFileSync(TURBO, ["run", "e2e", `--filter=${name}`, "--dry=json"], {
      cwd: REPO_ROOT,
      env: TURBO_ENV,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as { tasks: DryTask[] };
  const task = dry.tasks.find((t) => t.taskId === `${name}#e2e`);
  if (!task) throw new Error(`turbo plans no ${name}#e2e task`);
  // Input paths are relative to the package; make them relative to the repository.
  const inputs = Object.keys(task.inputs).map((path) =>
    relative(REPO_ROOT, join(intervention.packageDir, path)),
  );

  it("hashes its own package, the harness, the case runner, the config generator and the manifest code", () => {
    const own = relative(REPO_ROOT, intervention.manifestFile);
    const expected = [
      own,
      "tools/e2e/src/run-case.ts",
      "tools/e2e/src/derived-cases.ts",
      "tools/e2e/src/mock/server.ts",
      "tools/e2e/src/launcher/main.ts",
      "tools/e2e/scripts/e2e.mjs",
      "tools/e2e/test/cases.e2e.ts",
      "tools/e2e/package.json",
      "packages/openclaw-config/src/generate.ts",
      "packages/manifest/src/merge.ts",
    ];
    expect(expected.filter((path) => !inputs.includes(path))).toEqual([]);
  });

  it("takes the release from the environment and its plan after the plan task, never from a stale file", () => {
    expect(task.environmentVariables.specified.env).toContain("E2E_OPENCLAW");
    expect(task.dependencies).toEqual(["@model-setup/e2e#plan"]);
    expect(task.hashReason).toMatch(/JIT/);
  });
});

describe("turbo re-runs a task when the plan written before it changes, and only then", () => {
  const root = mkdtempSync(join(tmpdir(), "model-setup-turbo-jit-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write("package.json", JSON.stringify({ name: "jit", private: true, packageManager: "pnpm@10.34.8" }));
  write("pnpm-workspace.yaml", "packages:\n  - pkgs/*\n");
  write(".gitignore", ".turbo/\n.plan.json\nsource.txt\n");
  write("pkgs/planner/package.json", JSON.stringify({ name: "planner", scripts: { plan: "node plan.mjs" } }));
  // The planner writes the case package's plan from a source outside its package (the e2e plan task reads the
  // built image context).
  write(
    "pkgs/planner/plan.mjs",
    'import { readFileSync, writeFileSync } from "node:fs";\nwriteFileSync("../case/.plan.json", readFileSync("../../source.txt", "utf8").trim());\n',
  );
  write("pkgs/case/package.json", JSON.stringify({ name: "case", scripts: { e2e: "node e2e.mjs" } }));
  // Logs each execution, as a probe (E2E_PROBE, as e2e-affected.mjs runs it) or a real run, with turbo's hash.
  write(
    "pkgs/case/e2e.mjs",
    [
      'import { appendFileSync } from "node:fs";',
      'const kind = process.env.E2E_PROBE ? "probe" : "run";',
      'appendFileSync(process.env.RUN_LOG, kind + " " + process.env.TURBO_HASH + "\\n");',
    ].join("\n"),
  );
  write(
    "turbo.json",
    JSON.stringify({
      tasks: {
        "planner#plan": { cache: false, inputs: [] },
        e2e: {
          dependsOn: ["planner#plan"],
          inputs: ["$TURBO_DEFAULT$", { mode: "jit", globs: [".plan.json"] }],
          passThroughEnv: ["E2E_PROBE", "RUN_LOG"],
          outputs: [],
        },
      },
    }),
  );
  execFileSync("git", ["init", "-q"], { cwd: root });

  const runLog = join(root, "runs.log");
  const executions = () => readFileSync(runLog, "utf8").trim().split("\n");

  /** Sets the planner's source (with trailing noise the plan drops) and says whether case#e2e ran or replayed. */
  function runWith(
    source: string,
    extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
  ): "ran" | "replayed" {
    write("source.txt", source);
    const run = spawnSync(TURBO, ["run", "e2e", "--filter=case", ...(extra.args ?? [])], {
      cwd: root,
      env: { ...TURBO_ENV, RUN_LOG: runLog, ...extra.env },
      encoding: "utf8",
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    if (/case:e2e: cache hit/.test(run.stdout)) return "replayed";
    if (/case:e2e: cache miss/.test(run.stdout)) return "ran";
    throw new Error(`no cache status for case#e2e:\n${run.stdout}`);
  }

  it("runs on a new plan, replays the same plan, and runs again when the plan changes", () => {
    expect(runWith("plan A")).toBe("ran");
    expect(runWith("plan A\n\n")).toBe("replayed");
    expect(runWith("plan B")).toBe("ran");
    expect(runWith("plan A")).toBe("replayed");
  });

  it("runs a missed task read-only for e2e-affected's probe, under the hash the real run then has", () => {
    const probe = { args: ["--cache=local:r,remote:r"], env: { E2E_PROBE: join(root, "probe") } };
    const before = executions().length;
    expect(runWith("plan C", probe)).toBe("ran");
    expect(runWith("plan C", probe)).toBe("ran"); // the probe cached nothing
    expect(runWith("plan C")).toBe("ran");
    expect(runWith("plan C", probe)).toBe("replayed"); // a hit is not executed
    const [first, second, real, ...rest] = executions().slice(before);
    expect(rest).toEqual([]);
    expect(first).toMatch(/^probe [0-9a-f]{16}$/);
    expect(second).toBe(first);
    expect(real).toBe(first?.replace("probe", "run"));
  });
});
