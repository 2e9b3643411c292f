import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { canonicalJson } from "@model-setup/manifest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fixtureRecords,
  PACKAGE_ROOT,
  packageOf,
  record,
  setupTempDir,
  tempDir,
  writeSetupDir,
} from "./helpers/setup-dir.js";

/** The built CLI; `turbo run test` builds first (test depends on build). */
const CLI = join(PACKAGE_ROOT, "bin", "openclaw-config.js");

const work = tempDir();
const setupDir = join(work.path, "model-specific-setup");
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm build first`);
  writeSetupDir(setupDir, fixtureRecords());
});
afterAll(() => work.remove());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

function routeEnv(model: string): Record<string, string> {
  return {
    NEMOCLAW_MODEL: model,
    NEMOCLAW_PROVIDER_KEY: "inference",
    NEMOCLAW_INFERENCE_API: "openai-completions",
    NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
    NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: setupDir,
  };
}

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("openclaw-config generate (spawned)", () => {
  it("prints the golden config for a route given by environment", () => {
    const result = run([], routeEnv("moonshotai/kimi-k2.6"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const golden = readFileSync(
      join(PACKAGE_ROOT, "test", "golden", "kimi-k2.6-managed-inference.json"),
      "utf8",
    );
    expect(result.stdout).toBe(canonicalJson(JSON.parse(golden)));
  });

  it("takes the route from flags, which win over the environment", () => {
    const result = run(["generate", "--model", "openai/gpt-5.1", "--max-tokens", "8192", "--api-key", "k"], {
      ...routeEnv("moonshotai/kimi-k2.6"),
      NEMOCLAW_MAX_TOKENS: "1",
    });
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    const model = config.models.providers.inference.models[0];
    expect(model).toMatchObject({ id: "openai/gpt-5.1", maxTokens: 8192 });
    expect(model.compat).toEqual({ maxTokensField: "max_completion_tokens" });
    expect(config.models.providers.inference.apiKey).toBe("k");
    expect(config.plugins).toBeUndefined();
  });

  it("writes --out atomically with its provenance sidecar, both 0600, leaving no temporary file", () => {
    const out = join(work.path, "out", "openclaw.json");
    const dir = join(work.path, "out");
    mkdirSync(dir, { recursive: true });
    const result = run(["--out", out], routeEnv("qwen3.5:9b"));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).models.providers.inference.models[0].reasoning).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.model-setup.json`).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(["openclaw.json", "openclaw.json.model-setup.json"]);
  });

  it("--base keeps unrelated keys of an existing openclaw.json and honours its Tool Search choice", () => {
    const base = join(work.path, "base.json");
    writeFileSync(
      base,
      JSON.stringify({
        gateway: { port: 18789 },
        tools: { toolSearch: false, web: { fetch: { enabled: true } } },
      }),
    );
    const result = run(["--base", base], routeEnv("openai/gpt-5.1"));
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(config.gateway).toEqual({ port: 18789 });
    expect(config.tools).toEqual({ toolSearch: false, web: { fetch: { enabled: true } } });
    expect(config.agents.defaults.model.primary).toBe("inference/openai/gpt-5.1");
  });

  it("--base reads a NemoClaw-style JSON5 config and keeps its allow list, plugins and other models working", () => {
    const base = join(work.path, "nemoclaw.json5");
    writeFileSync(
      base,
      `// written by NemoClaw
{
  plugins: {
    allow: ['nemoclaw', 'acpx',], // trailing commas, single quotes
    entries: { nemoclaw: { enabled: true } },
    load: { paths: ['/opt/nemoclaw/plugin'] },
  },
  models: { providers: { inference: { models: [{ id: 'my/other-model', contextWindow: 4096 }] } } },
}
`,
    );
    const result = run(["--base", base], routeEnv("moonshotai/kimi-k2.6"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    // OpenClaw drops plugins missing from a non-empty allow list: the Kimi plugin must be on it.
    expect(config.plugins.allow).toEqual(["nemoclaw", "acpx", "nemoclaw-kimi-inference-compat"]);
    expect(Object.keys(config.plugins.entries).sort()).toEqual([
      "nemoclaw",
      "nemoclaw-kimi-inference-compat",
    ]);
    expect(config.plugins.load.paths).toEqual([
      "/opt/nemoclaw/plugin",
      "/usr/local/share/nemoclaw/openclaw-plugins/kimi-inference-compat",
    ]);
    expect(config.models.providers.inference.models.map((m: { id: string }) => m.id)).toEqual([
      "my/other-model",
      "moonshotai/kimi-k2.6",
    ]);
  });

  it("--base that denies a plugin the route needs exits 2, names the pointer, writes nothing", () => {
    const base = join(work.path, "denying.json");
    writeFileSync(base, JSON.stringify({ plugins: { deny: ["nemoclaw-kimi-inference-compat"] } }));
    const out = join(work.path, "denied.json");
    const result = run(["--base", base, "--out", out], routeEnv("moonshotai/kimi-k2.6"));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `openclaw-config: --base ${base}: /plugins/deny/0 denies plugin nemoclaw-kimi-inference-compat, which this route's interventions need; remove it from plugins.deny\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("a conflict between user compat and an intervention exits 1, names both, writes nothing", () => {
    const out = join(work.path, "conflict.json");
    const env = {
      ...routeEnv("moonshotai/kimi-k2.6"),
      NEMOCLAW_INFERENCE_COMPAT_B64: b64({ supportsStore: true }),
    };
    const result = run(["--out", out], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "kimi-k2.6-managed-inference sets openclawCompat.supportsStore to false but user compat (NEMOCLAW_INFERENCE_COMPAT_B64) sets it to true",
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work.path).filter((name) => name.includes("conflict"))).toEqual([]);
  });

  it("writes through an --out that is a symbolic link, keeping the link", () => {
    const dir = join(work.path, "linked");
    mkdirSync(join(dir, "dotfiles"), { recursive: true });
    writeFileSync(join(dir, "dotfiles/openclaw.json"), "{}\n");
    chmodSync(join(dir, "dotfiles/openclaw.json"), 0o640);
    symlinkSync("dotfiles/openclaw.json", join(dir, "openclaw.json"));
    const result = run(["--out", join(dir, "openclaw.json")], routeEnv("qwen3.5:9b"));
    expect(result.code, result.stderr).toBe(0);
    expect(lstatSync(join(dir, "openclaw.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "dotfiles/openclaw.json"), "utf8")).models).toBeDefined();
    expect(statSync(join(dir, "dotfiles/openclaw.json")).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(dir, "dotfiles"))).toEqual(["openclaw.json"]);
  });

  it.each([
    [
      "in a missing folder",
      (dir: string) => join(dir, "missing", "openclaw.json"),
      /cannot be written \(ENOENT\)/,
    ],
    [
      "a link to a missing file",
      (dir: string) => {
        symlinkSync("nowhere.json", join(dir, "dangling.json"));
        return join(dir, "dangling.json");
      },
      /is a link to a missing file/,
    ],
  ])("refuses an --out %s in one line", (_, target, message) => {
    const dir = mkdtempSync(join(work.path, "out-"));
    const result = run(["--out", target(dir)], routeEnv("qwen3.5:9b"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a --base or compat value nested deeper than the limit, naming where", () => {
    const base = join(work.path, "deep.json");
    writeFileSync(base, `{"x": ${"[".repeat(200)}${"]".repeat(200)}}`);
    const deepBase = run(["--base", base], routeEnv("qwen3.5:9b"));
    expect(deepBase.code).toBe(2);
    expect(deepBase.stderr).toMatch(/--base .*deep\.json: nested deeper than 64 levels at \/x(\/0)+: /);
    const deepCompat = run([], {
      ...routeEnv("qwen3.5:9b"),
      NEMOCLAW_INFERENCE_COMPAT_B64: Buffer.from(`{"a": ${"[".repeat(5000)}${"]".repeat(5000)}}`).toString(
        "base64",
      ),
    });
    expect(deepCompat.code).toBe(2);
    expect(deepCompat.stderr).toMatch(/NEMOCLAW_INFERENCE_COMPAT_B64.*nested deeper than 64 levels/);
    expect(deepCompat.stderr).not.toMatch(/\n\s+at /);
  });

  it("a failed run leaves an existing --out file untouched", () => {
    const out = join(work.path, "existing.json");
    writeFileSync(out, "previous\n");
    const result = run(["--out", out, "--context-window", "lots"], routeEnv("qwen3.5:9b"));
    expect(result.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("previous\n");
  });

  it.each([
    [
      ["--context-window", "12k"],
      {},
      /NEMOCLAW_CONTEXT_WINDOW \(or --context-window\) must be a positive integer/,
    ],
    [
      [],
      { NEMOCLAW_INFERENCE_COMPAT_B64: "%%%" },
      /NEMOCLAW_INFERENCE_COMPAT_B64 \(or --compat-b64\) is not valid base64/,
    ],
    [[], { NEMOCLAW_INFERENCE_COMPAT_B64: b64([1]) }, /must decode to a JSON object/],
    [[], { NEMOCLAW_INFERENCE_COMPAT_B64: b64({ fooBarUnknown: true }) }, /unknown field "fooBarUnknown"/],
    [[], { NEMOCLAW_MODEL: "" }, /NEMOCLAW_MODEL \(or --model\) is required/],
    [["--bogus"], {}, /Unknown option '--bogus'/],
    [["frobnicate"], {}, /unknown command "frobnicate"/],
    [["--base", "/nonexistent/base.json"], {}, /--base \/nonexistent\/base\.json cannot be read/],
    [
      [],
      { NEMOCLAW_MODEL: "moonshotai/kimi k2.6" },
      /NEMOCLAW_MODEL \(or --model\) must be a model id .*, got "moonshotai\/kimi k2.6"/,
    ],
    [
      [],
      { NEMOCLAW_MODEL: "vendor/m\u0007odel" },
      /NEMOCLAW_MODEL \(or --model\) must be a model id .*, got "vendor\/m\\u0007odel"/,
    ],
    [
      [],
      { NEMOCLAW_MODEL: "vendor/$(reboot)" },
      /NEMOCLAW_MODEL \(or --model\) a model id must not contain shell or code characters/,
    ],
    [[], { NEMOCLAW_MODEL: "moonshotai/\u212Aimi-k2.6" }, /NEMOCLAW_MODEL \(or --model\) must be a model id/],
    [
      ["--provider-key", "in ference"],
      {},
      /NEMOCLAW_INFERENCE_PROVIDER_ID \(or NEMOCLAW_PROVIDER_KEY, or --provider-key\) must be a provider key/,
    ],
    [
      ["--api", "openai;completions"],
      {},
      /NEMOCLAW_INFERENCE_API \(or --api\) an inference API name must not contain shell/,
    ],
    [
      ["--upstream-provider", "nvidia prod"],
      {},
      /NEMOCLAW_UPSTREAM_PROVIDER \(or --upstream-provider\) .*must be an upstream provider name/,
    ],
    [
      ["--primary-model-ref", "inference/x y"],
      {},
      /NEMOCLAW_PRIMARY_MODEL_REF \(or --primary-model-ref\) must be a model id/,
    ],
  ])("bad input %j %j exits 2 with a clear message", (args, env, message) => {
    const result = run(args, { ...routeEnv("moonshotai/kimi-k2.6"), ...env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  it("a missing setup directory exits 1 naming the variable", () => {
    const result = run([], {
      ...routeEnv("moonshotai/kimi-k2.6"),
      NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: "/nonexistent",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /\/nonexistent does not exist .*NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR \(or --setup-dir\)/,
    );
  });

  it("--help prints usage", () => {
    const result = run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}openclaw-config \[generate\]/);
  });
});

describe("openclaw-config explain (spawned)", () => {
  it("prints verdicts and effects", () => {
    const result = run(["explain"], routeEnv("nvidia/nvidia/nemotron-3-ultra"));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nemotron-3-ultra-managed-inference\s+matched/);
    expect(result.stdout).toMatch(/kimi-k2\.6-managed-inference\s+not matched \(modelIds differs\)/);
    expect(result.stdout).toContain(
      "openclawTools.toolSearch = false  <- nemotron-3-ultra-managed-inference",
    );
    expect(result.stdout).toMatch(/\n\s+evidence: e2e:nemotron-3-ultra-managed-inference-derived-effects\n/);
    expect(result.stdout).toMatch(/\n\s+remove when: The model calls tools correctly through/);
    // Only a matched intervention's evidence is printed; --json carries every one.
    expect(result.stdout).not.toContain("e2e:kimi-k2.6-managed-inference-exec-split");
  });

  it("says what upstream NemoClaw's readers do not get of each matched intervention, and why", () => {
    const kimi = run(["explain"], routeEnv("moonshotai/kimi-k2.6"));
    expect(kimi.code).toBe(0);
    expect(kimi.stdout).toMatch(
      /\n\s+upstream NemoClaw's readers get it without:\n\s+\/effects\/openclawRequestBody: upstream's registry has no request-body effect; upstream's request preload/,
    );
    const deepseek = run(["explain"], routeEnv("deepseek-ai/deepseek-v4-pro"));
    expect(deepseek.stdout).toMatch(
      /\n\s+upstream NemoClaw's readers do not get it \(upstream's readers can apply none of its effects\):\n\s+\/effects\/openclawRequestBody: /,
    );
    const json = JSON.parse(run(["explain", "--json"], routeEnv("moonshotai/kimi-k2.6")).stdout);
    const verdicts = Object.fromEntries(
      json.interventions.map((v: { id: string; upstream?: unknown }) => [v.id, v.upstream]),
    );
    expect(verdicts["kimi-k2.6-managed-inference"]).toEqual({
      dropped: [{ pointer: "/effects/openclawRequestBody", why: expect.stringContaining("request preload") }],
    });
    expect(verdicts["gpt-5-o-series-managed-inference"]).toBeUndefined();
  });

  it("--json gives the machine form", () => {
    const result = run(["explain", "--json"], routeEnv("google/gemini-3-pro-preview"));
    expect(result.code).toBe(0);
    const explanation = JSON.parse(result.stdout);
    expect(explanation.interventions).toHaveLength(fixtureRecords().length);
    const kimi = explanation.interventions.find(
      (v: { id: string }) => v.id === "kimi-k2.6-managed-inference",
    );
    expect(kimi.evidence).toContain("#3046");
    expect(kimi.removeWhen).toMatch(/^Kimi K2.6 emits one exec call per command/);
    expect(
      explanation.interventions
        .filter((v: { matched: boolean }) => v.matched)
        .map((v: { id: string }) => v.id),
    ).toEqual(["gemini-3-managed-inference"]);
    expect(explanation.effects.map((e: { key: string }) => e.key)).toEqual([
      "openclawPlugins.nemoclaw-gemini-inference-compat",
    ]);
  });
});

describe("NEMOCLAW_REASONING_EFFORT / --reasoning-effort", () => {
  const paramsOf = (stdout: string) =>
    JSON.parse(stdout).agents.defaults.models?.["inference/qwen3.5:9b"]?.params;

  it("is sent as reasoning_effort on openai-completions routes, flag over variable, and explain shows it", () => {
    const env = { ...routeEnv("qwen3.5:9b"), NEMOCLAW_REASONING_EFFORT: "high" };
    expect(paramsOf(run([], env).stdout)).toEqual({ extra_body: { reasoning_effort: "high" } });
    expect(paramsOf(run(["--reasoning-effort", "Low"], env).stdout)).toEqual({
      extra_body: { reasoning_effort: "low" },
    });
    expect(run(["explain"], env).stdout).toContain(
      'openclawRequestBody.set.reasoning_effort = "high"  <- NEMOCLAW_REASONING_EFFORT',
    );
  });

  it("is ignored, with a warning, on other APIs, and refused when it is not an effort", () => {
    const other = run([], {
      ...routeEnv("qwen3.5:9b"),
      NEMOCLAW_INFERENCE_API: "anthropic-messages",
      NEMOCLAW_REASONING_EFFORT: "high",
    });
    expect(other.code).toBe(0);
    expect(paramsOf(other.stdout)).toBeUndefined();
    expect(other.stderr).toContain("NEMOCLAW_REASONING_EFFORT is ignored on anthropic-messages routes");
    const bad = run([], { ...routeEnv("qwen3.5:9b"), NEMOCLAW_REASONING_EFFORT: "maximal" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("must be one of none, minimal, low, medium, high, xhigh");
    expect(bad.stderr).toContain("NEMOCLAW_REASONING_EFFORT");
  });
});

describe("the upstream provider predicate (NEMOCLAW_UPSTREAM_PROVIDER / --upstream-provider)", () => {
  it("applies an intervention only on the upstream it names, and explain says which predicate failed", () => {
    const dir = setupTempDir();
    try {
      writeSetupDir(dir.path, [
        record(
          "upstream-fix",
          { modelIds: ["vendor/model"], upstreamProvider: "nvidia-prod" },
          {
            openclawTools: { toolSearch: false },
          },
        ),
      ]);
      const env = { ...routeEnv("vendor/model"), NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: dir.path };
      const toolSearchOn = (extra: Record<string, string>, args: string[] = []) => {
        const result = run(args, { ...env, ...extra });
        expect(result.code, result.stderr).toBe(0);
        return JSON.parse(result.stdout).tools.toolSearch;
      };
      expect(toolSearchOn({ NEMOCLAW_UPSTREAM_PROVIDER: "nvidia-prod" })).toBe(false);
      expect(toolSearchOn({}, ["--upstream-provider", "nvidia-prod"])).toBe(false);
      const structured = { mode: "tools", searchDefaultLimit: 8, maxSearchLimit: 20 };
      expect(toolSearchOn({ NEMOCLAW_UPSTREAM_PROVIDER: "other-prod" })).toEqual(structured);
      expect(toolSearchOn({})).toEqual(structured);
      expect(toolSearchOn({ NEMOCLAW_TOOL_DISCLOSURE: "direct" })).toBe(false);
      const explained = run(["explain"], { ...env, NEMOCLAW_UPSTREAM_PROVIDER: "other-prod" });
      expect(explained.stdout).toContain("upstreamProvider=other-prod");
      expect(explained.stdout).toMatch(/upstream-fix\s+not matched \(upstreamProvider differs\)/);
    } finally {
      dir.remove();
    }
  });
});

describe("openclaw-config explain on a context built for an older OpenClaw release", () => {
  it("names the intervention the build left out, its range and the release", () => {
    const dir = setupTempDir();
    try {
      const records = fixtureRecords();
      const kimi = records.find((record) => record.id === "kimi-k2.6-managed-inference");
      if (!kimi) throw new Error("the fixtures carry the Kimi intervention");
      const others = records.filter((record) => record !== kimi);
      writeSetupDir(dir.path, others, {
        openclaw: {
          release: "2026.7.1",
          notApplied: [{ id: kimi.id, agent: "openclaw", package: packageOf(kimi.id), range: ">=2026.8.0" }],
        },
      });
      const env = { ...routeEnv("moonshotai/kimi-k2.6"), NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: dir.path };
      const text = run(["explain"], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("image context built for OpenClaw 2026.7.1");
      expect(text.stdout).toMatch(
        /kimi-k2\.6-managed-inference\s+not applied on OpenClaw 2026\.7\.1 \(its openclaw range is ">=2026\.8\.0"\)/,
      );
      const json = JSON.parse(run(["explain", "--json"], env).stdout);
      expect(json.openclawRelease).toBe("2026.7.1");
      expect(json.interventions).toHaveLength(others.length + 1);
      expect(json.interventions.find((v: { id: string }) => v.id === kimi.id)).toEqual({
        id: kimi.id,
        package: packageOf(kimi.id),
        matched: false,
        notAppliedOn: { release: "2026.7.1", range: ">=2026.8.0" },
      });
      expect(json.effects).toEqual([]);
      const generated = run(["generate"], env);
      expect(generated.code).toBe(0);
      expect(generated.stdout).not.toContain("nemoclaw-kimi-inference-compat");
    } finally {
      dir.remove();
    }
  });
});
