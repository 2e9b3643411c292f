/**
 * The conversation page a person reads (src/conversation.ts), read as a browser would show it: two cases of the
 * harness's own fixture interventions run cold on the newest OpenClaw (no carried intervention, so deleting one
 * never breaks this test), their `conversation.html` parsed with a DOM library and checked by its visible text.
 * A plugin's exec split: the mock sent one combined exec call, OpenClaw recorded and ran three, each with its own
 * output. A shaped request: the shaping plugin removed the `thinking` OpenClaw built from the user's config, so the
 * page shows it built and gone from what was sent. The page must be self-contained: no script, nothing fetched.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SHAPING_PLUGIN_ID } from "@model-setup/manifest";
import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { E2ECase } from "../src/case.js";
import {
  buildFixtureContext,
  FIXTURE_MODEL,
  FIXTURE_PLUGIN_ID,
  SHAPED_FIXTURE_MODEL,
} from "../src/fixture-intervention.js";
import { requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";
import { ARTIFACT_FILES } from "../src/spec.js";

const SPLIT = "self-test-split-conversation";
const SHAPED = "self-test-shaping-conversation";
const CALL_ID = "call_mock_exec_1";
const COMMANDS = ["hostname", "date", "uptime"] as const;

const CASES: E2ECase[] = [
  {
    name: SPLIT,
    description: "one combined diagnostic exec call, split by the fixture plugin",
    route: { model: FIXTURE_MODEL },
    prompt: "Report this machine's hostname, date and uptime.",
    plugins: [FIXTURE_PLUGIN_ID],
    mock: [
      { toolCalls: [{ id: CALL_ID, name: "exec", arguments: '{"command":"hostname; date; uptime"}' }] },
      { content: "FINAL: diagnostics reported." },
    ],
    assert(run) {
      expect(run.trajectory.executedToolCalls().map((call) => call.args)).toEqual(
        COMMANDS.map((command) => ({ command })),
      );
    },
  },
  {
    name: SHAPED,
    description: "a thinking field the user's config adds, removed by the shaping plugin",
    route: { model: SHAPED_FIXTURE_MODEL, reasoning: true },
    baseConfig: {
      agents: {
        defaults: {
          models: {
            [`inference/${SHAPED_FIXTURE_MODEL}`]: {
              params: { extra_body: { thinking: { type: "enabled" } } },
            },
          },
        },
      },
    },
    prompt: "Print a marker.",
    plugins: [SHAPING_PLUGIN_ID],
    mock: [
      { toolCalls: [{ id: CALL_ID, name: "exec", arguments: { command: "echo shaped" } }] },
      { content: "FINAL: done." },
    ],
    assert(run) {
      for (const request of run.chatRequests) expect(request.body).not.toHaveProperty("thinking");
    },
  },
];

interface Page {
  html: string;
  /** The text of every top-level section (a nested one is part of its parent), whitespace collapsed, in order. */
  sections: string[];
  text: string;
}

function read(file: string): Page {
  const html = readFileSync(file, "utf8");
  const { document } = parseHTML(html);
  // What a browser shows: a closed <details> shows its summary only.
  for (const details of document.querySelectorAll("details:not([open])")) {
    for (const child of [...details.childNodes]) if (child.nodeName !== "SUMMARY") child.remove();
  }
  const flat = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();
  const sections = [...document.querySelectorAll("body > section")].map((section) =>
    flat(section.textContent),
  );
  return { html, sections, text: flat(document.body.textContent) };
}

describe("conversation.html", () => {
  requireInputs();
  const pages = new Map<string, Page>();
  let fixture: { root: string; context: string } | undefined;
  beforeAll(async () => {
    fixture = await buildFixtureContext(undefined, "split-plugin", { shaping: true });
    for (const c of CASES) {
      const run = await executeCase(c, {
        label: `conversation-test--${c.name}`,
        contextDir: fixture.context,
      });
      await c.assert(run);
      pages.set(c.name, read(join(run.artifactsDir, ARTIFACT_FILES.conversation)));
    }
  }, 300_000);
  afterAll(() => {
    if (fixture)
      for (const dir of [fixture.root, fixture.context]) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the split call: one call from the mock, three recorded and run, each with its own output", () => {
    const page = pages.get(SPLIT);
    if (!page) throw new Error("no page");
    const [, reply, tools] = page.sections;
    expect(reply).toContain("Reply 1: what the mock sent HTTP 200, scripted reply 1 of 2:");
    expect(reply).toContain('tool call: exec {"command":"hostname; date; uptime"} (id call_mock_exec_1)');
    expect(reply).toContain("OpenClaw recorded it otherwise (a plugin's or its own reading of the reply)");
    for (const command of ["hostname", "date", "uptime"]) {
      const id = `call_mock_exec_1_split_${["hostname", "date", "uptime"].indexOf(command) + 1}_${command}`;
      expect(reply).toContain(`tool call: exec {"command":"${command}"} (id ${id})`);
      expect(tools).toMatch(new RegExp(`exec \\{"command":"${command}"\\} \\(id ${id}\\) → exit 0: \\S`));
    }
    expect(tools).toMatch(/^Tools OpenClaw ran /);
    expect(tools).toMatch(/\(id call_mock_exec_1_split_3_uptime\) → exit 0: .*load average/);
    // The follow-up request carries the three calls and their results, and the final answer closes the page.
    expect(page.sections[3]).toMatch(/^Request 2: what the model received /);
    expect(page.sections[3]).toContain("4. tool: result for callmockexec1split1hostname");
    expect(page.sections[3]).not.toContain("## Tooling"); // the system prompt stays folded
    expect(page.sections.at(-1)).toContain("text: FINAL: diagnostics reported.");
  });

  it("shows the shaped request: the thinking OpenClaw built, removed before sending", () => {
    const page = pages.get(SHAPED);
    if (!page) throw new Error("no page");
    const shaped = page.sections.filter((text) => text.startsWith("Changed before sending"));
    expect(shaped).toHaveLength(2);
    for (const section of shaped) {
      expect(section).toBe(
        'Changed before sending, by plugin model-setup-shaping (OpenClaw built it otherwise) removed body.thinking: {"type":"enabled"}',
      );
    }
    const [request] = page.sections;
    expect(request).toMatch(
      /^Request 1: what the model received POST \/v1\/chat\/completions; body fields: /,
    );
    expect(request).toMatch(/1\. system: \d+ characters, starting “You are a personal assistant/);
    expect(request).toMatch(/Tools offered \(\d+\): .*exec/);
    expect(request).not.toContain('"thinking"');
  });

  it("is self-contained: no script and no address to fetch", () => {
    for (const page of pages.values()) {
      expect(page.html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=/i);
      expect(page.text).not.toBe("");
    }
  });
});
