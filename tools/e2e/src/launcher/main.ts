/**
 * Entry point executed by Node 24 inside `unshare -n -m -p` (private network, mount and pid namespaces, see
 * `run-case.ts`). Usage: `node dist/launcher/main.js <run-spec.json>`.
 *
 * 1. loopback up; a private, empty /tmp (holding only the host paths the run needs); bind the run's hosts and
 *    nsswitch files over /etc and the staged plugin tree over /usr/local/share/nemoclaw/openclaw-plugins
 *    (namespace-local, read-only);
 * 2. the scripted mock listens with TLS on MOCK_ADDRESS:443 (see prepare-run.ts), i.e. on every route's
 *    `https://…/v1` exactly as configured; the planned `plugins inspect <id> --runtime` run niced meanwhile;
 * 3. for each case in turn, through the run's {@link TurnRunner} (cold: an OpenClaw per step; gateway: one
 *    `openclaw gateway run`): the mock takes the case's script, OpenClaw judges each of its configs, and the turn
 *    runs when OpenClaw took the case's own;
 * 4. each case's folder gets its `result.json` (typed verdicts, the turn, timings), its inspections, its share of
 *    the request bodies plugins built and its transcript/trajectory export.
 *
 * Exit 0 whenever the run was carried out (the harness judges each case); non-zero only for launcher failures.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJsonLines, writeJsonLines } from "../json-lines.js";
import { createMockHandler, listenTls } from "../mock/server.js";
import type { RecordedRequest } from "../mock/types.js";
import {
  ARTIFACT_FILES,
  type CaseResult,
  type CaseSpec,
  type CommandOutcome,
  type ConfigVerdict,
  type RunSpec,
  type RunSummary,
} from "../spec.js";
import type { TrajectoryExport } from "../trajectory.js";
import { type BuiltRequest, builtRequestsOf } from "../wire-recorder.js";
import { coldRunner } from "./cold-runner.js";
import { runLauncher } from "./entry.js";
import { scriptAnswers } from "./fail-fast.js";
import { gatewayRunner } from "./gateway-runner.js";
import { applyMounts, bringUpLoopback, privateTmp } from "./namespace.js";
import { CHECK_TIMEOUT_MS, makeOpenclawDirs, runOpenclaw } from "./openclaw-cli.js";
import { notRun, type TurnRunner } from "./turn-runner.js";

interface CaseMock {
  /** Gives the mock the case's script, and its request and reply logs. */
  use(c: CaseSpec): void;
  /** How many requests of the current case the mock answered from its script. */
  scriptAnswers(): number;
  close(): void;
}

