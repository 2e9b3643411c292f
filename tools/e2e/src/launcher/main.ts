/**
 * Entry point executed by Node 24 inside `unshare -n -m` (private network + mount namespace, see
 * `run-case.ts`). Usage: `node main.ts <spec.json>`.
 *
 * 1. loopback up; a private, empty /tmp (holding only the host paths the run needs); bind the run's hosts and
 *    nsswitch files over /etc and the staged plugin tree over /usr/local/share/nemoclaw/openclaw-plugins
 *    (namespace-local, read-only);
 * 2. the scripted mock listens with TLS on MOCK_ADDRESS:443 (see prepare-run.ts), i.e. on
 *    https://inference.local/v1 exactly as configured;
 * 3. `openclaw agent exec` runs one turn with the generated config; then `config validate` and
 *    `plugins inspect <id> --runtime` run against the same config and state dir;
 * 4. the SQLite transcript/trajectory is exported to JSON; `result.json` summarises the run.
 *
 * Exit 0 whenever the run was carried out (the harness judges it); non-zero only for launcher failures.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { join } from "node:path";
import { createMockHandler } from "../mock/server.ts";
import { ARTIFACT_FILES, type LaunchResult, type LaunchSpec } from "../spec.ts";
import { applyMounts, bringUpLoopback, privateTmp } from "./namespace.ts";
import { runOpenclaw } from "./openclaw-cli.ts";
import { exportTrajectory } from "./sqlite-export.ts";

async function main(specFile: string): Promise<void> {
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as LaunchSpec;
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  bringUpLoopback(spec.mock.address);
  privateTmp(spec.hostPaths);
  applyMounts(spec.mounts);
  timings.namespaceMs = Date.now() - t0;

  const requestsFile = join(spec.artifactsDir, ARTIFACT_FILES.requests);
  writeFileSync(requestsFile, "");
  const server = createServer(
    { cert: readFileSync(spec.tls.certFile), key: readFileSync(spec.tls.keyFile) },
    createMockHandler({ script: spec.mock.script, modelIds: spec.mock.modelIds, logFile: requestsFile }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(spec.mock.port, spec.mock.address, resolve);
  });

  try {
    const agentTimeout = spec.agent.timeoutSeconds;
    const agent = await runOpenclaw(
      spec,
      "agent",
      [
        "agent",
        "exec",
        "--config",
        spec.configPath,
        "--state-dir",
        spec.stateDir,
        "--cwd",
        spec.workDir,
        "--model",
        spec.agent.modelRef,
        "--json",
        "--timeout",
        String(agentTimeout),
        ...(spec.agent.thinking ? ["--thinking", spec.agent.thinking] : []),
        spec.agent.prompt,
      ],
      (agentTimeout + 30) * 1000,
    );
    timings.agentMs = agent.durationMs;

    const t1 = Date.now();
    const [validate, ...inspections] = await Promise.all([
      runOpenclaw(spec, "config-validate", ["config", "validate", "--json"], 60_000),
      ...spec.inspectPlugins.map((id) =>
        runOpenclaw(spec, `plugins-inspect-${id}`, ["plugins", "inspect", id, "--runtime", "--json"], 60_000),
      ),
    ]);
    timings.checksMs = Date.now() - t1;
    const inspect: Record<string, (typeof inspections)[number]> = {};
    spec.inspectPlugins.forEach((id, i) => {
      inspect[id] = inspections[i] as (typeof inspections)[number];
    });

    const trajectory = await exportTrajectory(spec.stateDir);
    const trajectoryFile = trajectory ? join(spec.artifactsDir, ARTIFACT_FILES.trajectory) : null;
    if (trajectoryFile) writeFileSync(trajectoryFile, `${JSON.stringify(trajectory, null, 2)}\n`);

    timings.totalMs = Date.now() - t0;
    const result: LaunchResult = {
      agent,
      validate: validate as LaunchResult["validate"],
      inspect,
      trajectoryFile,
      requestsFile,
      timings,
    };
    writeFileSync(join(spec.artifactsDir, ARTIFACT_FILES.result), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const specFile = process.argv[2];
if (!specFile) {
  process.stderr.write("usage: main.ts <spec.json>\n");
  process.exit(64);
}
main(specFile).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `e2e launcher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
