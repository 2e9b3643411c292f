import { describe, expect, it } from "vitest";
import { decodeUserCompat, resolveInputs, UsageError } from "../src/index.js";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

const ENV = {
  NEMOCLAW_MODEL: "acme/widget-7b",
  NEMOCLAW_PROVIDER_KEY: "inference",
  NEMOCLAW_INFERENCE_API: "openai-completions",
  NEMOCLAW_INFERENCE_BASE_URL: "https://inference.local/v1",
  NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: "/ctx/model-specific-setup",
};

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("resolveInputs", () => {
  it("reads the upstream environment contract", () => {
    const resolved = resolveInputs(
      {},
      {
        ...ENV,
        NEMOCLAW_PRIMARY_MODEL_REF: "inference/widget",
        NEMOCLAW_INFERENCE_INPUTS: "text, image,,text",
        NEMOCLAW_CONTEXT_WINDOW: "262144",
        NEMOCLAW_MAX_TOKENS: "8192",
        NEMOCLAW_REASONING: "true",
        NEMOCLAW_INFERENCE_COMPAT_B64: b64({ supportsStore: false }),
        NEMOCLAW_API_KEY: "k",
      },
    );
    expect(resolved).toEqual({
      route: {
        modelId: "acme/widget-7b",
        providerKey: "inference",
        inferenceApi: "openai-completions",
        baseUrl: "https://inference.local/v1",
      },
      setupDir: "/ctx/model-specific-setup",
      options: {
        primaryModelRef: "inference/widget",
        inputs: ["text", "image"],
        contextWindow: 262144,
        maxTokens: 8192,
        reasoning: true,
        userCompat: { supportsStore: false },
        apiKey: "k",
      },
    });
  });

  it("lets flags win over the environment", () => {
    const resolved = resolveInputs(
      { model: "acme/flagged", "max-tokens": "100", reasoning: "false", "setup-dir": "/flag/dir" },
      { ...ENV, NEMOCLAW_MAX_TOKENS: "not-a-number", NEMOCLAW_REASONING: "true" },
    );
    expect(resolved.route.modelId).toBe("acme/flagged");
    expect(resolved.setupDir).toBe("/flag/dir");
    expect(resolved.options).toMatchObject({ maxTokens: 100, reasoning: false });
  });

  it("treats empty variables as unset, as upstream does", () => {
    const resolved = resolveInputs(
      {},
      { ...ENV, NEMOCLAW_INFERENCE_COMPAT_B64: "", NEMOCLAW_CONTEXT_WINDOW: "" },
    );
    expect(resolved.options).toEqual({});
  });

  it.each([
    ["NEMOCLAW_MODEL", /NEMOCLAW_MODEL \(or --model\) is required/],
    [
      "NEMOCLAW_PROVIDER_KEY",
      /NEMOCLAW_INFERENCE_PROVIDER_ID \(or NEMOCLAW_PROVIDER_KEY, or --provider-key\) is required: set it, e\.g\. NEMOCLAW_INFERENCE_PROVIDER_ID=inference/,
    ],
    ["NEMOCLAW_INFERENCE_API", /NEMOCLAW_INFERENCE_API \(or --api\) is required/],
    ["NEMOCLAW_INFERENCE_BASE_URL", /NEMOCLAW_INFERENCE_BASE_URL \(or --base-url\) is required/],
  ])("a missing %s is named", (variable, message) => {
    const env: Record<string, string> = { ...ENV };
    delete env[variable];
    expect(usageMessage(() => resolveInputs({}, env))).toMatch(message);
  });

  it.each([
    [
      "NEMOCLAW_CONTEXT_WINDOW",
      "12k",
      /NEMOCLAW_CONTEXT_WINDOW \(or --context-window\) must be a positive integer/,
    ],
    ["NEMOCLAW_CONTEXT_WINDOW", "0", /must be a positive integer/],
    ["NEMOCLAW_MAX_TOKENS", "4096.5", /NEMOCLAW_MAX_TOKENS \(or --max-tokens\) must be a positive integer/],
    ["NEMOCLAW_MAX_TOKENS", "-1", /must be a positive integer/],
    ["NEMOCLAW_MAX_TOKENS", "99999999999999999999", /must be a positive integer/],
    ["NEMOCLAW_REASONING", "yes", /NEMOCLAW_REASONING \(or --reasoning\) must be true or false/],
    [
      "NEMOCLAW_TOOL_DISCLOSURE",
      "off",
      /NEMOCLAW_TOOL_DISCLOSURE \(or --tool-disclosure\) must be direct \(Tool Search off\) or search/,
    ],
    ["NEMOCLAW_TOOL_SEARCH", "false", /NEMOCLAW_TOOL_SEARCH is gone: use NEMOCLAW_TOOL_DISCLOSURE=direct/],
    [
      "NEMOCLAW_INFERENCE_PROVIDER_ID",
      "in ference",
      /NEMOCLAW_INFERENCE_PROVIDER_ID \(or NEMOCLAW_PROVIDER_KEY, or --provider-key\)/,
    ],
    ["NEMOCLAW_INFERENCE_BASE_URL", "inference.local/v1", /must be an http\(s\) URL/],
    ["NEMOCLAW_INFERENCE_BASE_URL", "ftp://inference.local/v1", /must be an http\(s\) URL/],
    [
      "NEMOCLAW_INFERENCE_INPUTS",
      "text;image",
      /NEMOCLAW_INFERENCE_INPUTS \(or --inputs\) must be a comma-separated list/,
    ],
  ])("%s=%s is refused", (variable, value, message) => {
    expect(usageMessage(() => resolveInputs({}, { ...ENV, [variable]: value }))).toMatch(message);
  });
});

