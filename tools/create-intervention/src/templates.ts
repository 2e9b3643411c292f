/** The files of a new intervention package, as text. Pure: same spec, same bytes. */
import { compareCodePoints } from "@model-setup/manifest";
import { formatJson, packageJsonText, tsLiteral } from "./json.js";
import type { ScaffoldSpec } from "./spec.js";

export const SCOPE = "@model-setup";
export const FIRST_VERSION = "0.1.0";

export function packageName(id: string): string {
  return `${SCOPE}/${id}`;
}

const code = (value: string) => `\`${value}\``;
const list = (values: readonly string[]) => values.map(code).join(", ");

function packageJson(spec: ScaffoldSpec): string {
  const files = ["manifest.json", "README.md", "CHANGELOG.md", ...(spec.pluginId ? ["plugin"] : [])];
  return packageJsonText({
    name: packageName(spec.id),
    version: FIRST_VERSION,
    description: spec.description.trim(),
    license: "Apache-2.0",
    type: "module",
    modelSetup: { manifest: "manifest.json" },
    exports: { "./manifest.json": "./manifest.json", "./package.json": "./package.json" },
    files,
    scripts: { typecheck: "tsc -p tsconfig.json --noEmit", test: "vitest run" },
    // The e2e harness derives the cases of declarative effects; only plugin behaviour needs a written case.
    devDependencies: {
      ...(spec.pluginId ? { [`${SCOPE}/e2e`]: "workspace:*" } : {}),
      [`${SCOPE}/intervention-testkit`]: "workspace:*",
    },
    publishConfig: { access: "public" },
  });
}

function routeSentence(spec: ScaffoldSpec): string {
  const selector = spec.selector === "modelIds" ? "model ids" : "model id prefixes";
  const parts = [`${selector} ${list(spec.models)}`];
  parts.push(spec.providerKey ? `through provider ${code(spec.providerKey)}` : "through any provider");
  parts.push(spec.inferenceApi ? `API ${code(spec.inferenceApi)}` : "any API");
  parts.push(spec.baseUrl ? `base URL ${code(spec.baseUrl)}` : "any base URL");
  return `Applies to agent ${code(spec.agent)} when the route is ${parts.join(", ")}. Any other route is untouched.`;
}

function effectLines(spec: ScaffoldSpec): string[] {
  const lines: string[] = [];
  if (spec.compat) {
    const pairs = Object.entries(spec.compat).map(([key, value]) => code(`${key}: ${JSON.stringify(value)}`));
    lines.push(`- Compat: ${pairs.join(", ")}.`);
  }
  if (spec.requestBody) {
    const pairs = Object.entries(spec.requestBody).map(([key, value]) =>
      code(`${key}: ${JSON.stringify(value)}`),
    );
    lines.push(`- Request body: ${pairs.join(", ")} in every chat-completions request.`);
  }
  if (spec.removeFields?.length) {
    lines.push(
      `- Request body: ${spec.removeFields.map(code).join(", ")} removed from every chat-completions request (by the shared request-shaping plugin).`,
    );
  }
  if (spec.systemMessage) {
    lines.push(
      "- Request body: a system message put first in requests that have none and offer none of the listed tools (by the shared request-shaping plugin).",
    );
  }
  if (spec.reasoning) lines.push("- The model entry gets `reasoning: true`.");
  if (spec.toolSearchOff) lines.push("- Tool Search off.");
  if (spec.pluginId) {
    lines.push(
      `- Loads the plugin ${code(spec.pluginId)} (\`plugin/\`). TODO: say what it does; its \`register\` is a no-op so far.`,
    );
  }
  return lines;
}

function readme(spec: ScaffoldSpec): string {
  return `# ${packageName(spec.id)}

${spec.description.trim()}

${routeSentence(spec)}

## Why

${spec.description.trim()}

TODO: describe the symptom without this intervention (the failing request, the error, the wrong trajectory).

## What it changes

${effectLines(spec).join("\n")}

The exact declaration is [\`manifest.json\`](./manifest.json); \`test/\` proves what it matches and what it does not.

## Evidence and removal

Evidence: ${list(spec.evidence)}.

Remove when: ${spec.removeWhen.trim()}

## How to remove it

Delete this folder (\`interventions/${spec.id}\`) and any pending changeset in \`.changeset/\` that names its
package (\`changeset version\` refuses a package that no longer exists), then run \`pnpm install && pnpm turbo build\`.
The registry builder discovers interventions from workspace metadata, so no other file names this one; the next
image context and the configs generated from it no longer carry its effects.
`;
}

