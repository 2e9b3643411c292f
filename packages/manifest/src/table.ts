/**
 * The root README's table of interventions, produced from the manifests (models, effects, evidence, remove-when),
 * and the one way a generated block replaces its marked section of a Markdown file. Pure.
 */
import { bodyLeaves } from "./request-body.js";
import type { Manifest } from "./schema.js";
import { toSetupRecord } from "./setup-record.js";
import { splitForUpstream, UPSTREAM_GAPS } from "./upstream.js";
import { compareCodePoints } from "./values.js";

const code = (text: string) => `\`${text}\``;
/** A table cell: no pipes or newlines of its own. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();

function models(manifest: Manifest): string {
  const { match } = manifest;
  const parts = [
    ...(match.modelIds ?? []).map(code),
    ...(match.modelIdPrefixes ?? []).map((prefix) => `${code(prefix)}…`),
  ];
  if (parts.length === 0) parts.push("any model");
  if (match.upstreamProvider) parts.push(`upstream ${code(match.upstreamProvider)}`);
  if (manifest.openclaw) parts.push(`OpenClaw ${code(manifest.openclaw)}`);
  return parts.join(", ");
}

function effects(manifest: Manifest): string {
  const { effects: e } = manifest;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(e.openclawCompat ?? {}))
    parts.push(code(`${key}: ${JSON.stringify(value)}`));
  for (const [key, value] of Object.entries(e.openclawCompatDefaults ?? {}))
    parts.push(`${code(`${key}: ${JSON.stringify(value)}`)} unless the user sets it`);
  if (e.openclawTools) parts.push(code(`toolSearch: ${e.openclawTools.toolSearch}`));
  if (e.openclawReasoning) parts.push("reasoning on");
  for (const plugin of e.openclawPlugins ?? []) parts.push(`plugin ${code(plugin.id)}`);
  for (const [key, value] of Object.entries(e.openclawProviderRequest ?? {}))
    parts.push(code(`request.${key}: ${JSON.stringify(value)}`));
  for (const { path, value } of bodyLeaves(e.openclawRequestBody?.set ?? {}))
    parts.push(code(`body.${path.join(".")}: ${JSON.stringify(value)}`));
  for (const field of e.openclawRequestBody?.remove ?? []) parts.push(`removes ${code(`body.${field}`)}`);
  const message = e.openclawRequestBody?.insertSystemMessage;
  if (message) {
    parts.push(
      `inserts a system message when none is sent and none of ${message.unlessToolsOffered.length} listed tools is offered`,
    );
  }
  for (const [key, value] of Object.entries(e.hermesCompat ?? {}))
    parts.push(code(`hermes ${key}: ${JSON.stringify(value)}`));
  return parts.join(", ");
}

/** What upstream NemoClaw's readers get of an intervention (upstream.ts). */
function forUpstream(manifest: Manifest): string {
  const { dropped, notStaged } = splitForUpstream(toSetupRecord(manifest));
  const parts = dropped.map((gap) => code(gap.pointer.split("/").pop() as string)).join(", ");
  if (notStaged) return `none (${parts})`;
  return dropped.length > 0 ? `all but ${parts}` : "all";
}

/** One row per intervention, sorted by id. */
export function interventionsTable(manifests: readonly Manifest[]): string {
  const rows = [...manifests]
    .sort((a, b) => compareCodePoints(a.id, b.id))
    .map((m) =>
      [
        code(m.id),
        m.agent,
        models(m),
        effects(m),
        forUpstream(m),
        m.evidence.map(code).join(", "),
        m.removeWhen,
      ]
        .map(cell)
        .join(" | "),
    );
  return [
    "| intervention | agent | models | effects | upstream NemoClaw reads | evidence | remove when |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row} |`),
    "",
  ].join("\n");
}

/** Every part upstream NemoClaw's readers lack, and what carries that kind of fix in an upstream image instead. */
export function upstreamGapsTable(): string {
  const rows = [
    ...Object.entries(UPSTREAM_GAPS.effects).map(([key, why]) => [`effect ${code(key)}`, why]),
    ...Object.entries(UPSTREAM_GAPS.match).map(([key, why]) => [`match predicate ${code(key)}`, why]),
  ];
  return [
    "| part | why upstream's readers do not get it, and what covers it in an upstream image |",
    "| --- | --- |",
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
  ].join("\n");
}

/**
 * Markdown with every table row reduced to its trimmed cells (and separator cells to their alignment), so a table
 * compares equal however a formatter pads its columns.
 */
export function tableInsensitive(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => {
      if (!line.trimStart().startsWith("|")) return line;
      const cells = line
        .trim()
        .replace(/^\||\|$/g, "")
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
      return cells
        .map((c) =>
          /^:?-+:?$/.test(c) ? `${c.startsWith(":") ? ":" : ""}-${c.endsWith(":") ? ":" : ""}` : c,
        )
        .join("|");
    })
    .join("\n");
}

/**
 * `text` with the lines between the `start` and `end` marker lines replaced by `block`; undefined when the markers
 * are missing or out of order.
 */
export function replaceMarkedBlock(
  text: string,
  start: string,
  end: string,
  block: string,
): string | undefined {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) return undefined;
  return `${text.slice(0, from + start.length)}\n\n${block.trimEnd()}\n\n${text.slice(to)}`;
}
