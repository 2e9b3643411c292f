/**
 * The cold {@link TurnRunner}: every step a cold OpenClaw of its own, as a sandbox's first turn runs. A config's
 * verdict is `openclaw config validate --json`; the turn is `openclaw agent exec` (2026.8 on) or `agent --local`
 * (2026.7, after rebuilding its plugin registry), in the run's agent folders, whose state holds the transcript.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lastJsonDocument } from "../json-lines.js";
import type { CaseSpec, CommandContext, EarlierConfig, OpenclawDirs, RunSpec } from "../spec.js";
import { isRecord } from "../trajectory.js";
import { watchTurn } from "./fail-fast.js";
import { exportJsonlTrajectory } from "./jsonl-export.js";
import { CHECK_TIMEOUT_MS, makeOpenclawDirs, runOpenclaw } from "./openclaw-cli.js";
import { exportTrajectory } from "./sqlite-export.js";
import { configProblems, type TurnRunner, turnOfAnswer, verdictLabel } from "./turn-runner.js";

function context(spec: RunSpec, c: CaseSpec, configPath = c.configPath): CommandContext {
  const { node24, openclawMjs, tls } = spec;
  return { node24, openclawMjs, tls, artifactsDir: c.artifactsDir, configPath };
}

/** The turn's arguments, as the release runs a headless turn (config and state come from the environment too). */
function turnArgs(spec: RunSpec, c: CaseSpec, dirs: OpenclawDirs): string[] {
  const { agent } = c;
  const args =
    spec.openclaw.driver === "exec"
      ? ["agent", "exec", "--config", c.configPath, "--state-dir", dirs.state, "--cwd", dirs.work]
      : ["agent", "--local", "--agent", "main", "--message", agent.prompt];
  args.push("--model", agent.modelRef, "--json", "--timeout", String(agent.timeoutSeconds));
  if (agent.thinking) args.push("--thinking", agent.thinking);
  if (spec.openclaw.driver === "exec") args.push(agent.prompt);
  return args;
}

/**
 * 2026.7 reads plugin manifest metadata such as `providerEndpoints` (how a base URL is classified) from the
 * persisted plugin registry, not from the config's `plugins.load.paths`; a fresh state has none, so a metadata
 * plugin is silently inert (the Gemini 3 endpoint class). Deployments on 2026.7 rebuild the registry once the
 * config is written, as here; from 2026.8 on the configured paths are read directly.
 */
async function refreshPluginRegistry(spec: RunSpec, c: CaseSpec, dirs: OpenclawDirs): Promise<void> {
  const args = ["plugins", "registry", "--refresh", "--json"];
  const outcome = await runOpenclaw(context(spec, c), dirs, "plugins-registry", args, 60_000);
  if (outcome.exitCode !== 0) throw new Error(`plugins registry --refresh exited ${outcome.exitCode}`);
}

export function coldRunner(spec: RunSpec): TurnRunner {
  const agentDirs = makeOpenclawDirs(join(spec.runDir, "agent"));
  return {
    startMs: 0,

    async apply(c: CaseSpec, config: EarlierConfig) {
      // Its own folders: nothing a verdict writes is the turn's state.
      const dirs = makeOpenclawDirs(join(spec.runDir, "verdicts", config.label));
      const label = verdictLabel(c, config);
      const args = ["config", "validate", "--json"];
      const ctx = context(spec, c, config.configPath);
      const outcome = await runOpenclaw(ctx, dirs, label, args, CHECK_TIMEOUT_MS, 0, config.configPath);
      const printed = lastJsonDocument(readFileSync(outcome.stdoutFile, "utf8"));
      const verdict = isRecord(printed) && typeof printed.valid === "boolean" ? printed : undefined;
      const valid = verdict?.valid === true;
      return {
        label,
        valid,
        issues: configProblems(verdict?.issues),
        warnings: configProblems(verdict?.warnings),
        taken: valid && outcome.exitCode === 0,
        ...(verdict ? {} : { failure: `config validate printed no verdict (exit ${outcome.exitCode})` }),
        outcome,
      };
    },

    async turn(c, scriptAnswers) {
      if (spec.openclaw.driver === "local") await refreshPluginRegistry(spec, c, agentDirs);
      const stop = new AbortController();
      const stderrFile = join(c.artifactsDir, "agent.stderr");
      const watch = watchTurn({
        release: spec.openclaw.version,
        log: () => (existsSync(stderrFile) ? readFileSync(stderrFile, "utf8") : ""),
        scriptAnswers,
        stop: () => stop.abort(),
      });
      const limitMs = (c.agent.timeoutSeconds + 30) * 1000;
      const args = turnArgs(spec, c, agentDirs);
      const outcome = await runOpenclaw(
        context(spec, c),
        agentDirs,
        "agent",
        args,
        limitMs,
        0,
        c.configPath,
        stop.signal,
      ).finally(() => watch.dispose());
      const printed = lastJsonDocument(readFileSync(outcome.stdoutFile, "utf8"));
      const turn = turnOfAnswer(isRecord(printed) ? printed : {}, outcome.exitCode, outcome);
      const failFast = watch.verdict();
      return { turn, ...(failFast ? { failFast } : {}) };
    },

    async stop() {
      const trajectory = (await exportTrajectory(agentDirs.state)) ?? exportJsonlTrajectory(agentDirs.state);
      return () => trajectory;
    },
  };
}
