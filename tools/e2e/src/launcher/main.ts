/**
 * Entry point executed by Node 24 inside `unshare -n -m` (private network + mount namespace, see
 * `run-case.ts`). Usage: `node dist/launcher/main.js <spec.json>`.
 *
 * 1. loopback up; a private, empty /tmp (holding only the host paths the run needs); bind the run's hosts and
 *    nsswitch files over /etc and the staged plugin tree over /usr/local/share/nemoclaw/openclaw-plugins
 *    (namespace-local, read-only);
 * 2. the scripted mock listens with TLS on MOCK_ADDRESS:443 (see prepare-run.ts), i.e. on
 *    https://inference.local/v1 exactly as configured;
 * 3. `openclaw agent exec` runs one turn with the generated config (2026.7: `agent --local`, after rebuilding the
 *    plugin registry, see refreshPluginRegistry); meanwhile `config validate` and
 *    `plugins inspect <id> --runtime` check the same config in folders of their own;
 * 4. the transcript/trajectory (SQLite, or JSON lines on 2026.7) is exported to JSON; `result.json` summarises
 *    the run.
 *
 * Exit 0 whenever the run was carried out (the harness judges it); non-zero only for launcher failures.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:https";
import { join } from "node:path";
import { createMockHandler, listenTls, type MockOptions } from "../mock/server.js";
import { ARTIFACT_FILES, type CommandOutcome, type LaunchResult, type LaunchSpec } from "../spec.js";
import { runLauncher } from "./entry.js";
import { scriptAnswers, watchTurn } from "./fail-fast.js";
import { exportJsonlTrajectory } from "./jsonl-export.js";
import { applyMounts, bringUpLoopback, privateTmp } from "./namespace.js";
import { CHECK_TIMEOUT_MS, runOpenclaw } from "./openclaw-cli.js";
import { exportTrajectory } from "./sqlite-export.js";

async function startMock(
  spec: LaunchSpec,
  requestsFile: string,
  onReply: MockOptions["onReply"],
): Promise<Server> {
  writeFileSync(requestsFile, "");
  const replyLogFile = join(spec.artifactsDir, ARTIFACT_FILES.replies);
  writeFileSync(replyLogFile, "");
  const { script, rules, modelIds, address, port } = spec.mock;
  const options = { script, rules, modelIds, logFile: requestsFile, replyLogFile, onReply };
  return listenTls(spec.tls, address, port, createMockHandler(options));
}

/** One headless turn, as the release runs one (see TurnDriver); config and state come from the environment too. */
function agentTurn(spec: LaunchSpec, signal: AbortSignal): Promise<CommandOutcome> {
  const { agent, agentDirs } = spec;
  const args =
    spec.openclaw.driver === "exec"
      ? [
          "agent",
          "exec",
          "--config",
          spec.configPath,
          "--state-dir",
          agentDirs.state,
          "--cwd",
          agentDirs.work,
        ]
      : ["agent", "--local", "--agent", "main", "--message", agent.prompt];
  args.push("--model", agent.modelRef, "--json", "--timeout", String(agent.timeoutSeconds));
  if (agent.thinking) args.push("--thinking", agent.thinking);
  if (spec.openclaw.driver === "exec") args.push(agent.prompt);
  const limitMs = (agent.timeoutSeconds + 30) * 1000;
  return runOpenclaw(spec, agentDirs, "agent", args, limitMs, 0, spec.configPath, signal);
}

/**
 * 2026.7 reads plugin manifest metadata such as `providerEndpoints` (how a base URL is classified) from the
 * persisted plugin registry, not from the config's `plugins.load.paths`; a fresh state has none, so a metadata
 * plugin is silently inert (the Gemini 3 endpoint class). Deployments on 2026.7 rebuild the registry once the
 * config is written, as here; from 2026.8 on the configured paths are read directly.
 */
