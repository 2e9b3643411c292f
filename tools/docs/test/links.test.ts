import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { anchorsOf, isExternal, linksOf } from "../src/index.js";

const REPO = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

describe("links and anchors of a Markdown text", () => {
  it("finds inline links outside code, with their lines", () => {
    const text = [
      "See [the contract](docs/contract.md#the-manifest) and ![a picture](img.png).",
      "Not `[this](code.md)`, nor:",
      "```md",
      "[fenced](fenced.md)",
      "```",
      "[last](<with space.md>) [web](https://example.com/x)",
    ].join("\n");
    expect(linksOf(text)).toEqual([
      { target: "docs/contract.md#the-manifest", line: 1 },
      { target: "img.png", line: 1 },
      { target: "with space.md", line: 6 },
      { target: "https://example.com/x", line: 6 },
    ]);
    expect(isExternal("https://example.com/x")).toBe(true);
    expect(isExternal("docs/contract.md")).toBe(false);
  });

  it("makes heading anchors as GitHub does: code ticks and punctuation dropped, duplicates numbered", () => {
    const text =
      "# Title\n## What `pnpm turbo build` produces\n## Who reads it: upstream & us\n## Title\n```\n# not\n```";
    expect([...anchorsOf(text)]).toEqual([
      "title",
      "what-pnpm-turbo-build-produces",
      "who-reads-it-upstream--us",
      "title-1",
    ]);
  });
});

/** Every Markdown file of the repository but generated history (changelogs, pending changesets). */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const skipped = ["node_modules", "dist", ".git", ".turbo", ".changeset", ".e2e-artifacts"];
      return skipped.includes(entry.name) ? [] : markdownFiles(path);
    }
    return entry.name.endsWith(".md") && entry.name !== "CHANGELOG.md" ? [path] : [];
  });
}

describe("the repository's Markdown", () => {
  const files = markdownFiles(REPO);

  it("has no dead relative link and no dead anchor", () => {
    expect(files.map((file) => relative(REPO, file))).toContain(join("docs", "contract.md"));
    const dead: string[] = [];
    for (const file of files) {
      for (const { target, line } of linksOf(readFileSync(file, "utf8"))) {
        if (isExternal(target)) continue;
        const [path = "", anchor] = target.split("#");
        const linked = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
        const where = `${relative(REPO, file)}:${line}: ${target}`;
        if (!linked.startsWith(REPO + sep) && linked !== REPO) dead.push(`${where} (leaves the repository)`);
        else if (!existsSync(linked)) dead.push(`${where} (no such file)`);
        else if (anchor && statSync(linked).isFile() && linked.endsWith(".md")) {
          if (!anchorsOf(readFileSync(linked, "utf8")).has(anchor)) dead.push(`${where} (no such heading)`);
        }
      }
    }
    expect(dead).toEqual([]);
  });
});
