/**
 * The conversation page a person reads (src/conversation.ts), read as a browser would show it: two real cases run
 * cold on the newest OpenClaw, their `conversation.html` parsed with a DOM library and checked by its visible text.
 * Kimi's exec split: the mock sent one combined exec call, OpenClaw recorded and ran three, each with its own
 * output. Nemotron's thinking strip: the shaping plugin removed the `thinking` OpenClaw built from the user's config,
 * so the page shows it built and gone from what was sent. The page must be self-contained: no script, nothing
 * fetched.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCases } from "../src/load-cases.js";
import { REPO_ROOT, requireInputs } from "../src/paths.js";
import { executeCase } from "../src/run-case.js";
import { ARTIFACT_FILES } from "../src/spec.js";

const SPLIT = "kimi-k2.6-managed-inference-exec-split";
const SHAPED = "nemotron-3-thinking-strip-managed-inference-user-thinking";

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
  beforeAll(async () => {
    const cases = await loadCases(REPO_ROOT, `${SPLIT},${SHAPED}`);
    expect(cases.map((l) => l.case.name).sort(), "the two cases this test reads").toEqual(
      [SPLIT, SHAPED].sort(),
    );
    for (const { case: c } of cases) {
      const run = await executeCase(c, { label: `conversation-test--${c.name}` });
      await c.assert(run);
      pages.set(c.name, read(join(run.artifactsDir, ARTIFACT_FILES.conversation)));
    }
  }, 300_000);

  it("shows the split Kimi call: one call from the mock, three recorded and run, each with its own output", () => {
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
    expect(page.sections[3]).toContain("4. tool (exec): result for callmockexec1split1hostname");
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