async function refreshPluginRegistry(spec: LaunchSpec): Promise<void> {
  const outcome = await runOpenclaw(
    spec,
    spec.agentDirs,
    "plugins-registry",
    ["plugins", "registry", "--refresh", "--json"],
    60_000,
  );
  if (outcome.exitCode !== 0) throw new Error(`plugins registry --refresh exited ${outcome.exitCode}`);
}

/**
 * `config validate` (of the run's config and of every earlier one) and `plugins inspect <id> --runtime` for every
 * plugin, side by side, in the check folders.
 */
async function readOnlyChecks(
  spec: LaunchSpec,
): Promise<Pick<LaunchResult, "validate" | "validateEarlier" | "inspect">> {
  const check = (label: string, args: string[], configPath = spec.configPath) =>
    runOpenclaw(spec, spec.checkDirs, label, [...args, "--json"], CHECK_TIMEOUT_MS, 19, configPath);
  const [validate, validateEarlier, inspections] = await Promise.all([
    check("config-validate", ["config", "validate"]),
    Promise.all(
      spec.earlierConfigs.map(({ label, configPath }) =>
        check(`config-validate-${label}`, ["config", "validate"], configPath),
      ),
    ),
    Promise.all(
      spec.inspectPlugins.map((id) =>
        check(`plugins-inspect-${id}`, ["plugins", "inspect", id, "--runtime"]),
      ),
    ),
  ]);
  const inspect: Record<string, CommandOutcome> = {};
  spec.inspectPlugins.forEach((id, i) => {
    inspect[id] = inspections[i] as CommandOutcome;
  });
  return { validate, validateEarlier, inspect };
}

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as LaunchSpec;
  const clock = phaseClock();
  bringUpLoopback(spec.mock.address);
  privateTmp(spec.hostPaths);
  applyMounts(spec.mounts);
  const namespaceMs = clock.lap();

  const requestsFile = join(spec.artifactsDir, ARTIFACT_FILES.requests);
  const answers = scriptAnswers();
  const server = await startMock(spec, requestsFile, answers.onReply);
  const mockMs = clock.lap();
  try {
    // The checks read only the config and the plugin tree, so they run during the turn, not after it.
    const checksStarted = Date.now();
    if (spec.openclaw.driver === "local") await refreshPluginRegistry(spec);
    const stop = new AbortController();
    const stderrFile = join(spec.artifactsDir, "agent.stderr");
    const watch = watchTurn({
      release: spec.openclaw.version,
      log: () => (existsSync(stderrFile) ? readFileSync(stderrFile, "utf8") : ""),
      scriptAnswers: answers.count,
      stop: () => stop.abort(),
    });
    const [agent, checks] = await Promise.all([
      agentTurn(spec, stop.signal).finally(() => watch.dispose()),
      readOnlyChecks(spec).then((result) => ({ ...result, wallMs: Date.now() - checksStarted })),
    ]);
    clock.lap();
    const failFast = watch.verdict();

    const trajectory =
      (await exportTrajectory(spec.agentDirs.state)) ?? exportJsonlTrajectory(spec.agentDirs.state);
    const trajectoryFile = trajectory ? join(spec.artifactsDir, ARTIFACT_FILES.trajectory) : null;
    if (trajectoryFile) writeFileSync(trajectoryFile, `${JSON.stringify(trajectory, null, 2)}\n`);
    const exportMs = clock.lap();

    const result: LaunchResult = {
      agent,
      ...(failFast ? { failFast } : {}),
      validate: checks.validate,
      validateEarlier: checks.validateEarlier,
      inspect: checks.inspect,
      trajectoryFile,
      requestsFile,
      timings: {
        namespaceMs,
        mockMs,
        agentMs: agent.durationMs,
        checksMs: checks.wallMs,
        exportMs,
        totalMs: clock.total(),
      },
    };
    writeFileSync(join(spec.artifactsDir, ARTIFACT_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

function phaseClock(): { lap(): number; total(): number } {
  const start = Date.now();
  let last = start;
  return {
    lap() {
      const now = Date.now();
      const ms = now - last;
      last = now;
      return ms;
    },
    total: () => Date.now() - start,
  };
}

runLauncher("main", main);
