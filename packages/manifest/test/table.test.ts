import { describe, expect, it } from "vitest";
import {
  interventionsTable,
  OPENCLAW_RELEASES,
  openclawCompatOf,
  releaseDifferencesTables,
  replaceMarkedBlock,
  tableInsensitive,
  upstreamGapsTable,
} from "../src/index.js";
import { manifest } from "./fixtures.js";

describe("the interventions table", () => {
  it("has one row per intervention, sorted, linked to its README, with models, effects and what upstream reads", () => {
    const table = interventionsTable([
      manifest({
        id: "z-fix",
        match: { modelIdPrefixes: ["acme-5"], upstreamProvider: "nvidia-prod" },
        effects: { openclawCompat: { maxTokensField: "max_tokens" }, openclawReasoning: true },
        evidence: ["#12", "e2e:z-fix-derived-effects"],
        removeWhen: "Acme 5 takes max_completion_tokens | or never",
        openclaw: ">=2026.8.0",
      }),
      manifest({ id: "a-fix", effects: { openclawCompatDefaults: { supportsUsageInStreaming: true } } }),
      manifest({
        id: "m-fix",
        effects: {
          openclawRequestBody: {
            remove: ["thinking"],
            insertSystemMessage: { content: "Answer in full.", unlessToolsOffered: ["exec", "bash"] },
          },
        },
      }),
    ]);
    const rows = table.trim().split("\n");
    expect(rows[0]).toBe("| intervention | agent | models | effects | upstream NemoClaw reads |");
    expect(rows[2]).toBe(
      "| [`a-fix`](interventions/a-fix/README.md) | openclaw | `vendor/example-1` | `supportsUsageInStreaming: true` unless the user sets it | none (`openclawCompatDefaults`) |",
    );
    expect(rows[3]).toContain(
      "| removes `body.thinking`, inserts a system message when none is sent and none of 2 listed tools is offered |",
    );
    expect(rows[4]).toBe(
      '| [`z-fix`](interventions/z-fix/README.md) | openclaw | `acme-5`…, upstream `nvidia-prod`, OpenClaw `>=2026.8.0` | `maxTokensField: "max_tokens"`, reasoning on | none (`upstreamProvider`, `openclawReasoning`) |',
    );
  });

  it("says what upstream NemoClaw's readers get: all, all but some effects, or none", () => {
    const rows = interventionsTable([
      manifest({ id: "a-fix" }),
      manifest({ id: "b-fix", effects: { openclawTools: { toolSearch: false }, openclawReasoning: true } }),
    ])
      .trim()
      .split("\n");
    expect(rows[2]).toContain("| `toolSearch: false` | all |");
    expect(rows[3]).toContain("| all but `openclawReasoning` |");
  });

  it("lists every part upstream's readers lack with what covers it upstream", () => {
    const rows = upstreamGapsTable().trim().split("\n");
    expect(rows.slice(2).map((row) => row.split(" | ")[0])).toEqual([
      "| effect `openclawRequestBody`",
      "| effect `openclawProviderRequest`",
      "| effect `openclawReasoning`",
      "| effect `openclawCompatDefaults`",
      "| effect `openclawReplyShaping`",
      "| match predicate `upstreamProvider`",
    ]);
  });

  it("lists the compat keys and provider hooks not every supported release has, grouped by the releases having them", () => {
    const { compat, hooks } = releaseDifferencesTables();
    const releases = OPENCLAW_RELEASES.join(" | ");
    expect(compat.split("\n")[0]).toBe(`| compat key | ${releases} |`);
    expect(hooks.split("\n")[0]).toBe(`| provider hook | ${releases} |`);
    for (const row of compat.trim().split("\n").slice(2)) {
      const [names, ...cells] = row.slice(2, -2).split(" | ");
      expect(new Set(cells).size, row).toBe(2);
      for (const name of (names ?? "").split(", ")) {
        const key = name.replaceAll("`", "");
        OPENCLAW_RELEASES.forEach((release, i) => {
          expect(
            Object.hasOwn(openclawCompatOf(release) ?? {}, key) ? "yes" : "no",
            `${key} on ${release}`,
          ).toBe(cells[i]);
        });
      }
    }
  });

  it("replaces exactly the marked block, and says when the markers are missing", () => {
    const text = "intro\n<!-- s -->\nold\n<!-- e -->\nrest\n";
    expect(replaceMarkedBlock(text, "<!-- s -->", "<!-- e -->", "new\n")).toBe(
      "intro\n<!-- s -->\n\nnew\n\n<!-- e -->\nrest\n",
    );
    expect(replaceMarkedBlock("no markers", "<!-- s -->", "<!-- e -->", "x")).toBeUndefined();
    expect(replaceMarkedBlock("<!-- e --> <!-- s -->", "<!-- s -->", "<!-- e -->", "x")).toBeUndefined();
  });

  it("compares tables by their cells, not their padding, and still sees a changed cell", () => {
    const plain = "| a | b |\n| --- | :---: |\n| `x` | y \\| z |\n";
    const padded = "| a   | b       |\n| --- | :-----: |\n| `x` |  y \\| z |\n";
    expect(tableInsensitive(padded)).toBe(tableInsensitive(plain));
    expect(tableInsensitive(padded.replace("y", "w"))).not.toBe(tableInsensitive(plain));
    expect(tableInsensitive(padded.replace(":-----:", "-------"))).not.toBe(tableInsensitive(plain));
  });
});
