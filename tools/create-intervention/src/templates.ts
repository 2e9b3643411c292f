/** The files of a new intervention package, as text. Pure: same spec, same bytes. */
import {
  compareCodePoints,
  type Manifest,
  type Match,
  splitForUpstream,
  type TextToolCallFormat,
  toSetupRecord,
} from "@model-setup/manifest";
import { formatJson, packageJsonText, tsLiteral } from "./json.js";
import { DEFAULT_BEHAVIOUR, type ScaffoldSpec } from "./spec.js";

export const SCOPE = "@model-setup";
export const FIRST_VERSION = "0.1.0";

export function packageName(id: string): string {
  return `${SCOPE}/${id}`;
}

const code = (value: string) => `\`${value}\``;
const list = (values: readonly string[]) => values.map(code).join(", ");

/**
 * The files every intervention package gets are written from its manifest: the scaffolder and the upstream import
 * both produce one, so both get the same package. `origin` says where an imported manifest came from.
 */
interface PackageShape {
  manifest: Manifest;
  /** Top-level folders holding plugin files (`plugin`, or `plugins` for several), published with the package. */
  pluginFolders: string[];
  /** The todo e2e case is `e2e/<behaviour>.case.ts`; none without it. */
  behaviour?: string;
  /** Folders tsconfig.json type-checks besides test/ (and e2e/ when there is a case). */
  typecheck: string[];
  origin?: string;
}

function packageJson(shape: PackageShape): string {
  const { manifest } = shape;
  const files = ["manifest.json", "README.md", "CHANGELOG.md", ...shape.pluginFolders];
  return packageJsonText({
    name: packageName(manifest.id),
    version: FIRST_VERSION,
    description: manifest.description.trim(),
    license: "Apache-2.0",
    type: "module",
    modelSetup: { manifest: "manifest.json" },
    exports: { "./manifest.json": "./manifest.json", "./package.json": "./package.json" },
    files,
    scripts: {
      typecheck: "tsc -p tsconfig.json --noEmit",
      test: "vitest run",
      // Its e2e cases (derived from the effects, and any written in e2e/) as a turbo task of its own, cached.
      e2e: `model-setup-e2e --no-build --filter ${manifest.id}`,
    },
    devDependencies: {
      [`${SCOPE}/e2e`]: "workspace:*",
      [`${SCOPE}/intervention-testkit`]: "workspace:*",
    },
    publishConfig: { access: "public" },
  });
}

function routeSentence({ agent, match }: Manifest): string {
  const parts: string[] = [];
  if (match.modelIds) parts.push(`model ids ${list(match.modelIds)}`);
  else if (match.modelIdPrefixes) parts.push(`model id prefixes ${list(match.modelIdPrefixes)}`);
  else parts.push("any model");
  parts.push(match.providerKey ? `through provider ${code(match.providerKey)}` : "through any provider");
  parts.push(match.inferenceApi ? `API ${code(match.inferenceApi)}` : "any API");
  parts.push(match.baseUrl ? `base URL ${code(match.baseUrl)}` : "any base URL");
  if (match.upstreamProvider) parts.push(`upstream ${code(match.upstreamProvider)}`);
  return `Applies to agent ${code(agent)} when the route is ${parts.join(", ")}. Any other route is untouched.`;
}

/** What a reply in each text tool-call format looks like, for the README (reply-formats.ts has the details). */
const TEXT_CALL_SHAPES: Record<TextToolCallFormat, string> = {
  "qwen-xml": "`<tool_call>…</tool_call>` blocks",
  "hermes-json": 'a bare `{"name": …, "arguments": {…}}` object as the whole answer',
  harmony: "Harmony channel tokens such as `<|channel|>commentary to=functions.NAME`",
};

const pairs = (object: Record<string, unknown>) =>
  Object.entries(object).map(([key, value]) => code(`${key}: ${JSON.stringify(value)}`));

