/**
 * JSON text laid out the way the repository's formatter (Biome, line width 110) leaves it, so a scaffolded
 * package passes `biome ci` untouched: objects expanded, arrays of scalars on one line when they fit.
 * package.json keeps plain `JSON.stringify` layout, as Biome leaves package.json files alone.
 */
const LINE_WIDTH = 110;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isScalar(value: Json): boolean {
  return value === null || typeof value !== "object";
}

interface Style {
  /** JSON quotes every key; TypeScript (Biome "asNeeded") only keys that are not identifiers. */
  ts: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function keyText(key: string, style: Style): string {
  return style.ts && IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function render(value: Json, indent: number, prefixWidth: number, style: Style): string {
  if (isScalar(value)) return JSON.stringify(value);
  const comma = style.ts ? "," : "";
  const pad = " ".repeat(indent + 2);
  const close = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isScalar)) {
      const inline = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
      if (prefixWidth + inline.length + 1 <= LINE_WIDTH) return inline;
    }
    const items = value.map((item) => `${pad}${render(item, indent + 2, pad.length, style)}`);
    return `[\n${items.join(",\n")}${comma}\n${close}]`;
  }
  const entries = Object.entries(value as { [key: string]: Json });
  if (entries.length === 0) return "{}";
  const lines = entries.map(([key, item]) => {
    const head = `${pad}${keyText(key, style)}: `;
    return `${head}${render(item, indent + 2, head.length, style)}`;
  });
  return `{\n${lines.join(",\n")}${comma}\n${close}}`;
}

export function formatJson(value: unknown): string {
  return `${render(value as Json, 0, 0, { ts: false })}\n`;
}

/**
 * A TypeScript object/array literal for a JSON value, objects always expanded (Biome keeps an expanded object
 * expanded), indented to sit at `indent` after a prefix of `prefixWidth` columns.
 */
export function tsLiteral(value: unknown, indent: number, prefixWidth: number): string {
  return render(value as Json, indent, prefixWidth, { ts: true });
}

export function packageJsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