function changelog(spec: ScaffoldSpec): string {
  return `# ${packageName(spec.id)}

## ${FIRST_VERSION}

- First version, scaffolded with \`pnpm create intervention\`.
`;
}

function tsconfig(spec: ScaffoldSpec): string {
  return formatJson({
    extends: "../../tsconfig.base.json",
    compilerOptions: { noEmit: true },
    include: spec.pluginId ? ["test", "e2e", "plugin/src"] : ["test"],
  });
}

/** A model id the manifest matches: the id itself, or the prefix continued with a version. */
export function matchingModels(spec: ScaffoldSpec): string[] {
  if (spec.selector === "modelIds") return spec.models;
  return spec.models.flatMap((prefix) => [prefix, `vendor/${prefix}-example`]);
}

const OTHER = {
  modelId: "vendor/not-this-model-x9",
  providerKey: "not-this-provider",
  inferenceApi: "not-this-api",
  baseUrl: "https://not-this-host.example/v1",
};

function route(modelId: string, spec: ScaffoldSpec, override: Record<string, string> = {}) {
  return {
    modelId,
    providerKey: spec.providerKey || "any-provider",
    inferenceApi: spec.inferenceApi || "any-api",
    baseUrl: spec.baseUrl || "https://any-host.example/v1",
    ...override,
  };
}

function manifestTest(spec: ScaffoldSpec, effects: unknown): string {
  const first = matchingModels(spec)[0] ?? "";
  const matches = matchingModels(spec).map((model) => route(model, spec));
  const misses: { route: Record<string, string>; failsOn: string }[] = [
    { route: route(OTHER.modelId, spec), failsOn: spec.selector },
  ];
  for (const key of ["providerKey", "inferenceApi", "baseUrl"] as const) {
    if (spec[key]) misses.push({ route: route(first, spec, { [key]: OTHER[key] }), failsOn: key });
  }
  const field = (name: string, value: unknown) => `  ${name}: ${tsLiteral(value, 2, name.length + 4)},`;
  return `import { fileURLToPath } from "node:url";
import { describeIntervention } from "${SCOPE}/intervention-testkit";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

describeIntervention(packageDir, {
  // Written out on purpose: a change to the manifest's effects must be a deliberate change here too.
${field("effects", effects)}
${field("matches", matches)}
${field("misses", misses)}
});
`;
}

/**
 * A todo case for the plugin's behaviour (the harness derives the cases of the declarative effects itself): it is
 * reported as todo and never run; `assert` throws in case anything does.
 */
function e2eStub(spec: ScaffoldSpec): string {
  const name = `${spec.id}-${spec.behaviour}`;
  const model = matchingModels(spec)[0] ?? "";
  const caseRoute: Record<string, string> = { model };
  if (spec.providerKey) caseRoute.providerKey = spec.providerKey;
  if (spec.inferenceApi) caseRoute.inferenceApi = spec.inferenceApi;
  if (spec.baseUrl) caseRoute.baseUrl = spec.baseUrl;
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
  plugins: ${JSON.stringify(spec.pluginId ? [spec.pluginId] : [])},
  mock: [{ content: "TODO: script the model's replies" }],
  assert() {
    throw new Error(${JSON.stringify(`todo: e2e case ${name} is not written yet`)});
  },
} satisfies E2ECase;
`;
}

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

/** Every file of the package, path relative to `interventions/<id>/`, sorted by path. */
export function scaffoldFiles(spec: ScaffoldSpec, manifest: Record<string, unknown>): Map<string, string> {
  const files = new Map<string, string>([
    ["package.json", packageJson(spec)],
    ["manifest.json", formatJson(manifest)],
    ["README.md", readme(spec)],
    ["CHANGELOG.md", changelog(spec)],
    ["tsconfig.json", tsconfig(spec)],
    ["test/manifest.test.ts", manifestTest(spec, manifest.effects)],
  ]);
  if (spec.pluginId) {
    files.set(`e2e/${spec.behaviour}.case.ts`, e2eStub(spec));
    files.set("plugin/openclaw.plugin.json", pluginManifest(spec));
    files.set("plugin/src/index.ts", pluginIndex(spec));
  }
  return new Map([...files].sort(([a], [b]) => compareCodePoints(a, b)));
}
