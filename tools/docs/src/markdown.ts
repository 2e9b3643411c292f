/**
 * The parts of a Markdown text the checks read: its fenced code blocks, the lines outside them, and the inline
 * code spans of those lines. Pure, on text.
 */

export interface FencedBlock {
  /** Line of the opening fence, from 1. */
  line: number;
  /** The fence's info string, trimmed (```sh illustration → "sh illustration"). */
  info: string;
  text: string;
}

export interface ProseLine {
  text: string;
  line: number;
}

/** The fenced code blocks and the lines outside them, numbered from 1. */
export function scanMarkdown(markdown: string): { blocks: FencedBlock[]; prose: ProseLine[] } {
  const blocks: FencedBlock[] = [];
  const prose: ProseLine[] = [];
  let open: { fence: string; block: FencedBlock; lines: string[] } | undefined;
  markdown.split("\n").forEach((text, index) => {
    const fence = /^\s*(```|~~~)(.*)$/.exec(text);
    if (open === undefined && fence) {
      const block = { line: index + 1, info: (fence[2] ?? "").trim(), text: "" };
      open = { fence: fence[1] as string, block, lines: [] };
    } else if (open !== undefined && fence?.[1] === open.fence && fence[2]?.trim() === "") {
      blocks.push({ ...open.block, text: open.lines.join("\n") });
      open = undefined;
    } else if (open !== undefined) open.lines.push(text);
    else prose.push({ text, line: index + 1 });
  });
  return { blocks, prose };
}

/**
 * The inline code spans (`like this`) of the prose, with the line each starts on. A span may wrap onto the next
 * line of its paragraph; its text then has a space where the line broke.
 */
export function codeSpansOf(markdown: string): ProseLine[] {
  const spans: ProseLine[] = [];
  let paragraph: ProseLine[] = [];
  const flush = () => {
    const text = paragraph.map((p) => p.text).join("\n");
    for (const match of text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
      const before = text.slice(0, match.index).split("\n").length - 1;
      const line = (paragraph[0]?.line ?? 0) + before;
      spans.push({ text: (match[2] as string).replace(/\n/g, " ").trim(), line });
    }
    paragraph = [];
  };
  let last = 0;
  for (const line of scanMarkdown(markdown).prose) {
    // A blank line, or a fenced block in between, ends the paragraph.
    if (line.text.trim() === "" || line.line !== last + 1) flush();
    if (line.text.trim() !== "") paragraph.push(line);
    last = line.line;
  }
  flush();
  return spans;
}
