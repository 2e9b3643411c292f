/**
 * What OpenClaw built, beside what was sent. A plugin that shapes requests changes the body in its `onPayload`
 * hook, after OpenClaw built it and before it is serialised, so the mock only ever sees the result. To show the
 * difference, each run's own copy of the staged plugin tree (never the staged tree itself) gets a recording entry:
 * the plugin's entry file moves aside unchanged (`index.e2e-original.js`), and the entry OpenClaw loads re-exports
 * it with its provider's `wrapStreamFn` observed. For every model request that passes the plugin it appends one
 * line: the body as OpenClaw's own hooks left it (what the plugin received) and as it left the plugin's hook
 * chain (what is sent). Nothing else changes: the plugin gets the same context, stream function and hooks, and its
 * return values go back to OpenClaw as they are. The configuration stays byte for byte the generator's.
 *
 * One model request runs at a time in a turn, and a batch runs one turn at a time, so the body a plugin received
 * is paired with the next body sent. A cold run writes the lines into the case's folder; a batch writes one file
 * and splits it per case by the bodies each case's mock received (`builtRequestsOf`).
 */
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, extname, join } from "node:path";
import { canonicalJson } from "@model-setup/manifest";
import { isRecord } from "./trajectory.js";

export interface BuiltRequest {
  at: string;
  plugin: string;
  /** The body as OpenClaw built it (its own hooks included), before the plugin's hook. */
  built: unknown;
  /** The body after the plugin's hook chain: what OpenClaw sends. */
  sent: unknown;
}

const ORIGINAL_SUFFIX = ".e2e-original";

/** The recording entry for `original` (the plugin's own entry, moved aside), logging to `logFile`. */
function recorderSource(pluginId: string, original: string, logFile: string): string {
  return `// Written by the e2e harness into this run's copy of the plugin, never shipped (tools/e2e/src/wire-recorder.ts).
// The plugin's own code is ${JSON.stringify(original)}, unchanged; this entry only records request bodies.
import { appendFileSync } from "node:fs";
import * as plugin from ${JSON.stringify(`./${original}`)};
export * from ${JSON.stringify(`./${original}`)};

const LOG = ${JSON.stringify(logFile)};
const PLUGIN = ${JSON.stringify(pluginId)};
let built;
const snapshot = (value) => { try { return JSON.parse(JSON.stringify(value ?? null)); } catch { return null; } };
const record = (sent) => {
  try {
    appendFileSync(LOG, JSON.stringify({ at: new Date().toISOString(), plugin: PLUGIN, built, sent }) + "\\n");
  } catch {}
  built = undefined;
};
// OpenClaw's own hooks, as the plugin's stream function receives them: what they return is what OpenClaw built.
const builtRecorder = (streamFn) => function (model, context, options) {
  const earlier = options?.onPayload;
  const onPayload = async function (payload, payloadModel) {
    const result = earlier ? await earlier.call(this, payload, payloadModel) : undefined;
    built = snapshot(result ?? payload);
    return result;
  };
  return streamFn.call(this, model, context, { ...options, onPayload });
};
// The hook chain the plugin hands on: what it returns is what is sent.
const sentRecorder = (streamFn) => function (model, context, options) {
  const hooks = options?.onPayload;
  if (!hooks) return streamFn.call(this, model, context, options);
  const onPayload = async function (payload, payloadModel) {
    const result = await hooks.call(this, payload, payloadModel);
    if (built === undefined) built = snapshot(payload);
    record(snapshot(result ?? payload));
    return result;
  };
  return streamFn.call(this, model, context, { ...options, onPayload });
};
const observed = (target, key, value) =>
  new Proxy(target, { get: (t, k) => (k === key ? value : Reflect.get(t, k, t)) });
const recordingProvider = (provider) => {
  if (!provider || typeof provider.wrapStreamFn !== "function") return provider;
  const wrap = provider.wrapStreamFn;
  return observed(provider, "wrapStreamFn", function (ctx) {
    if (!ctx || typeof ctx.streamFn !== "function") return wrap.call(this, ctx);
    const shaped = wrap.call(this, observed(ctx, "streamFn", sentRecorder(ctx.streamFn)));
    return typeof shaped === "function" ? builtRecorder(shaped) : shaped;
  });
};
const recordingApi = (api) =>
  new Proxy(api, {
    get(t, k) {
      if (k === "registerProvider") return (provider, ...rest) => t.registerProvider(recordingProvider(provider), ...rest);
      const value = Reflect.get(t, k, t);
      return typeof value === "function" ? value.bind(t) : value;
    },
  });
const definition = plugin.default;
const wrapped =
  typeof definition === "function"
    ? function (api, ...rest) { return definition.call(this, recordingApi(api), ...rest); }
    : definition && typeof definition === "object"
      ? new Proxy(definition, {
          get(t, k) {
            const value = Reflect.get(t, k, t);
            if ((k === "register" || k === "activate") && typeof value === "function")
              return (api, ...rest) => value.call(t, recordingApi(api), ...rest);
            return value;
          },
        })
      : definition;
export default wrapped;
`;
}

/** The entry files a staged plugin folder declares (`openclaw.extensions` of its package.json). */
function entriesOf(pluginDir: string): string[] {
  const file = join(pluginDir, "package.json");
  if (!existsSync(file)) return [];
  const pkg = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const openclaw = isRecord(pkg) && isRecord(pkg.openclaw) ? pkg.openclaw : {};
  return Array.isArray(openclaw.extensions) ? openclaw.extensions.filter((e) => typeof e === "string") : [];
}

/**
 * Installs the recording entry in every plugin of a run's plugin copy (`pluginsDir`, one folder per plugin), each
 * appending to `logFile`. A plugin without a JavaScript entry is left as it is.
 */
export function installWireRecorder(pluginsDir: string, logFile: string): void {
  for (const folder of readdirSync(pluginsDir).sort()) {
    const dir = join(pluginsDir, folder);
    const manifestFile = join(dir, "openclaw.plugin.json");
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as unknown;
    const pluginId = isRecord(manifest) && typeof manifest.id === "string" ? manifest.id : folder;
    for (const entry of entriesOf(dir)) {
      const path = join(dir, entry);
      const ext = extname(path);
      if (!existsSync(path) || ![".js", ".mjs"].includes(ext)) continue;
      const original = `${basename(path, ext)}${ORIGINAL_SUFFIX}${ext}`;
      const { mode } = statSync(path);
      renameSync(path, join(dir, entry, "..", original));
      writeFileSync(path, recorderSource(pluginId, original, logFile));
      // The entry OpenClaw loads keeps the staged entry's mode: OpenClaw refuses a world-writable one.
      chmodSync(path, mode & 0o7777);
    }
  }
}

/** The recorded bodies that a case's mock received, in the order it received them (a batch's file is shared). */
export function builtRequestsOf(
  records: readonly BuiltRequest[],
  bodies: readonly unknown[],
): BuiltRequest[] {
  const received = new Set(bodies.map((body) => canonicalJson(body)));
  return records.filter((record) => received.has(canonicalJson(record.sent)));
}
