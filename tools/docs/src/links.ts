/**
 * Relative links between the repository's Markdown files, and the heading anchors they point at (as GitHub makes
 * them). Pure, on text: the test hands in the files.
 */
import GithubSlugger from "github-slugger";
import { scanMarkdown } from "./markdown.js";

export interface MarkdownLink {
  target: string;
  line: number;
}

const withoutCodeSpans = (text: string) => text.replace(/`[^`]*`/g, "");

/** Inline links and images, `[text](target)`, outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
  return scanMarkdown(markdown).prose.flatMap(({ text, line }) =>
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
  for (const { text } of scanMarkdown(markdown).prose) {
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
