/**
 * `create-intervention --from-upstream`: an upstream NemoClaw registry (written here from its documented format,
 * ../shared/reference/upstream-request-fixes.md) becomes intervention packages the registry builder builds.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { changesetProblems, readWorkspace } from "../src/index.js";
import {
  buildWorkspace,
  copyWorkspace,
  linkBiome,
  linkForTests,
  runCli,
  runTool,
  snapshot,
} from "./workspace.js";

const ROUTE = {
  providerKey: "inference",
  inferenceApi: "openai-completions",
  baseUrl: "https://inference.local/v1",
};

const COMPAT_RECORD = {
  id: "acme-7-managed-inference",
  agent: "openclaw",
  description: "Acme 7 needs max_tokens and Tool Search off on the managed route.",
  match: { modelIds: ["acme/acme-7"], ...ROUTE },
  effects: { openclawCompat: { maxTokensField: "max_tokens" }, openclawTools: { toolSearch: false } },
};

const PLUGIN_RECORD = {
  id: "acme-8-managed-inference",
  agent: "openclaw",
  description: "Acme 8 needs its tool calls repaired by a plugin.",
  match: { modelIdPrefixes: ["acme-8"], ...ROUTE },
  effects: {
    openclawPlugins: [
      {
        id: "nemoclaw-acme-8-compat",
        path: "openclaw-plugins/acme-8-compat",
        loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/acme-8-compat",
      },
    ],
  },
};

const HERMES_RECORD = {
  id: "acme-7-hermes",
  agent: "hermes",
  description: "Acme 7 under Hermes needs a plain tool format.",
  match: { modelIds: ["acme/acme-7"] },
  effects: { hermesCompat: { toolFormat: "plain" } },
};

const PLUGIN_ENTRY = "export default { id: 'nemoclaw-acme-8-compat', register() {} };\n";

/** An upstream-layout folder: model-specific-setup/{schema.json, README.md, <agent>/<id>.json} + openclaw-plugins/. */
function upstreamRegistry(records: Record<string, unknown> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "upstream-registry-"));
  const files: Record<string, string | Buffer> = {
    "model-specific-setup/schema.json": JSON.stringify({
      $schema: "https://json-schema.org/draft/2020-12/schema",
    }),
    "model-specific-setup/README.md": "# Model-specific setup\n",
    "model-specific-setup/openclaw/acme-7-managed-inference.json": JSON.stringify(COMPAT_RECORD),
    "model-specific-setup/openclaw/acme-8-managed-inference.json": JSON.stringify(PLUGIN_RECORD),
    "model-specific-setup/hermes/acme-7-hermes.json": JSON.stringify(HERMES_RECORD),
    "openclaw-plugins/acme-8-compat/openclaw.plugin.json": JSON.stringify({
      id: "nemoclaw-acme-8-compat",
      configSchema: { type: "object", additionalProperties: false, properties: {} },
    }),
    "openclaw-plugins/acme-8-compat/index.js": PLUGIN_ENTRY,
  };
  for (const [path, value] of Object.entries(records))
    files[path] = typeof value === "string" || Buffer.isBuffer(value) ? value : JSON.stringify(value);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const EVIDENCE = ["--evidence", "https://github.com/NVIDIA/NemoClaw/tree/main/model-specific-setup"];

function workspace(): string {
  const root = copyWorkspace();
  mkdirSync(join(root, ".changeset"));
  return root;
}

const importFrom = (from: string, root: string, ...flags: string[]) =>
  runCli(["--from-upstream", from, ...EVIDENCE, ...flags], root);