function effectLines({ effects }: Manifest, origin: string | undefined): string[] {
  const lines: string[] = [];
  const compat = effects.openclawCompat ?? effects.hermesCompat;
  if (compat) lines.push(`- Compat: ${pairs(compat).join(", ")}.`);
  const body = effects.openclawRequestBody;
  if (body?.set)
    lines.push(`- Request body: ${pairs(body.set).join(", ")} in every chat-completions request.`);
  if (body?.remove?.length) {
    lines.push(
      `- Request body: ${body.remove.map(code).join(", ")} removed from every chat-completions request (by the shared shaping plugin).`,
    );
  }
  if (body?.insertSystemMessage) {
    lines.push(
      "- Request body: a system message put first in requests that have none and offer none of the listed tools (by the shared shaping plugin).",
    );
  }
  const reply = effects.openclawReplyShaping;
  if (reply?.reasoningTags) {
    const tags = reply.reasoningTags.tags.map((tag) => code(`<${tag}>…</${tag}>`)).join(" or ");
    lines.push(
      `- Reply: reasoning the model writes into its answer between ${tags} (or before an orphan closing tag) moves out of the answer into reasoning (by the shared shaping plugin).`,
    );
  }
  if (reply?.textToolCalls) {
    lines.push(
      `- Reply: tool calls the model writes as text in the ${code(reply.textToolCalls)} format (${TEXT_CALL_SHAPES[reply.textToolCalls]}) become real tool calls, for tools the request offered and only when their arguments parse (by the shared shaping plugin).`,
    );
  }
  if (effects.openclawReasoning) lines.push("- The model entry gets `reasoning: true`.");
  const toolSearch = effects.openclawTools?.toolSearch;
  if (toolSearch === false) lines.push("- Tool Search off.");
  if (toolSearch === true) lines.push("- Tool Search on (OpenClaw's code bridge).");
  for (const plugin of effects.openclawPlugins ?? []) {
    lines.push(
      origin
        ? `- Loads the plugin ${code(plugin.id)} (\`${plugin.path}/\`, moved here from upstream). TODO: say what it does.`
        : `- Loads the plugin ${code(plugin.id)} (\`${plugin.path}/\`). TODO: say what it does; its \`register\` is a no-op so far.`,
    );
  }
  return lines;
}

function readme(shape: PackageShape): string {
  const { manifest, origin } = shape;
  const description = manifest.description.trim();
  const imported = origin
    ? `\nImported from upstream NemoClaw's registry (\`${origin}\`) with \`create-intervention --from-upstream\`.\n`
    : "";
  return `# ${packageName(manifest.id)}

${description}
${imported}
${routeSentence(manifest)}

## Why

${description}

TODO: describe the symptom without this intervention (the failing request, the error, the wrong trajectory).

## What it changes

${effectLines(manifest, origin).join("\n")}

The exact declaration is [\`manifest.json\`](./manifest.json); \`test/\` proves what it matches and what it does not.

## Evidence and removal

Evidence: ${list(manifest.evidence)}.

Remove when: ${manifest.removeWhen.trim()}

## How to remove it

Delete this folder (\`interventions/${manifest.id}\`) and any pending changeset in \`.changeset/\` that names its
package (\`changeset version\` refuses a package that no longer exists), then run \`pnpm install && pnpm turbo build\`.
The registry builder discovers interventions from workspace metadata, so no other file names this one; the next
image context and the configs generated from it no longer carry its effects.
`;
}

function changelog({ manifest, origin }: PackageShape): string {
  const how = origin
    ? `imported from upstream NemoClaw's registry (\`${origin}\`) with \`create-intervention --from-upstream\``
    : "scaffolded with `pnpm create intervention`";
  return `# ${packageName(manifest.id)}

## ${FIRST_VERSION}

- First version, ${how}.
`;
}

