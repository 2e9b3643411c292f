/**
 * Entry point of a batch (prepare-batch.ts), executed by Node 24 inside the same namespaces a single case gets
 * (run-case.ts). Usage: `node dist/launcher/batch-main.js <batch-spec.json>`.
 *
 * One mock and one `openclaw gateway run` serve every case, one case at a time: the mock takes the case's script
 * and logs to the case's folder; the gateway's config file becomes the case's generated config (its earlier ones
 * first, for a case that switched routes) plus the gateway's own section, and `config.get` must show exactly that
 * file valid and applied before the turn; the turn is the gateway's `agent` method in a session of the case's own.
 * Meanwhile the planned cold `plugins inspect --runtime` run niced, once per plugin and distinct config. At the end
 * every case's folder holds what a single run writes (result.json, outputs, requests, its sessions' trajectory),
 * so `loadRun` and the checks read both alike.
 *
 * Exit 0 whenever the batch was carried out (the harness judges each case); non-zero only for launcher failures.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readJsonLines, writeJsonLines } from "../json-lines.js";
import { createMockHandler, listenTls } from "../mock/server.js";
import type { RecordedRequest } from "../mock/types.js";
import {
  ARTIFACT_FILES,
  type BatchCaseSpec,
  type BatchSpec,
  type BatchSummary,
  type CommandOutcome,
  type FailFastVerdict,
  type LaunchResult,
} from "../spec.js";
import { isRecord, type TrajectoryExport } from "../trajectory.js";
import { type BuiltRequest, builtRequestsOf } from "../wire-recorder.js";
import { runLauncher } from "./entry.js";
import { scriptAnswers, watchTurn } from "./fail-fast.js";
import { type Gateway, gatewaySection, startGateway } from "./gateway.js";
import { configState, configTaken, connectGateway, type GatewayRpc } from "./gateway-rpc.js";
import { applyMounts, bringUpLoopback, privateTmp } from "./namespace.js";
import { CHECK_TIMEOUT_MS, makeOpenclawDirs, runOpenclaw } from "./openclaw-cli.js";
import { exportTrajectory } from "./sqlite-export.js";

const GATEWAY_PORT = 18789;
const GATEWAY_TOKEN = "e2e-batch-gateway-token";
/** How long a rewritten config may take to show valid and applied in `config.get` (measured: about 1 s). */
const APPLY_TIMEOUT_MS = 30_000;

interface CaseMock {
  use(c: BatchCaseSpec): void;
  /** How many requests of the current case the mock answered from its script. */
  scriptAnswers(): number;
  close(): void;
}

