/**
 * Non-interactive scaffolding in a temp copy of the workspace: the result validates and builds with the real
 * registry builder (no other package edited), passes its own tests and typecheck, is Biome-clean; refusals
 * write nothing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SHAPING_PLUGIN_ID, TEXT_TOOL_CALL_FORMATS } from "@model-setup/manifest";
import { describe, expect, it } from "vitest";
import { USAGE } from "../src/index.js";
import {
  ACME,
  buildWorkspace,
  copyWorkspace,
  existingInterventionId,
  linkForTests,
  REPO,
  runCli,
  runTool,
  snapshot,
} from "./workspace.js";

const ID = "acme-9-managed-inference";

describe("create-intervention --yes", () => {
  it("scaffolds a package the registry builder discovers and builds, with no edit elsewhere", async () => {
    const root = copyWorkspace();
    const before = snapshot(root);
    const result = runCli(["--yes", ...ACME, "--plugin"], root);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`created interventions/${ID}`);

    const dir = join(root, "interventions", ID);
    expect(readdirSync(dir).sort()).toEqual([
      "CHANGELOG.md",
      "README.md",
      "e2e",
      "manifest.json",
      "package.json",
      "plugin",
      "test",
      "tsconfig.json",
    ]);
    // Nothing outside the new folder changed.
    expect(snapshot(root).filter((f) => !f.startsWith(`interventions/${ID}/`))).toEqual(before);

    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({
      name: `@model-setup/${ID}`,
      version: "0.1.0",
      modelSetup: { manifest: "manifest.json" },
      files: ["manifest.json", "README.md", "CHANGELOG.md", "plugin"],
      scripts: { test: "vitest run", typecheck: "tsc -p tsconfig.json --noEmit" },
      devDependencies: {
        "@model-setup/e2e": "workspace:*",
        "@model-setup/intervention-testkit": "workspace:*",
      },
    });
    expect(pkg.dependencies).toBeUndefined();
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const heading of ["## Why", "## What it changes", "## How to remove it"])
      expect(readme).toContain(heading);

    const { registry, paths } = await buildWorkspace(root);
    const entry = registry.interventions.find((i) => i.id === ID);
    expect(entry?.package).toEqual({ name: `@model-setup/${ID}`, version: "0.1.0" });
    expect(entry?.manifest.effects).toMatchObject({
      openclawCompat: { maxTokensField: "max_completion_tokens" },
      openclawTools: { toolSearch: false },
      openclawPlugins: [{ id: ID }],
    });
    expect(paths).toContain(`openclaw-plugins/${ID}/index.js`);
    expect(registry.interventions.map((i) => i.id)).toEqual(
      expect.arrayContaining(readdirSync(join(REPO, "interventions"))),
    );
  });

  it("the scaffolded package passes its own tests and typecheck, and is Biome-clean", () => {
    const root = copyWorkspace();
    expect(runCli(["--yes", ...ACME, "--plugin"], root).status).toBe(0);
    const dir = join(root, "interventions", ID);
    linkForTests(root, ID);
    const tests = runTool("vitest", ["run", "--reporter=json"], dir);
    expect(tests.status, tests.stderr).toBe(0);
    const report = JSON.parse(tests.stdout.slice(tests.stdout.indexOf("{")));
    expect(report.numFailedTests).toBe(0);
    expect(report.numPendingTests + report.numTodoTests).toBe(0);
    // effects, what upstream reads, metadata, README, 4 matches, 4 misses.
    expect(report.numPassedTests).toBe(12);
    const tsc = runTool("tsc", ["-p", "tsconfig.json", "--noEmit"], dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const biome = runTool("biome", ["ci", "--vcs-enabled=false", `interventions/${ID}`], root);
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);
  });

  it("writes no e2e case for declarative effects (the harness derives them)", () => {
    const root = copyWorkspace();
    expect(runCli(["--yes", ...ACME], root).status).toBe(0);
    expect(existsSync(join(root, "interventions", ID, "e2e"))).toBe(false);
  });

  it("writes a todo e2e stub for a plugin's behaviour that can never pass", async () => {
    const root = copyWorkspace();
    expect(runCli(["--yes", ...ACME, "--plugin", "--behaviour", "max-completion-tokens"], root).status).toBe(
      0,
    );
    const file = join(root, "interventions", ID, "e2e", "max-completion-tokens.case.ts");
    const mod = (await import(pathToFileURL(file).href)) as {
      default: {
        name: string;
        todo?: string;
        mock: unknown[];
        plugins: string[];
        route: { model: string };
        assert(): void;
      };
    };
    expect(mod.default.todo).toMatch(/write the assertions/);
    expect(mod.default.name).toBe(`${ID}-max-completion-tokens`);
    expect(mod.default.mock.length).toBeGreaterThan(0);
    expect(mod.default.plugins).toEqual([ID]);
    expect(mod.default.route.model).toBe("acme-9");
    expect(() => mod.default.assert()).toThrow(/todo/);
  });

  it("scaffolds a request-body effect from --request-body, with its README line", () => {
    const root = copyWorkspace();
    const body = '{"chat_template_kwargs":{"thinking":false}}';
    const result = runCli(["--yes", ...argsWith({ "--compat": null, "--request-body": body })], root);
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, "interventions", ID);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.effects).toEqual({
      openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } } },
    });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(
      '- Request body: `chat_template_kwargs: {"thinking":false}` in every chat-completions request.',
    );
  });

  it("scaffolds removals and a system message from --remove-fields and --system-message", () => {
    const root = copyWorkspace();
    const message = '{"content":"Give every step.","unlessToolsOffered":["exec","write_file"]}';
    const result = runCli(
      [
        "--yes",
        ...argsWith({ "--compat": null, "--remove-fields": "thinking, top_k", "--system-message": message }),
      ],
      root,
    );
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, "interventions", ID);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.effects).toEqual({
      openclawRequestBody: {
        remove: ["thinking", "top_k"],
        insertSystemMessage: { content: "Give every step.", unlessToolsOffered: ["exec", "write_file"] },
      },
    });
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme).toContain(
      "- Request body: `thinking`, `top_k` removed from every chat-completions request",
    );
    expect(readme).toContain("- Request body: a system message put first in requests that have none");
  });

  it("scaffolds reply shaping from --reasoning-tags and --text-tool-calls: README, own tests, build", async () => {
    const root = copyWorkspace();
    const result = runCli(
      [
        "--yes",
        ...argsWith({
          "--compat": null,
          "--reasoning-tags": "think, mm:think",
          "--text-tool-calls": "qwen-xml",
        }),
      ],
      root,
    );
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, "interventions", ID);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.effects).toEqual({
      openclawReplyShaping: { reasoningTags: { tags: ["think", "mm:think"] }, textToolCalls: "qwen-xml" },
    });
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme).toContain(
      "- Reply: reasoning the model writes into its answer between `<think>…</think>` or `<mm:think>…</mm:think>` (or before an orphan closing tag) moves out of the answer into reasoning (by the shared shaping plugin).",
    );
    expect(readme).toContain(
      "- Reply: tool calls the model writes as text in the `qwen-xml` format (`<tool_call>…</tool_call>` blocks) become real tool calls, for tools the request offered",
    );

    linkForTests(root, ID);
    const tests = runTool("vitest", ["run", "--reporter=json"], dir);
    expect(tests.status, tests.stderr).toBe(0);
    const report = JSON.parse(tests.stdout.slice(tests.stdout.indexOf("{")));
    expect(report.numFailedTests).toBe(0);
    expect(report.numPassedTests).toBe(12);
    const tsc = runTool("tsc", ["-p", "tsconfig.json", "--noEmit"], dir);
    expect(tsc.stdout + tsc.stderr).toBe("");
    const biome = runTool("biome", ["ci", "--vcs-enabled=false", `interventions/${ID}`], root);
    expect(biome.status, biome.stdout + biome.stderr).toBe(0);

    // The real builder accepts it and stages the shared shaping plugin for it.
    const { registry } = await buildWorkspace(root);
    expect(registry.interventions.find((i) => i.id === ID)?.manifest.effects).toEqual(manifest.effects);
    expect(registry.sharedPlugins.find((p) => p.id === SHAPING_PLUGIN_ID)?.usedBy).toContain(ID);
  });

  it.each(TEXT_TOOL_CALL_FORMATS)("scaffolds --text-tool-calls %s alone", (format) => {
    const root = copyWorkspace();
    const result = runCli(["--yes", ...argsWith({ "--compat": null, "--text-tool-calls": format })], root);
    expect(result.status, result.stderr).toBe(0);
    const dir = join(root, "interventions", ID);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.effects).toEqual({ openclawReplyShaping: { textToolCalls: format } });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(
      `- Reply: tool calls the model writes as text in the \`${format}\` format (`,
    );
  });

  it("--help lists the reply-shaping flags and every format", () => {
    const help = runCli(["--help"], copyWorkspace());
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(`${USAGE}\n`);
    expect(USAGE).toMatch(/^ {2}--reasoning-tags A,B {5}effect: /m);
    expect(USAGE).toMatch(/^ {2}--text-tool-calls FORMAT effect: /m);
    expect(USAGE).toContain(`(openclaw): ${TEXT_TOOL_CALL_FORMATS.join(", ")}`);
  });

  it("omits empty predicates and scaffolds a hermes intervention", () => {
    const root = copyWorkspace();
    const args = [
      ...["--yes", "--id", "hermes-x", "--agent", "hermes", "--description", "Hermes needs x."],
      ...["--evidence", "https://example.com/hermes-x", "--remove-when", "Hermes no longer needs x."],
    ];
    const result = runCli(
      [...args, "--model-ids", "vendor/x-1", "--provider-key", "", "--api", "", "--compat", '{"flag":true}'],
      root,
    );
    expect(result.status, result.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(root, "interventions/hermes-x/manifest.json"), "utf8"));
    expect(manifest.match).toEqual({ modelIds: ["vendor/x-1"], baseUrl: "https://inference.local/v1" });
    expect(manifest.effects).toEqual({ hermesCompat: { flag: true } });
  });
});

/** ACME's flags (minus --tool-search-off) with some replaced (string), removed (null) or added as switches (true). */
function argsWith(overrides: Record<string, string | null | true>): string[] {
  const flags: Record<string, string | null | true> = {
    "--id": ID,
    "--description": "Acme 9 rejects max_tokens on the managed route.",
    "--evidence": "#101",
    "--remove-when": "Acme 9 accepts max_tokens.",
    "--model-prefixes": "acme-9,acme-10",
    "--compat": '{"maxTokensField":"max_completion_tokens"}',
    ...overrides,
  };
  return Object.entries(flags).flatMap(([flag, value]) =>
    value === null ? [] : value === true ? [flag] : [flag, value],
  );
}