describe("create-intervention --from-upstream", () => {
  it("turns each upstream record into a package the registry builder builds, plugin moved in", async () => {
    const root = workspace();
    const before = snapshot(root);
    const result = importFrom(upstreamRegistry(), root);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("created interventions/acme-7-hermes");
    expect(result.stdout).toContain("created interventions/acme-7-managed-inference");
    expect(result.stdout).toContain("created interventions/acme-8-managed-inference");

    const dir = join(root, "interventions", "acme-8-managed-inference");
    expect(readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()).toEqual([
      "CHANGELOG.md",
      "README.md",
      "e2e",
      "e2e/applies.case.ts",
      "manifest.json",
      "package.json",
      "plugin",
      "plugin/index.js",
      "plugin/openclaw.plugin.json",
      "test",
      "test/manifest.test.ts",
      "tsconfig.json",
    ]);
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual({
      $schema: "../../packages/manifest/dist/manifest.schema.json",
      id: "acme-8-managed-inference",
      agent: "openclaw",
      description: PLUGIN_RECORD.description,
      evidence: [EVIDENCE[1]],
      removeWhen:
        "Upstream NemoClaw no longer carries the record it was imported from, and its e2e case passes without it.",
      match: PLUGIN_RECORD.match,
      effects: { openclawPlugins: [{ id: "nemoclaw-acme-8-compat", path: "plugin", entry: "index.js" }] },
    });
    expect(readFileSync(join(dir, "plugin/index.js"), "utf8")).toBe(PLUGIN_ENTRY);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(
      "Imported from upstream NemoClaw's registry (`model-specific-setup/openclaw/acme-8-managed-inference.json`)",
    );
    const stub = (await import(pathToFileURL(join(dir, "e2e/applies.case.ts")).href)) as {
      default: { todo?: string; plugins: string[]; route: { model: string } };
    };
    expect(stub.default).toMatchObject({ plugins: ["nemoclaw-acme-8-compat"], route: { model: "acme-8" } });
    expect(stub.default.todo).toBeDefined();
    expect(
      readFileSync(join(root, ".changeset/import-upstream-acme-8-managed-inference.md"), "utf8"),
    ).toContain('"@model-setup/acme-8-managed-inference": minor');
    // Every changeset it wrote keeps the rule against the workspace as it now is.
    const { packages } = await readWorkspace(root);
    for (const file of readdirSync(join(root, ".changeset"))) {
      const names = [...readFileSync(join(root, ".changeset", file), "utf8").matchAll(/^"([^"]+)": \w+$/gm)];
      expect(names.length, file).toBeGreaterThan(0);
      expect(
        changesetProblems(
          names.map((m) => ({ name: m[1] as string })),
          packages,
        ),
        file,
      ).toEqual([]);
    }
    // Nothing else in the workspace changed.
    const added = snapshot(root).filter((file) => !before.includes(file));
    expect(
      added.every((file) => /^(interventions\/acme-|\.changeset\/import-upstream-acme-)/.test(file)),
    ).toBe(true);

    const { registry, paths, read } = await buildWorkspace(root);
    expect(registry.interventions.find((i) => i.id === "acme-7-managed-inference")?.manifest.effects).toEqual(
      COMPAT_RECORD.effects,
    );
    expect(registry.interventions.find((i) => i.id === "acme-7-hermes")?.manifest.effects).toEqual(
      HERMES_RECORD.effects,
    );
    expect(paths).toContain("openclaw-plugins/acme-8-compat/index.js");
    // Round trip: the built context gives upstream's readers back the records they came from.
    for (const record of [COMPAT_RECORD, PLUGIN_RECORD, HERMES_RECORD]) {
      expect(read(`model-specific-setup/${record.agent}/${record.id}.json`)).toEqual(record);
    }
  });

  it("an imported package passes its own tests and is Biome-clean (its plugin formatted by the workspace's Biome)", () => {
    const root = workspace();
    linkBiome(root);
    expect(importFrom(upstreamRegistry(), root).status).toBe(0);
    expect(readFileSync(join(root, "interventions/acme-8-managed-inference/plugin/index.js"), "utf8")).toBe(
      PLUGIN_ENTRY.replaceAll("'", '"'),
    );
    const dir = join(root, "interventions", "acme-7-managed-inference");
    linkForTests(root, "acme-7-managed-inference");
    const tests = runTool("vitest", ["run", "--reporter=json"], dir);
    expect(tests.status, tests.stderr).toBe(0);
    const report = JSON.parse(tests.stdout.slice(tests.stdout.indexOf("{")));
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBeGreaterThan(3);
    const tsc = runTool("tsc", ["-p", "tsconfig.json", "--noEmit"], dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    const biome = runTool("biome", ["ci", "--vcs-enabled=false", "interventions"], root);
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
  });

  it("is idempotent: importing the same registry again writes nothing and says what is already there", () => {
    const root = workspace();
    const upstream = upstreamRegistry();
    expect(importFrom(upstream, root).status).toBe(0);
    const once = snapshot(root);
    const again = importFrom(upstream, root);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("unchanged interventions/acme-8-managed-inference (already imported)");
    expect(again.stdout).not.toContain("created");
    expect(snapshot(root)).toEqual(once);
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    [
      "a loadPath that is not upstream's install path",
      {
        "model-specific-setup/openclaw/acme-8-managed-inference.json": {
          ...PLUGIN_RECORD,
          effects: {
            openclawPlugins: [{ ...PLUGIN_RECORD.effects.openclawPlugins[0], loadPath: "/opt/elsewhere" }],
          },
        },
      },
      'model-specific-setup/openclaw/acme-8-managed-inference.json#/effects/openclawPlugins/0/loadPath: must be "/usr/local/share/nemoclaw/openclaw-plugins/acme-8-compat"',
    ],
    [
      "a plugin folder that is missing",
      {
        "model-specific-setup/openclaw/acme-9.json": {
          ...PLUGIN_RECORD,
          id: "acme-9",
          effects: {
            openclawPlugins: [
              {
                id: "p",
                path: "openclaw-plugins/gone",
                loadPath: "/usr/local/share/nemoclaw/openclaw-plugins/gone",
              },
            ],
          },
        },
      },
      "model-specific-setup/openclaw/acme-9.json#/effects/openclawPlugins/0/path: openclaw-plugins/gone is not a folder next to the registry",
    ],
    [
      "a plugin whose manifest declares another id",
      {
        "openclaw-plugins/acme-8-compat/openclaw.plugin.json": {
          id: "other",
          configSchema: { type: "object" },
        },
      },
      'model-specific-setup/openclaw/acme-8-managed-inference.json#/effects/openclawPlugins/0/id: openclaw-plugins/acme-8-compat/openclaw.plugin.json declares id "other", not "nemoclaw-acme-8-compat"',
    ],
    [
      "an effect kind this project does not have",
      {
        "model-specific-setup/openclaw/acme-9.json": {
          ...COMPAT_RECORD,
          id: "acme-9",
          effects: { openclawFrobnicate: true },
        },
      },
      "model-specific-setup/openclaw/acme-9.json#/effects",
    ],
    [
      "a field that is not upstream's",
      { "model-specific-setup/openclaw/acme-9.json": { ...COMPAT_RECORD, id: "acme-9", priority: 3 } },
      "model-specific-setup/openclaw/acme-9.json#/priority: not a field of upstream's manifest format",
    ],
    [
      "a file that is not JSON",
      { "model-specific-setup/openclaw/broken.json": "{" },
      "model-specific-setup/openclaw/broken.json: not valid JSON",
    ],
    [
      "a plugin reference with a field upstream's format does not have",
      {
        "model-specific-setup/openclaw/acme-8-managed-inference.json": {
          ...PLUGIN_RECORD,
          effects: { openclawPlugins: [{ ...PLUGIN_RECORD.effects.openclawPlugins[0], enabled: false }] },
        },
      },
      "model-specific-setup/openclaw/acme-8-managed-inference.json#/effects/openclawPlugins/0/enabled: not a field of upstream's plugin reference (id, path, loadPath)",
    ],
    [
      "a record nested deeper than the limit (a problem, not a stack overflow)",
      {
        "model-specific-setup/openclaw/acme-9.json": `{"id": "acme-9", "effects": {"openclawCompat": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
      },
      `model-specific-setup/openclaw/acme-9.json#/effects/openclawCompat${"/0".repeat(62)}: nested deeper than 64 levels`,
    ],
    [
      "a record that is not UTF-8",
      {
        "model-specific-setup/openclaw/acme-9.json": Buffer.concat([
          Buffer.from('{"id": "acme-9", "description": "Acme'),
          Buffer.from([0xa0]),
          Buffer.from('9"}'),
        ]),
      },
      "model-specific-setup/openclaw/acme-9.json is not valid UTF-8 (the first bad byte is at offset 37): save it as UTF-8",
    ],
    [
      "two records with one id",
      { "model-specific-setup/openclaw/copy.json": COMPAT_RECORD },
      "#/id: acme-7-managed-inference is also the id of model-specific-setup/openclaw/acme-7-managed-inference.json",
    ],
  ];

  it.each(refusals)("refuses %s, naming file and field, and writes nothing at all", (_, records, message) => {
    const root = workspace();
    const before = snapshot(root);
    const result = importFrom(upstreamRegistry(records), root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("nothing was written");
    expect(result.stderr).toContain(message);
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses a plugin folder holding a link out of it, and writes nothing at all", () => {
    const root = workspace();
    const upstream = upstreamRegistry();
    symlinkSync("/etc/hostname", join(upstream, "openclaw-plugins/acme-8-compat/hostname.txt"));
    const before = snapshot(root);
    const result = importFrom(upstream, root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "model-specific-setup/openclaw/acme-8-managed-inference.json#/effects/openclawPlugins/0/path: openclaw-plugins/acme-8-compat: hostname.txt is a symlink leaving the package",
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses an id that exists with other content, and an import without evidence", () => {
    const root = workspace();
    const upstream = upstreamRegistry();
    expect(importFrom(upstream, root).status).toBe(0);
    const changed = { ...COMPAT_RECORD, effects: { openclawTools: { toolSearch: false } } };
    writeFileSync(
      join(upstream, "model-specific-setup/openclaw/acme-7-managed-inference.json"),
      JSON.stringify(changed),
    );
    const before = snapshot(root);
    const clash = importFrom(upstream, root);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain(
      "model-specific-setup/openclaw/acme-7-managed-inference.json#/id: an intervention with id acme-7-managed-inference already exists in this workspace (and differs from this record)",
    );
    const noEvidence = runCli(["--from-upstream", upstream], root);
    expect(noEvidence.status).toBe(1);
    expect(noEvidence.stderr).toContain("--evidence is required");
    expect(snapshot(root)).toEqual(before);
    rmSync(upstream, { recursive: true, force: true });
  });

  it("takes no scaffolding flags alongside --from-upstream", () => {
    const result = runCli(["--from-upstream", "x", "--id", "acme-1"], workspace());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("only --evidence and --remove-when apply (not id)");
  });
});