/** The mock for every route of the batch; `use` gives it the next case's script and request and reply logs. */
async function startMock(spec: BatchSpec): Promise<CaseMock> {
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

/** A step's outcome as a command's: its stdout and stderr written to `<label>.stdout|stderr` in the case's folder. */
function writtenOutcome(
  c: BatchCaseSpec,
  label: string,
  outcome: Omit<CommandOutcome, "stdoutFile" | "stderrFile" | "signal">,
  output: { stdout: string; stderr: string },
): CommandOutcome {
  const stdoutFile = join(c.artifactsDir, `${label}.stdout`);
  const stderrFile = join(c.artifactsDir, `${label}.stderr`);
  writeFileSync(stdoutFile, output.stdout);
  writeFileSync(stderrFile, output.stderr);
  return { ...outcome, signal: null, stdoutFile, stderrFile };
}

/** The gateway log from byte `offset` on: what it wrote while one step of one case ran. */
function logFrom(file: string, offset: number): string {
  return existsSync(file) ? readFileSync(file).subarray(offset).toString("utf8") : "";
}

function logSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/**
 * `config.get`, connecting again if the socket closed (a reload the gateway carries out as a restart drops it).
 * Only for reads: a turn is never sent twice.
 */
function configReader(port: number, token: string) {
  let rpc: Promise<GatewayRpc> | undefined;
  const connection = () => {
    rpc ??= connectGateway(port, token, { timeoutMs: 120_000 });
    return rpc;
  };
  return {
    connection,
    async state() {
      try {
        return await configState(await connection());
      } catch (error) {
        if (!(error instanceof Error) || !/closed|failed/.test(error.message)) throw error;
        rpc = undefined;
        return configState(await connection());
      }
    },
    async close() {
      (await rpc)?.close();
    },
  };
}

/**
 * Makes `source` (a case's generated config, plus the gateway section) the gateway's config and waits until
 * `config.get` shows exactly that file, valid and applied. The outcome reads as `config validate`'s: exit 0 and
 * `{valid, issues, warnings}` on stdout, the gateway's log meanwhile on stderr.
 */
async function applyConfig(
  spec: BatchSpec,
  reader: ReturnType<typeof configReader>,
  logFile: string,
  source: string,
  c: BatchCaseSpec,
  label: string,
): Promise<CommandOutcome> {
  const started = Date.now();
  const logStart = logSize(logFile);
  const config = JSON.parse(readFileSync(source, "utf8")) as unknown;
  if (!isRecord(config) || "gateway" in config)
    throw new Error(`${source}: a batch needs a config object without a gateway section of its own`);
  const live = { ...config, gateway: gatewaySection(GATEWAY_PORT, GATEWAY_TOKEN) };
  writeFileSync(spec.configPath, `${JSON.stringify(live, null, 2)}\n`);
  const { state, taken, timedOut } = await configTaken(reader.state, live, APPLY_TIMEOUT_MS);
  const note = timedOut ? `\nthe gateway did not apply this config within ${APPLY_TIMEOUT_MS} ms\n` : "";
  const { valid, issues, warnings } = state;
  const outcome = {
    args: ["config", "validate", "(gateway config.get)"],
    exitCode: taken ? 0 : 1,
    durationMs: Date.now() - started,
  };
  return writtenOutcome(c, label, outcome, {
    stdout: `${JSON.stringify({ valid, issues, warnings }, null, 2)}\n`,
    stderr: logFrom(logFile, logStart) + note,
  });
}

/** How long an aborted run may take to send its final answer before the case stops waiting for it. */
const ABORT_SETTLE_MS = 10_000;

/**
 * The case's turn: the gateway's `agent` method (as `openclaw agent --json` sends it), its answer on stdout. A turn
 * that cannot succeed is aborted in the gateway (`sessions.abort`), so its retries cannot reach the next case's mock.
 */
async function caseTurn(
  rpc: GatewayRpc,
  logFile: string,
  c: BatchCaseSpec,
  mock: CaseMock,
): Promise<{ agent: CommandOutcome; failFast: FailFastVerdict | undefined }> {
  const started = Date.now();
  const logStart = logSize(logFile);
  const { agent } = c;
  const params: Record<string, unknown> = {
    message: agent.prompt,
    sessionId: c.sessionId,
    model: agent.modelRef,
    timeout: agent.timeoutSeconds,
    idempotencyKey: c.sessionId,
    ...(agent.thinking ? { thinking: agent.thinking } : {}),
  };
  let answer: unknown;
  let failure = "";
  let runId: string | undefined;
  let stopped: () => void = () => {};
  const stop = new Promise<void>((resolve) => {
    stopped = resolve;
  });
  const watch = watchTurn({
    release: c.openclaw.version,
    log: () => logFrom(logFile, logStart),
    scriptAnswers: mock.scriptAnswers,
    stop: () => {
      stopped();
      if (runId) void rpc.call("sessions.abort", { runId }).catch(() => {});
    },
  });
  try {
    const final = rpc.call("agent", params, {
      expectFinal: true,
      timeoutMs: (agent.timeoutSeconds + 30) * 1000,
      onAccepted: (payload) => {
        if (isRecord(payload) && typeof payload.runId === "string") runId = payload.runId;
      },
    });
    // Once stopped, the aborted run's final answer is still awaited, a little while: it ends the run's log.
    const settled = stop.then(() => new Promise<undefined>((r) => setTimeout(r, ABORT_SETTLE_MS, undefined)));
    answer = await Promise.race([final, settled]);
  } catch (error) {
    failure = `\n${error instanceof Error ? error.message : String(error)}\n`;
  } finally {
    watch.dispose();
  }
  const failFast = watch.verdict();
  const outcome = {
    args: ["agent", "(gateway)", "--session-id", c.sessionId],
    exitCode: !failFast && isRecord(answer) && answer.status === "ok" ? 0 : 1,
    durationMs: Date.now() - started,
  };
  const agentOutcome = writtenOutcome(c, "agent", outcome, {
    stdout: answer === undefined ? "" : `${JSON.stringify(answer, null, 2)}\n`,
    stderr: logFrom(logFile, logStart) + failure,
  });
  return { agent: agentOutcome, failFast };
}

/** Every planned inspection, one after another at the lowest priority, each in fresh folders. */
async function runInspections(spec: BatchSpec): Promise<Map<string, CommandOutcome>> {
  const outcomes = new Map<string, CommandOutcome>();
  for (const planned of spec.inspections) {
    const dirs = makeOpenclawDirs(join(spec.runDir, "inspections", planned.label));
    const args = ["plugins", "inspect", planned.pluginId, "--runtime", "--json"];
    const outcome = await runOpenclaw(
      spec,
      dirs,
      planned.label,
      args,
      CHECK_TIMEOUT_MS,
      19,
      planned.configPath,
    );
    outcomes.set(planned.label, outcome);
  }
  return outcomes;
}

/** The batch's inspection for `pluginId`, copied into the case's folder under the name a single run uses. */
function caseInspection(c: BatchCaseSpec, pluginId: string, shared: CommandOutcome): CommandOutcome {
  const stdoutFile = join(c.artifactsDir, `plugins-inspect-${pluginId}.stdout`);
  const stderrFile = join(c.artifactsDir, `plugins-inspect-${pluginId}.stderr`);
  copyFileSync(shared.stdoutFile, stdoutFile);
  copyFileSync(shared.stderrFile, stderrFile);
  return { ...shared, stdoutFile, stderrFile };
}

function sessionRows(all: TrajectoryExport, sessionId: string): TrajectoryExport {
  return {
    database: all.database,
    transcript: all.transcript.filter((row) => row.sessionId === sessionId),
    runtime: all.runtime.filter((row) => row.sessionId === sessionId),
  };
}

interface CaseRun {
  c: BatchCaseSpec;
  agent: CommandOutcome;
  failFast: FailFastVerdict | undefined;
  validate: CommandOutcome;
  validateEarlier: CommandOutcome[];
  checksMs: number;
  totalMs: number;
}

async function runCases(spec: BatchSpec, gateway: Gateway, mock: CaseMock): Promise<CaseRun[]> {
  const reader = configReader(GATEWAY_PORT, GATEWAY_TOKEN);
  try {
    const runs: CaseRun[] = [];
    for (const c of spec.cases) {
      const started = Date.now();
      mock.use(c);
      const apply = (source: string, label: string) =>
        applyConfig(spec, reader, gateway.logFile, source, c, label);
      const validateEarlier: CommandOutcome[] = [];
      for (const earlier of c.earlierConfigs)
        validateEarlier.push(await apply(earlier.configPath, `config-validate-${earlier.label}`));
      const validate = await apply(c.configPath, "config-validate");
      const checksMs = Date.now() - started;
      // A config the gateway did not take would leave the turn to the previous case's: no turn then.
      const { agent, failFast } =
        validate.exitCode === 0
          ? await caseTurn(await reader.connection(), gateway.logFile, c, mock)
          : { agent: notRun(c), failFast: undefined };
      runs.push({ c, agent, failFast, validate, validateEarlier, checksMs, totalMs: Date.now() - started });
    }
    return runs;
  } finally {
    await reader.close();
  }
}

function notRun(c: BatchCaseSpec): CommandOutcome {
  return writtenOutcome(
    c,
    "agent",
    { args: ["agent", "(gateway)"], exitCode: null, durationMs: 0 },
    { stdout: "", stderr: "not run: the gateway did not take the case's config (see config-validate.*)\n" },
  );
}

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as BatchSpec;
  if (spec.cases.length === 0) throw new Error("a batch without cases");
  const batchStarted = Date.now();
  bringUpLoopback(spec.mock.address);
  privateTmp(spec.hostPaths);
  applyMounts(spec.mounts);
  const mock = await startMock(spec);
  const inspections = runInspections(spec);

  // The gateway starts on its own section alone, so that every case's config, the first one's too, is applied and
  // proven the same way, and a first config OpenClaw refuses fails that case only, not the gateway's start.
  const startConfig = { gateway: gatewaySection(GATEWAY_PORT, GATEWAY_TOKEN) };
  writeFileSync(spec.configPath, `${JSON.stringify(startConfig, null, 2)}\n`);
  const gatewayRoot = join(spec.runDir, "gateway-run");
  const gateway = await startGateway({
    node24: spec.node24,
    openclawMjs: spec.openclawMjs,
    root: gatewayRoot,
    configPath: spec.configPath,
    port: GATEWAY_PORT,
    token: GATEWAY_TOKEN,
    readyTimeoutMs: 180_000,
    extraEnv: { NODE_EXTRA_CA_CERTS: spec.tls.caFile },
  });
  let runs: CaseRun[];
  try {
    runs = await runCases(spec, gateway, mock);
  } finally {
    await gateway.stop();
    mock.close();
  }
  const inspected = await inspections;
  const trajectory = await exportTrajectory(gateway.stateDir);
  const built = readJsonLines<BuiltRequest>(join(spec.artifactsDir, ARTIFACT_FILES.builtRequests));
  for (const run of runs) writeCaseResult(run, inspected, trajectory, built);
  const summary: BatchSummary = { gatewayStartMs: gateway.startMs, totalMs: Date.now() - batchStarted };
  writeFileSync(
    join(spec.artifactsDir, ARTIFACT_FILES.batchSummary),
    `${JSON.stringify(summary, null, 2)}\n`,
  );
}

