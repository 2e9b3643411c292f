/**
 * The documentation's generated tables: the interventions (models, effects, what upstream NemoClaw reads; each
 * intervention's own README holds its evidence and removal condition), the parts upstream lacks, and where the
 * supported OpenClaw releases differ; and the one way a generated block replaces its marked section of a Markdown
 * file. Pure.
 */
import { OPENCLAW_RELEASES, openclawCompatOf, openclawProviderHooksOf } from "./openclaw-releases.js";
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
  const reply = e.openclawReplyShaping;
  if (reply?.reasoningTags) {
    const tags = reply.reasoningTags.tags.map((tag) => code(`<${tag}>`)).join(" or ");
    parts.push(`${tags} reasoning out of the answer`);
  }
  if (reply?.textToolCalls) parts.push(`${code(reply.textToolCalls)} text calls made real`);
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

/**
 * One row per intervention, sorted by id, each linked to its own README (`interventions/<id>/`: the builder holds an
 * intervention's folder to its id), which says why it exists and when it can go.
 */
export function interventionsTable(manifests: readonly Manifest[]): string {
  const rows = [...manifests]
    .sort((a, b) => compareCodePoints(a.id, b.id))
    .map((m) =>
      [`[${code(m.id)}](interventions/${m.id}/README.md)`, m.agent, models(m), effects(m), forUpstream(m)]
        .map(cell)
        .join(" | "),
    );
  return [
    "| intervention | agent | models | effects | upstream NemoClaw reads |",
    "| --- | --- | --- | --- | --- |",
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
 * One row per group of names that not every release has, names sharing the same releases grouped in a row; each
 * release column says whether it has them.
 */
function differencesTable(heading: string, namesOf: (release: string) => readonly string[]): string {
  const present = OPENCLAW_RELEASES.map((release) => new Set(namesOf(release)));
  const all = [...new Set(present.flatMap((names) => [...names]))].sort(compareCodePoints);
  const groups = new Map<string, string[]>();
  for (const name of all) {
    const pattern = present.map((names) => (names.has(name) ? "yes" : "no"));
    if (pattern.every((cell) => cell === "yes")) continue;
    const key = pattern.join(" | ");
    groups.set(key, [...(groups.get(key) ?? []), name]);
  }
  return [
    `| ${heading} | ${OPENCLAW_RELEASES.join(" | ")} |`,
    `| --- | ${OPENCLAW_RELEASES.map(() => ":---:").join(" | ")} |`,
    ...[...groups].map(([pattern, names]) => `| ${names.map(code).join(", ")} | ${pattern} |`),
    "",
  ].join("\n");
}

/** Where the supported OpenClaw releases differ: the compat keys each accepts and the provider hooks each calls. */
export function releaseDifferencesTables(): { compat: string; hooks: string } {
  return {
    compat: differencesTable("compat key", (release) => Object.keys(openclawCompatOf(release) ?? {})),
    hooks: differencesTable("provider hook", (release) => openclawProviderHooksOf(release) ?? []),
  };
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
