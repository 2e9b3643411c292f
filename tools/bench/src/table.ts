import type { Row } from "./rows.js";

/** A row's time; empty for a row that is only a ratio (rows reach the table checked: every figure finite). */
function time(ms: number | undefined): string {
  if (ms === undefined) return "";
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${(ms * 1000).toFixed(1)} µs`;
}

/** A Markdown table with padded columns; `rightAligned(i)` says which columns hold numbers. */
function renderTable(header: string[], body: string[][], rightAligned: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (rightAligned(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (rightAligned(i) ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

/** One plain-text table of every row, columns padded; group and size repeat so any line reads on its own. */
export function formatTable(rows: readonly Row[]): string {
  const header = ["group", "scenario", "N", "wall / mean", "peak RSS", "note"];
  const body = rows.map((r) => [
    r.group,
    r.scenario,
    r.size > 0 ? r.size.toLocaleString("en") : "",
    time(r.wallMs),
    r.peakRssMb === undefined ? "" : `${r.peakRssMb.toFixed(0)} MiB`,
    r.note,
  ]);
  return renderTable(header, body, (column) => column >= 2 && column <= 4);
}

/** Phase breakdown (ms) of the builder rows that carry one, one column per size: where the time goes as N grows. */
export function formatPhases(rows: readonly Row[], scenario: string): string {
  const measured = rows.filter((r) => r.scenario === scenario && r.phases);
  if (measured.length === 0) return "";
  const phases = [...new Set(measured.flatMap((r) => Object.keys(r.phases ?? {})))];
  const header = ["phase (ms)", ...measured.map((r) => `N=${r.size.toLocaleString("en")}`)];
  const body = phases.map((phase) => [phase, ...measured.map((r) => (r.phases?.[phase] ?? 0).toFixed(1))]);
  return `builder phases, ${scenario}:\n${renderTable(header, body, (column) => column > 0)}`;
}