async function startMock(spec: RunSpec): Promise<CaseMock> {
  let handler = createMockHandler({ script: [], modelIds: [] });
  let answers = scriptAnswers();
  const { address, port } = spec.mock;
  const server = await listenTls(spec.tls, address, port, (request, response) => handler(request, response));
  return {
    use(c) {
      const logFile = join(c.artifactsDir, ARTIFACT_FILES.requests);
      const replyLogFile = join(c.artifactsDir, ARTIFACT_FILES.replies);
      writeFileSync(logFile, "");
      writeFileSync(replyLogFile, "");
      answers = scriptAnswers();
      handler = createMockHandler({ ...c.mock, logFile, replyLogFile, onReply: answers.onReply });
    },
    scriptAnswers: () => answers.count(),
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Every planned inspection, one after another at the lowest priority, each in fresh folders. */
async function runInspections(spec: RunSpec): Promise<Map<string, CommandOutcome>> {
  const outcomes = new Map<string, CommandOutcome>();
  const outputs = join(spec.runDir, "inspections");
  for (const planned of spec.inspections) {
    const dirs = makeOpenclawDirs(join(outputs, planned.label));
    const context = { ...spec, artifactsDir: outputs, configPath: planned.configPath };
    const args = ["plugins", "inspect", planned.pluginId, "--runtime", "--json"];
    outcomes.set(planned.label, await runOpenclaw(context, dirs, planned.label, args, CHECK_TIMEOUT_MS, 19));
  }
  return outcomes;
}

/** The run's inspection for `pluginId`, copied into the case's folder as `plugins-inspect-<id>.*`. */
function caseInspection(c: CaseSpec, pluginId: string, shared: CommandOutcome): CommandOutcome {
  const stdoutFile = join(c.artifactsDir, `plugins-inspect-${pluginId}.stdout`);
  const stderrFile = join(c.artifactsDir, `plugins-inspect-${pluginId}.stderr`);
  copyFileSync(shared.stdoutFile, stdoutFile);
  copyFileSync(shared.stderrFile, stderrFile);
  return { ...shared, stdoutFile, stderrFile };
}

/** What a case's steps gave, before its inspections and transcript are added. */
interface CaseRun extends Pick<CaseResult, "config" | "earlierConfigs" | "turn" | "failFast"> {
  c: CaseSpec;
  checksMs: number;
  totalMs: number;
}

async function runCase(runner: TurnRunner, mock: CaseMock, c: CaseSpec): Promise<CaseRun> {
  const started = Date.now();
  mock.use(c);
  const earlierConfigs: ConfigVerdict[] = [];
  for (const earlier of c.earlierConfigs) earlierConfigs.push(await runner.apply(c, earlier));
  const config = await runner.apply(c, { label: "config", configPath: c.configPath });
  const checksMs = Date.now() - started;
  // A config OpenClaw did not take would leave the turn to another config (a gateway's last good one): no turn then.
  const { turn, failFast } = config.taken
    ? await runner.turn(c, mock.scriptAnswers)
    : { turn: notRun(c), failFast: undefined };
  return {
    c,
    config,
    earlierConfigs,
    turn,
    ...(failFast ? { failFast } : {}),
    checksMs,
    totalMs: Date.now() - started,
  };
}

function writeCaseResult(
  run: CaseRun,
  inspected: Map<string, CommandOutcome>,
  trajectory: TrajectoryExport | null,
  built: BuiltRequest[],
  shared: { namespaceMs: number; mockMs: number; exportMs: number },
): void {
  const { c } = run;
  const inspect: Record<string, CommandOutcome> = {};
  for (const [pluginId, label] of Object.entries(c.inspections)) {
    const outcome = inspected.get(label);
    if (!outcome) throw new Error(`${c.caseName}: planned inspection ${label} did not run`);
    inspect[pluginId] = caseInspection(c, pluginId, outcome);
  }
  const requestsFile = join(c.artifactsDir, ARTIFACT_FILES.requests);
  const bodies = readJsonLines<RecordedRequest>(requestsFile).map((request) => request.body);
  writeJsonLines(join(c.artifactsDir, ARTIFACT_FILES.builtRequests), builtRequestsOf(built, bodies));
  const trajectoryFile = trajectory ? join(c.artifactsDir, ARTIFACT_FILES.trajectory) : null;
  if (trajectory && trajectoryFile) writeFileSync(trajectoryFile, `${JSON.stringify(trajectory, null, 2)}\n`);
  const result: CaseResult = {
    config: run.config,
    earlierConfigs: run.earlierConfigs,
    turn: run.turn,
    ...(run.failFast ? { failFast: run.failFast } : {}),
    inspect,
    trajectoryFile,
    requestsFile,
    timings: {
      ...shared,
      agentMs: run.turn.outcome.durationMs,
      checksMs: run.checksMs,
      totalMs: run.totalMs,
    },
  };
  writeFileSync(join(c.artifactsDir, ARTIFACT_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
}

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as RunSpec;
  if (spec.cases.length === 0) throw new Error("a run without cases");
  const started = Date.now();
  bringUpLoopback(spec.mock.address);
  privateTmp(spec.hostPaths);
  applyMounts(spec.mounts);
  const namespaceMs = Date.now() - started;
  const mock = await startMock(spec);
  const mockMs = Date.now() - started - namespaceMs;
  const inspections = runInspections(spec);
  const runner =
    spec.openclaw.driver === "gateway"
      ? await gatewayRunner(spec, join(spec.runDir, "gateway-openclaw.json"))
      : coldRunner(spec);
  const runs: CaseRun[] = [];
  let failure: unknown;
  try {
    for (const c of spec.cases) runs.push(await runCase(runner, mock, c));
  } catch (error) {
    failure = error;
  }
  const stopped = Date.now();
  const trajectoryOf = await runner.stop();
  mock.close();
  if (failure !== undefined) throw failure;
  const exportMs = Date.now() - stopped;
  const inspected = await inspections;
  const built = readJsonLines<BuiltRequest>(join(spec.artifactsDir, ARTIFACT_FILES.builtRequests));
  // A cold run's namespace, mock and export are its one case's; through a gateway they are the run's.
  const shared =
    spec.cases.length === 1 ? { namespaceMs, mockMs, exportMs } : { namespaceMs: 0, mockMs: 0, exportMs: 0 };
  for (const run of runs) writeCaseResult(run, inspected, trajectoryOf(run.c), built, shared);
  const summary: RunSummary = { startMs: runner.startMs, totalMs: Date.now() - started };
  writeFileSync(join(spec.artifactsDir, ARTIFACT_FILES.runSummary), `${JSON.stringify(summary, null, 2)}\n`);
}

runLauncher("main", main);