describe("decodeUserCompat", () => {
  it("decodes a compat object and treats null as none", () => {
    expect(decodeUserCompat(b64({ requiresToolResultName: true }))).toEqual({ requiresToolResultName: true });
    expect(decodeUserCompat(b64(null))).toEqual({});
    expect(decodeUserCompat("e30=")).toEqual({});
  });

  it("refuses text that is not base64", () => {
    expect(usageMessage(() => decodeUserCompat("{not base64}"))).toMatch(
      /NEMOCLAW_INFERENCE_COMPAT_B64 \(or --compat-b64\) is not valid base64/,
    );
    expect(usageMessage(() => decodeUserCompat("e30"))).toMatch(/not valid base64/);
  });

  it("refuses base64 that is not JSON", () => {
    expect(usageMessage(() => decodeUserCompat(Buffer.from("{oops").toString("base64")))).toMatch(
      /does not decode to JSON/,
    );
  });

  it.each([
    [[1, 2], /got an array/],
    ["text", /got string/],
    [7, /got number/],
  ])("refuses a non-object %j", (value, message) => {
    expect(usageMessage(() => decodeUserCompat(b64(value)))).toMatch(message);
  });

  it("refuses a compat key OpenClaw does not accept, naming it", () => {
    const message = usageMessage(() => decodeUserCompat(b64({ supportsStore: false, fooBarUnknown: true })));
    expect(message).toMatch(/NEMOCLAW_INFERENCE_COMPAT_B64#\/fooBarUnknown: unknown field "fooBarUnknown"/);
  });

  it("refuses a compat value of the wrong type, naming the key", () => {
    expect(usageMessage(() => decodeUserCompat(b64({ maxTokensField: "tokens" })))).toMatch(
      /NEMOCLAW_INFERENCE_COMPAT_B64#\/maxTokensField: must be one of "max_completion_tokens", "max_tokens"/,
    );
  });
});

describe("upstream's variable names", () => {
  const { NEMOCLAW_PROVIDER_KEY: _legacy, ...withoutKey } = ENV;

  it("prefers NEMOCLAW_INFERENCE_PROVIDER_ID and reads NEMOCLAW_PROVIDER_KEY only when it is unset", () => {
    const key = (env: NodeJS.ProcessEnv, flags = {}) => resolveInputs(flags, env).route.providerKey;
    expect(key({ ...withoutKey, NEMOCLAW_PROVIDER_KEY: "older" })).toBe("older");
    expect(
      key({ ...withoutKey, NEMOCLAW_INFERENCE_PROVIDER_ID: "newer", NEMOCLAW_PROVIDER_KEY: "older" }),
    ).toBe("newer");
    expect(key({ ...withoutKey, NEMOCLAW_INFERENCE_PROVIDER_ID: " ", NEMOCLAW_PROVIDER_KEY: "older" })).toBe(
      "older",
    );
    expect(key({ ...withoutKey, NEMOCLAW_INFERENCE_PROVIDER_ID: "newer" }, { "provider-key": "flag" })).toBe(
      "flag",
    );
    expect(usageMessage(() => resolveInputs({}, withoutKey))).toMatch(
      /NEMOCLAW_INFERENCE_PROVIDER_ID \(or NEMOCLAW_PROVIDER_KEY, or --provider-key\) is required/,
    );
  });

  it("takes NEMOCLAW_TOOL_DISCLOSURE=direct (any case) as Tool Search off, search as the default", () => {
    const direct = (value: string) => resolveInputs({}, { ...ENV, NEMOCLAW_TOOL_DISCLOSURE: value }).options;
    expect(direct("DIRECT").directToolDisclosure).toBe(true);
    expect(direct("search").directToolDisclosure).toBe(false);
    expect(resolveInputs({ "tool-disclosure": "direct" }, ENV).options.directToolDisclosure).toBe(true);
    expect(resolveInputs({}, ENV).options).not.toHaveProperty("directToolDisclosure");
  });
});

describe("the setup directory", () => {
  it("is optional: unset, the CLI looks in the default places", () => {
    const { NEMOCLAW_MODEL_SPECIFIC_SETUP_DIR: _dir, ...withoutDir } = ENV;
    expect(resolveInputs({}, withoutDir).setupDir).toBeUndefined();
    expect(resolveInputs({ "setup-dir": "/flag/dir" }, ENV).setupDir).toBe("/flag/dir");
  });
});