const EXISTING_ID = await existingInterventionId();

describe("refusals write nothing", () => {
  const cases: [string, Record<string, string | null | true>, RegExp][] = [
    ["an existing id", { "--id": EXISTING_ID }, /already exists/],
    ["an invalid id", { "--id": "Bad Id" }, /must match/],
    ["a shell-looking id", { "--id": "x;rm" }, /must match/],
    ["a prefix with a namespace", { "--model-prefixes": "openai/gpt-9" }, /namespace/],
    ["a model id with shell characters", { "--model-prefixes": null, "--model-ids": "a/b$(x)" }, /shell/],
    ["an unknown compat key", { "--compat": '{"noSuchKey":1}' }, /noSuchKey|unrecognized|compat/i],
    ["compat that is not JSON", { "--compat": "{maxTokensField" }, /not JSON/],
    ["a bad base URL", { "--base-url": "ftp://x" }, /http/],
    ["no effect at all", { "--compat": null }, /at least one effect/],
    [
      "a request body field OpenClaw writes",
      { "--request-body": '{"model":"x"}' },
      /written by OpenClaw itself/,
    ],
    ["a request body that is not JSON", { "--request-body": "{thinking" }, /not JSON/],
    ["a pattern as a field to remove", { "--remove-fields": "think.*" }, /is not a field name/],
    [
      "a system message with no tools",
      { "--system-message": '{"content":"x","unlessToolsOffered":[]}' },
      /at least one tool/,
    ],
    [
      "a templated system message",
      { "--system-message": '{"content":"Hi {{user}}","unlessToolsOffered":["exec"]}' },
      /not a template or code/,
    ],
    [
      "a removal without a provider key",
      { "--remove-fields": "thinking", "--provider-key": "" },
      /providerKey.*required with reply shaping or a request-body remove/,
    ],
    [
      "a reasoning tag written as a tag",
      { "--reasoning-tags": "</think>" },
      /--reasoning-tags: "<\/think>": write the tag's name without < and >, e.g\. think/,
    ],
    [
      "a reasoning tag name with a space",
      { "--reasoning-tags": "think, my tag" },
      /--reasoning-tags: "my tag": is not a tag name: use letters, digits, _ and -/,
    ],
    [
      "a reasoning tag listed twice",
      { "--reasoning-tags": "think,think" },
      /--reasoning-tags: think is listed twice/,
    ],
    [
      "more than four reasoning tags",
      { "--reasoning-tags": "a,b,c,d,e" },
      /--reasoning-tags: reasoningTags\.tags: lists 5, at most 4: drop some/,
    ],
    [
      "an unknown text tool-call format",
      { "--text-tool-calls": "qwen" },
      /--text-tool-calls: "qwen" is not a format the shaping plugin reads: use one of qwen-xml, hermes-json, harmony/,
    ],
    [
      "reply shaping without a provider key",
      { "--text-tool-calls": "qwen-xml", "--provider-key": "" },
      /providerKey: is required with reply shaping.*set it, e\.g\. "inference"/,
    ],
    [
      "hermes with reply shaping",
      { "--agent": "hermes", "--compat": '{"flag":true}', "--reasoning-tags": "think" },
      /reply shaping are openclaw effects/,
    ],
    [
      "hermes with a request body",
      { "--agent": "hermes", "--compat": '{"flag":true}', "--request-body": '{"top_k":1}' },
      /hermes/,
    ],
    [
      "hermes with an openclaw effect",
      { "--agent": "hermes", "--compat": null, "--reasoning": true },
      /hermes/,
    ],
  ];
  it.each(cases)("refuses %s", (_, overrides, message) => {
    const root = copyWorkspace();
    const before = snapshot(root);
    const result = runCli(["--yes", ...argsWith(overrides)], root);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(result.stderr).toMatch(message);
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses a folder that exists even when it is no package", () => {
    const root = copyWorkspace();
    mkdirSync(join(root, "interventions", "acme-9-managed-inference"));
    const result = runCli(["--yes", ...ACME], root);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/interventions\/acme-9-managed-inference already exists/);
    expect(readdirSync(join(root, "interventions", "acme-9-managed-inference"))).toEqual([]);
  });

  it("lists every missing flag with --yes, and asks nothing without a terminal", () => {
    const root = copyWorkspace();
    const missing = runCli(["--yes"], root);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/--id is required/);
    expect(missing.stderr).toMatch(/--description is required/);
    expect(missing.stderr).toMatch(/--evidence is required/);
    expect(missing.stderr).toMatch(/--remove-when is required/);
    expect(missing.stderr).toMatch(/--model-ids or --model-prefixes is required/);
    const noTty = runCli(ACME, root);
    expect(noTty.status).toBe(1);
    expect(noTty.stderr).toMatch(/not a terminal/);
    expect(existsSync(join(root, "interventions", ID))).toBe(false);
  });

  it("rejects unknown flags and exclusive selectors as usage errors", () => {
    const root = copyWorkspace();
    expect(runCli(["--yes", "--frobnicate"], root).status).toBe(2);
    expect(runCli(["--yes", ...ACME, "--model-ids", "a/b"], root).status).toBe(2);
  });
});