function tsconfig(shape: PackageShape): string {
  return formatJson({
    extends: "../../tsconfig.base.json",
    compilerOptions: { noEmit: true },
    include: ["test", ...(shape.behaviour ? ["e2e"] : []), ...shape.typecheck],
  });
}

/** Model ids the manifest matches: its ids, each prefix alone and continued with a version, or any model. */
export function matchingModels(match: Match): string[] {
  if (match.modelIds) return match.modelIds;
  if (match.modelIdPrefixes)
    return match.modelIdPrefixes.flatMap((prefix) => [prefix, `vendor/${prefix}-example`]);
  return ["vendor/any-model-x1"];
}

const OTHER = {
  modelId: "vendor/not-this-model-x9",
  providerKey: "not-this-provider",
  inferenceApi: "not-this-api",
  baseUrl: "https://not-this-host.example/v1",
  upstreamProvider: "not-this-upstream",
};

function route(modelId: string, match: Match, override: Record<string, string> = {}) {
  return {
    modelId,
    providerKey: match.providerKey || "any-provider",
    inferenceApi: match.inferenceApi || "any-api",
    baseUrl: match.baseUrl || "https://any-host.example/v1",
    ...(match.upstreamProvider ? { upstreamProvider: match.upstreamProvider } : {}),
    ...override,
  };
}

function manifestTest(manifest: Manifest): string {
  const { match, effects } = manifest;
  const { upstream } = splitForUpstream(toSetupRecord(manifest));
  const first = matchingModels(match)[0] ?? "";
  const matches = matchingModels(match).map((model) => route(model, match));
  const misses: { route: Record<string, string>; failsOn: string }[] = [];
  const selector = match.modelIds ? "modelIds" : match.modelIdPrefixes ? "modelIdPrefixes" : undefined;
  if (selector) misses.push({ route: route(OTHER.modelId, match), failsOn: selector });
  for (const key of ["providerKey", "inferenceApi", "baseUrl", "upstreamProvider"] as const) {
    if (match[key]) misses.push({ route: route(first, match, { [key]: OTHER[key] }), failsOn: key });
  }
  const field = (name: string, value: unknown) => `  ${name}: ${tsLiteral(value, 2, name.length + 4)},`;
  return `import { fileURLToPath } from "node:url";
import { describeIntervention } from "${SCOPE}/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
${field("effects", effects)}
  // What upstream NemoClaw's readers get of it (null: none of it); the rest only this project's openclaw-config reads.
${field("upstreamEffects", upstream ? Object.keys(upstream.effects) : null)}
${field("matches", matches)}
${field("misses", misses)}
});
`;
}

/**
 * A todo case for the plugin's behaviour (the harness derives the cases of the declarative effects itself): it is
 * reported as todo and never run; `assert` throws in case anything does.
 */
function e2eStub({ manifest }: PackageShape, behaviour: string): string {
  const name = `${manifest.id}-${behaviour}`;
  const { match } = manifest;
  const caseRoute: Record<string, string> = { model: matchingModels(match)[0] ?? "" };
  if (match.providerKey) caseRoute.providerKey = match.providerKey;
  if (match.inferenceApi) caseRoute.inferenceApi = match.inferenceApi;
  if (match.baseUrl) caseRoute.baseUrl = match.baseUrl;
  if (match.upstreamProvider) caseRoute.upstreamProvider = match.upstreamProvider;
  const plugins = (manifest.effects.openclawPlugins ?? []).map((plugin) => plugin.id);
  return `/**
 * TODO: write this case. It runs the real OpenClaw with the generated config and the staged plugins against the
 * scripted mock model, then asserts on the recorded trajectory and on the requests the mock received (the e2e
 * folders of the other interventions hold complete cases; tools/e2e/README.md describes the harness).
 *
 * Until then it is a todo: the harness reports a case with \`todo\` as todo and never runs it, and \`assert\`
 * throws, so this case can never be counted as a pass. Remove \`todo\` once the case is written.
 */
import type { E2ECase } from "${SCOPE}/e2e";

export default {
  name: ${JSON.stringify(name)},
  todo: "script the mock model and write the assertions",
  description: "TODO: the behaviour this case proves",
  route: ${tsLiteral(caseRoute, 2, 9)},
  prompt: "TODO: the user prompt that triggers the behaviour",
  plugins: ${JSON.stringify(plugins)},
  mock: [{ content: "TODO: script the model's replies" }],
  assert() {
    throw new Error(${JSON.stringify(`todo: e2e case ${name} is not written yet`)});
  },
} satisfies E2ECase;
`;
}

