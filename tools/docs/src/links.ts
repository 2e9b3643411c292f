/**
 * Relative links between the repository's Markdown files, and the heading anchors they point at (as GitHub makes
 * them). Pure, on text: the test hands in the files.
 */
import GithubSlugger from "github-slugger";

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Lines outside fenced code blocks, numbered from 1. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((text, index) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) lines.push({ text, line: index + 1 });
  });
  return lines;
}

const withoutCodeSpans = (text: string) => text.replace(/`[^`]*`/g, "");

/** Inline links and images, `[text](target)`, outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
  return proseLines(markdown).flatMap(({ text, line }) =>
    [...withoutCodeSpans(text).matchAll(/\]\(\s*(?:<([^>]+)>|([^)\s]+))(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
      target: (m[1] ?? m[2]) as string,
      line,
    })),
  );
}

/** The anchors of a file's headings as GitHub renders them (`#what-pnpm-turbo-build-produces`, duplicates `-1`). */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    // A heading's anchor comes from its text as rendered: link syntax and code ticks are not part of it.
    const rendered = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    anchors.add(slugger.slug(rendered));
  }
  return anchors;
}

/** A link target this check does not follow: a URL with a scheme (https:, mailto:). */
export function isExternal(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(target);
}
