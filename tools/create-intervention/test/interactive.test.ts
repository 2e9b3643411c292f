/**
 * The prompts, driven as a person would: in-process through @clack/prompts' injectable streams (typing,
 * validation messages, defaults), and once end to end through a real pseudo-terminal (`script`) for Ctrl-C.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { create, parseInvocation } from "../src/index.js";
import { CLI, copyWorkspace, existingInterventionId } from "./workspace.js";

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, "g");
const ENTER = "\r";
const CTRL_C = "\u0003";
const DOWN = `${ESC}[B`;

/** A fake terminal: what the program printed (ANSI stripped) and a keyboard to type on. */
class Terminal {
  readonly input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  screen = "";
  private seen = 0;
  readonly output = new Writable({
    write: (chunk, _encoding, done) => {
      this.screen += String(chunk).replace(ANSI, "");
      done();
    },
  });

  /** Waits until `text` appears after everything already waited for, then returns what appeared. */
  async waitFor(text: string, timeoutMs = 5_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const at = this.screen.indexOf(text, this.seen);
      if (at >= 0) {
        const shown = this.screen.slice(this.seen, at + text.length);
        this.seen = at + text.length;
        return shown;
      }
      if (Date.now() - started > timeoutMs)
        throw new Error(`never saw ${JSON.stringify(text)} in:\n${this.screen}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  type(keys: string): void {
    this.input.write(keys);
  }
}

/** Clears a text prompt's pre-filled value, then types `value` and Enter. */
const replace = (value: string) => `${"\u007f".repeat(80)}${value}${ENTER}`;

describe("interactive prompts", () => {
  it("asks every question, validates as you go, and writes the package", async () => {
    const root = copyWorkspace();
    const term = new Terminal();
    const running = create(parseInvocation([]), {
      cwd: root,
      interactive: true,
      io: { input: term.input, output: term.output },
    });

    await term.waitFor("Intervention id");
    term.type(`${await existingInterventionId()}${ENTER}`);
    await term.waitFor("already exists"); // an existing id is refused on Enter; the prompt stays open
    term.type(`${"\u007f".repeat(40)}Bad${ENTER}`);
    await term.waitFor("must match");
    term.type(`${"\u007f".repeat(10)}zeta-2-managed-inference${ENTER}`);
    await term.waitFor("Agent");
    term.type(ENTER); // openclaw
    await term.waitFor("Why does this model need it?");
    term.type(`Zeta 2 loops on Tool Search.${ENTER}`);
    await term.waitFor("Evidence");
    term.type(`see #12${ENTER}`);
    await term.waitFor("must be an issue reference");
    term.type(replace("#12, e2e:zeta-2-managed-inference-derived-effects"));
    await term.waitFor("When can it be deleted?");
    term.type(`Zeta 2 works with Tool Search.${ENTER}`);
    await term.waitFor("Match models by");
    term.type(ENTER); // exact model ids
    await term.waitFor("Model ids");
    term.type(`zeta/zeta-2, zeta/zeta-2$(reboot)${ENTER}`);
    await term.waitFor("shell");
    term.type(`${"\u007f".repeat(9)}-mini${ENTER}`);
    await term.waitFor("Provider key");
    term.type(ENTER); // default: inference
    await term.waitFor("Inference API");
    term.type(ENTER);
    await term.waitFor("Base URL");
    term.type(replace("https://inference.local/v1;id"));
    await term.waitFor("shell");
    term.type(replace("https://inference.local/v1"));
    await term.waitFor("openclawCompat as JSON");
    term.type(`{"supportsStore": "no"}${ENTER}`);
    await term.waitFor("supportsStore");
    term.type(replace(""));
    await term.waitFor("request body fields");
    term.type(`{"model": "x"}${ENTER}`);
    await term.waitFor("written by OpenClaw itself");
    term.type(replace('{"chat_template_kwargs": {"thinking": false}}'));
    await term.waitFor("request body fields to remove");
    term.type(`think.*${ENTER}`);
    await term.waitFor("is not a field name");
    term.type(replace("thinking"));
    await term.waitFor("system message for requests without one");
    term.type(ENTER); // none
    await term.waitFor("between tags, as tag names");
    term.type(ENTER); // none
    await term.waitFor("tool calls the model writes as text");
    term.type(ENTER); // none
    await term.waitFor("Tool Search off?");
    term.type(`y${ENTER}`);
    await term.waitFor("reasoning on?");
    term.type(ENTER); // default No
    await term.waitFor("plugin skeleton");
    term.type(`y${ENTER}`);
    await term.waitFor("Plugin id");
    term.type(replace("zeta-compat"));
    await term.waitFor("first e2e behaviour");
    term.type(replace("tool-search-off"));

    const result = await running;
    expect(result.status).toBe("created");
    const dir = join(root, "interventions", "zeta-2-managed-inference");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({
      id: "zeta-2-managed-inference",
      agent: "openclaw",
      description: "Zeta 2 loops on Tool Search.",
      evidence: ["#12", "e2e:zeta-2-managed-inference-derived-effects"],
      removeWhen: "Zeta 2 works with Tool Search.",
      match: {
        modelIds: ["zeta/zeta-2", "zeta/zeta-2-mini"],
        providerKey: "inference",
        inferenceApi: "openai-completions",
        baseUrl: "https://inference.local/v1",
      },
      effects: {
        openclawTools: { toolSearch: false },
        openclawPlugins: [{ id: "zeta-compat", path: "plugin" }],
        openclawRequestBody: { set: { chat_template_kwargs: { thinking: false } }, remove: ["thinking"] },
      },
    });
    expect(manifest.effects.openclawCompat).toBeUndefined();
    expect(manifest.effects.openclawReplyShaping).toBeUndefined();
    expect(existsSync(join(dir, "e2e/tool-search-off.case.ts"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "plugin/openclaw.plugin.json"), "utf8")).id).toBe("zeta-compat");
  });

  it("asks only what the flags leave open", async () => {
    const root = copyWorkspace();
    const term = new Terminal();
    const invocation = parseInvocation([
      "--id",
      "flagged-managed-inference",
      "--agent",
      "openclaw",
      "--description",
      "Given by flags.",
      "--evidence",
      "#7",
      "--remove-when",
      "Never.",
      "--model-prefixes",
      "flagged-1",
      "--provider-key",
      "inference",
      "--api",
      "openai-completions",
      "--base-url",
      "https://inference.local/v1",
      "--compat",
      "",
      "--request-body",
      "",
      "--remove-fields",
      "",
      "--system-message",
      "",
      "--reasoning-tags",
      "",
      "--text-tool-calls",
      "",
      "--tool-search-off",
      "--plugin-id",
      "flagged",
      "--behaviour",
      "applies",
    ]);
    const running = create(invocation, {
      cwd: root,
      interactive: true,
      io: { input: term.input, output: term.output },
    });
    const asked = await term.waitFor("reasoning on?");
    expect(asked).not.toMatch(
      /Intervention id|Agent|Model id|Provider key|Tool Search|remove|system message|tags|as text/,
    );
    term.type(ENTER); // default: No
    expect((await running).status).toBe("created");
    const manifest = JSON.parse(
      readFileSync(join(root, "interventions/flagged-managed-inference/manifest.json"), "utf8"),
    );
    expect(Object.keys(manifest.effects).sort()).toEqual(["openclawPlugins", "openclawTools"]);
  });

  it("asks for reply shaping: tag names checked by the manifest schema, a format picked from the list", async () => {
    const root = copyWorkspace();
    const term = new Terminal();
    const invocation = parseInvocation([
      ...["--id", "shaped-managed-inference", "--agent", "openclaw", "--description", "Leaks reasoning."],
      ...["--evidence", "#8", "--remove-when", "Never.", "--model-prefixes", "shaped-1"],
      ...[
        "--provider-key",
        "inference",
        "--api",
        "openai-completions",
        "--base-url",
        "https://inference.local/v1",
      ],
      ...["--compat", "", "--request-body", "", "--remove-fields", "", "--system-message", ""],
    ]);
    const running = create(invocation, {
      cwd: root,
      interactive: true,
      io: { input: term.input, output: term.output },
    });
    await term.waitFor("between tags, as tag names");
    term.type(`<think>${ENTER}`);
    await term.waitFor("without < and >, e.g. think");
    term.type(replace("think, think"));
    await term.waitFor("think is listed twice");
    term.type(replace("think, my tag"));
    await term.waitFor('"my tag": is not a tag name');
    term.type(replace("think, mm:think"));
    const menu = await term.waitFor("harmony");
    for (const option of ["none", "qwen-xml", "hermes-json"]) expect(menu).toContain(option);
    term.type(`${DOWN}${DOWN}${DOWN}${ENTER}`); // none, qwen-xml, hermes-json, harmony
    await term.waitFor("Tool Search off?");
    term.type(ENTER);
    await term.waitFor("reasoning on?");
    term.type(ENTER);
    await term.waitFor("plugin skeleton");
    term.type(ENTER);

    expect((await running).status).toBe("created");
    const dir = join(root, "interventions/shaped-managed-inference");
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(manifest.effects).toEqual({
      openclawReplyShaping: { reasoningTags: { tags: ["think", "mm:think"] }, textToolCalls: "harmony" },
    });
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(
      "in the `harmony` format (Harmony channel tokens such as `<|channel|>commentary to=functions.NAME`)",
    );
  });

  it("refuses a bad flag value before asking anything, naming the flag", async () => {
    const root = copyWorkspace();
    const term = new Terminal();
    const result = await create(
      parseInvocation(["--text-tool-calls", "qwen", "--reasoning-tags", "<think>", "--request-body", "{x"]),
      { cwd: root, interactive: true, io: { input: term.input, output: term.output } },
    );
    expect(result).toEqual({
      status: "refused",
      problems: [
        expect.stringMatching(/^--request-body: not JSON/),
        '--reasoning-tags: "<think>": write the tag\'s name without < and >, e.g. think',
        '--text-tool-calls: "qwen" is not a format the shaping plugin reads: use one of qwen-xml, hermes-json, harmony',
      ],
    });
    expect(term.screen).toBe("");
  });

  it("Ctrl-C in a real terminal cancels and writes nothing", async () => {
    const root = copyWorkspace();
    const before = readdirSync(join(root, "interventions")).sort();
    // `script` gives the CLI a real pseudo-terminal (raw mode, isTTY), as a person's shell would.
    const child = spawn(
      "script",
      ["-qfec", `stty cols 120 rows 40; exec "${process.execPath}" "${CLI}"`, "/dev/null"],
      {
        cwd: root,
        env: { ...process.env, TERM: "xterm" },
      },
    );
    let screen = "";
    child.stdout.on("data", (chunk) => {
      screen += String(chunk).replace(ANSI, "");
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const waitFor = async (text: string) => {
      const started = Date.now();
      while (!screen.includes(text)) {
        if (Date.now() - started > 10_000) throw new Error(`never saw ${text} in:\n${screen}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await waitFor("Intervention id");
    child.stdin.write(`half-typed-managed-inference${ENTER}`);
    await waitFor("Agent");
    child.stdin.write(CTRL_C);
    expect(await exited).toBe(130);
    expect(screen).toContain("nothing was written");
    expect(readdirSync(join(root, "interventions")).sort()).toEqual(before);
  });
});