function writeCaseResult(
  run: CaseRun,
  inspected: Map<string, CommandOutcome>,
  trajectory: TrajectoryExport | null,
  built: BuiltRequest[],
): void {
  const { c } = run;
  const inspect: Record<string, CommandOutcome> = {};
  for (const [pluginId, label] of Object.entries(c.inspections)) {
    const shared = inspected.get(label);
    if (!shared) throw new Error(`${c.caseName}: planned inspection ${label} did not run`);
    inspect[pluginId] = caseInspection(c, pluginId, shared);
  }
  const requestsFile = join(c.artifactsDir, ARTIFACT_FILES.requests);
  const bodies = readJsonLines<RecordedRequest>(requestsFile).map((request) => request.body);
  writeJsonLines(join(c.artifactsDir, ARTIFACT_FILES.builtRequests), builtRequestsOf(built, bodies));
  const trajectoryFile = trajectory ? join(c.artifactsDir, ARTIFACT_FILES.trajectory) : null;
  if (trajectory && trajectoryFile)
    writeFileSync(trajectoryFile, `${JSON.stringify(sessionRows(trajectory, c.sessionId), null, 2)}\n`);
  const result: LaunchResult = {
    agent: run.agent,
    ...(run.failFast ? { failFast: run.failFast } : {}),
    validate: run.validate,
    validateEarlier: run.validateEarlier,
    inspect,
    trajectoryFile,
    requestsFile,
    timings: {
      namespaceMs: 0,
      mockMs: 0,
      agentMs: run.agent.durationMs,
      checksMs: run.checksMs,
      exportMs: 0,
      totalMs: run.totalMs,
    },
  };
  writeFileSync(join(c.artifactsDir, ARTIFACT_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
}

runLauncher("batch-main", main);