/** The files every package gets, path relative to `interventions/<id>/`. */
function packageFiles(shape: PackageShape): Map<string, string> {
  const files = new Map<string, string>([
    ["package.json", packageJson(shape)],
    ["manifest.json", formatJson(shape.manifest)],
    ["README.md", readme(shape)],
    ["CHANGELOG.md", changelog(shape)],
    ["tsconfig.json", tsconfig(shape)],
    ["test/manifest.test.ts", manifestTest(shape.manifest)],
  ]);
  if (shape.behaviour) files.set(`e2e/${shape.behaviour}.case.ts`, e2eStub(shape, shape.behaviour));
  return files;
}

const sortedByPath = (files: Map<string, string>) =>
  new Map([...files].sort(([a], [b]) => compareCodePoints(a, b)));

function pluginManifest(spec: ScaffoldSpec): string {
  return formatJson({
    id: spec.pluginId,
    name: spec.pluginId,
    description: `OpenClaw plugin of the ${spec.id} intervention.`,
    configSchema: { type: "object", additionalProperties: false, properties: {} },
  });
}

function pluginIndex(spec: ScaffoldSpec): string {
  return `/**
 * The ${spec.pluginId} plugin of the ${spec.id} intervention. TODO: register the hooks it needs; until then
 * \`register\` deliberately does nothing. It must only act on the route its manifest matches.
 */
const plugin = {
  id: ${JSON.stringify(spec.pluginId)},
  name: ${JSON.stringify(spec.pluginId)},
  description: ${JSON.stringify(`OpenClaw plugin of the ${spec.id} intervention.`)},
  register(): void {},
};

export default plugin;
`;
}

/** Every file of a scaffolded package, path relative to `interventions/<id>/`, sorted by path. */
export function scaffoldFiles(spec: ScaffoldSpec, manifest: Manifest): Map<string, string> {
  const files = packageFiles({
    manifest,
    pluginFolders: spec.pluginId ? ["plugin"] : [],
    ...(spec.pluginId ? { behaviour: spec.behaviour } : {}),
    typecheck: spec.pluginId ? ["plugin/src"] : [],
  });
  if (spec.pluginId) {
    files.set("plugin/openclaw.plugin.json", pluginManifest(spec));
    files.set("plugin/src/index.ts", pluginIndex(spec));
  }
  return sortedByPath(files);
}

/**
 * Every file of a package imported from upstream, sorted by path: its plugins' files are moved in as they were
 * (not type-checked here: upstream's sources may import what this workspace does not install; the builder bundles
 * them). A todo e2e case always, since upstream records carry no proof.
 */
export function importedFiles(
  converted: { manifest: Manifest },
  origin: string,
  plugins: readonly { target: string; files: ReadonlyMap<string, string> }[],
): Map<string, string> {
  const folders = [...new Set(plugins.map((plugin) => plugin.target.split("/")[0] as string))];
  const files = packageFiles({
    manifest: converted.manifest,
    pluginFolders: folders,
    behaviour: DEFAULT_BEHAVIOUR,
    typecheck: [],
    origin,
  });
  for (const plugin of plugins) {
    for (const [path, text] of plugin.files) files.set(`${plugin.target}/${path}`, text);
  }
  return sortedByPath(files);
}
