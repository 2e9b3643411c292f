/**
 * The gateway {@link TurnRunner}: one `openclaw gateway run` serves every case of the run. It starts on its own
 * `gateway` section only, so every case's config, the first one's too, is applied and proven the same way, and a
 * config OpenClaw refuses fails that case only. A config is applied by rewriting the gateway's file (the case's
 * config plus the gateway section) until `config.get` shows exactly that file valid and applied; the turn is the
 * gateway's `agent` method (as `openclaw agent --json` sends it) in a session of the case's own.
 *
 * From 2026.9 on only: 2026.8.2's gateway does not discover plugins added by a reload (prepare-run.ts, BATCH_SINCE).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CaseSpec, EarlierConfig, FailFastVerdict, RunSpec } from "../spec.js";
import { isRecord, type TrajectoryExport } from "../trajectory.js";
import { watchTurn } from "./fail-fast.js";
import { gatewaySection, startGateway } from "./gateway.js";
import { configState, configTaken, connectGateway, type GatewayRpc } from "./gateway-rpc.js";
import { exportTrajectory } from "./sqlite-export.js";
import {
  configProblems,
  logFrom,
  logSize,
  type TurnRunner,
  turnOfAnswer,
  verdictLabel,
  writtenOutcome,
} from "./turn-runner.js";

const GATEWAY_PORT = 18789;
const GATEWAY_TOKEN = "e2e-batch-gateway-token";
/** How long a rewritten config may take to show valid and applied in `config.get` (measured: about 1 s). */
const APPLY_TIMEOUT_MS = 30_000;
/** How long an aborted run may take to send its final answer before the case stops waiting for it. */
const ABORT_SETTLE_MS = 10_000;

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

function sessionRows(all: TrajectoryExport, sessionId: string): TrajectoryExport {
  return {
    database: all.database,
    transcript: all.transcript.filter((row) => row.sessionId === sessionId),
    runtime: all.runtime.filter((row) => row.sessionId === sessionId),
  };
}

export async function gatewayRunner(spec: RunSpec, configPath: string): Promise<TurnRunner> {
  const section = gatewaySection(GATEWAY_PORT, GATEWAY_TOKEN);
  writeFileSync(configPath, `${JSON.stringify({ gateway: section }, null, 2)}\n`);
  const gateway = await startGateway({
    node24: spec.node24,
    openclawMjs: spec.openclawMjs,
    root: join(spec.runDir, "gateway-run"),
    configPath,
    port: GATEWAY_PORT,
    token: GATEWAY_TOKEN,
    readyTimeoutMs: 180_000,
    extraEnv: { NODE_EXTRA_CA_CERTS: spec.tls.caFile },
  });
  const reader = configReader(GATEWAY_PORT, GATEWAY_TOKEN);
  const { logFile } = gateway;

  return {
    startMs: gateway.startMs,

    async apply(c: CaseSpec, config: EarlierConfig) {
      const started = Date.now();
      const logStart = logSize(logFile);
      const written = JSON.parse(readFileSync(config.configPath, "utf8")) as unknown;
      if (!isRecord(written) || "gateway" in written)
        throw new Error(
          `${config.configPath}: a gateway run needs a config object without a gateway section`,
        );
      const live = { ...written, gateway: section };
      writeFileSync(configPath, `${JSON.stringify(live, null, 2)}\n`);
      const { state, taken, timedOut } = await configTaken(reader.state, live, APPLY_TIMEOUT_MS);
      // An invalid file shows no parsed view (null) in config.get, so a refused config is only known after the wait.
      const failure = timedOut
        ? `the gateway did not apply this config within ${APPLY_TIMEOUT_MS} ms`
        : undefined;
      const label = verdictLabel(c, config);
      const { valid, issues, warnings } = state;
      const outcome = writtenOutcome(
        c,
        label,
        { args: ["config.get"], exitCode: taken ? 0 : 1, durationMs: Date.now() - started },
        {
          stdout: `${JSON.stringify({ valid, issues, warnings }, null, 2)}\n`,
          stderr: logFrom(logFile, logStart) + (failure ? `\n${failure}\n` : ""),
        },
      );
      return {
        label,
        valid,
        issues: configProblems(issues),
        warnings: configProblems(warnings),
        taken,
        ...(failure ? { failure } : {}),
        outcome,
      };
    },

    /** A turn that cannot succeed is aborted in the gateway (`sessions.abort`): its retries never reach the next case. */
    async turn(c, scriptAnswers) {
      const started = Date.now();
      const logStart = logSize(logFile);
      const rpc = await reader.connection();
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
        release: spec.openclaw.version,
        log: () => logFrom(logFile, logStart),
        scriptAnswers,
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
        const settled = stop.then(
          () => new Promise<undefined>((r) => setTimeout(r, ABORT_SETTLE_MS, undefined)),
        );
        answer = await Promise.race([final, settled]);
      } catch (error) {
        failure = `\n${error instanceof Error ? error.message : String(error)}\n`;
      } finally {
        watch.dispose();
      }
      const failFast: FailFastVerdict | undefined = watch.verdict();
      const exitCode = !failFast && isRecord(answer) && answer.status === "ok" ? 0 : 1;
      const outcome = writtenOutcome(
        c,
        "agent",
        { args: ["agent", "--session-id", c.sessionId], exitCode, durationMs: Date.now() - started },
        {
          stdout: answer === undefined ? "" : `${JSON.stringify(answer, null, 2)}\n`,
          stderr: logFrom(logFile, logStart) + failure,
        },
      );
      const turn = turnOfAnswer(isRecord(answer) ? answer : {}, exitCode, outcome);
      return { turn, ...(failFast ? { failFast } : {}) };
    },

    async stop() {
      await reader.close();
      await gateway.stop();
      const all = await exportTrajectory(gateway.stateDir);
      return (c) => (all ? sessionRows(all, c.sessionId) : null);
    },
  };
}
