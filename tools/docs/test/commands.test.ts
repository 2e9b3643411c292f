/**
 * The commands README.md and docs/*.md show, checked without running them: every fenced block says what it holds
 * and a command block is run by the clone test or marked an illustration; every `pnpm <name>` names a root script
 * (one no pnpm command shadows), a root bin or a pnpm command; every command is one a user's shell has; every
 * repository path shown exists. Running the runnable blocks is test/clone/fresh-clone.test.ts.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  blockKind,
  codeSpansOf,
  commandsOf,
  documentedBlocks,
  documentedCommands,
  flagsIn,
  pnpmInvocation,
  pnpmProblem,
  readWorkspaceCommands,
  repoPathsOf,
  scanMarkdown,
  scriptsPnpmShadows,
  unknownCommands,
  wordsOf,
} from "../src/index.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));

describe("reading commands out of Markdown", () => {
  it("finds fenced blocks with their info strings, and the prose's code spans, also wrapped ones", () => {
    const text = [
      "Run `pnpm e2e` or `turbo run",
      "build`:",
      "",
      "```sh illustration",
      "pnpm test",
      "```",
      "| `pnpm a \\| b` | x |",
    ].join("\n");
    expect(scanMarkdown(text).blocks).toEqual([{ line: 4, info: "sh illustration", text: "pnpm test" }]);
    expect(codeSpansOf(text)).toEqual([
      { text: "pnpm e2e", line: 1 },
      { text: "turbo run build", line: 1 },
      { text: "pnpm a \\| b", line: 7 },
    ]);
  });

  it("tells runnable blocks, illustrations, other languages and unmarked blocks apart", () => {
    expect(blockKind("sh")).toEqual({ kind: "runnable" });
    expect(blockKind("bash illustration")).toEqual({ kind: "illustration" });
    expect(blockKind("json")).toEqual({ kind: "other", language: "json" });
    expect(blockKind("").kind).toBe("invalid");
    expect(blockKind("sh illustrative").kind).toBe("invalid");
  });

  it("splits lines into words and simple commands as a shell would, expanding nothing", () => {
    expect(wordsOf(`A=1 pnpm x --y 'a b' "c"d # comment`)).toEqual(["A=1", "pnpm", "x", "--y", "a b", "cd"]);
    expect(wordsOf("a&&b; c | d")).toEqual(["a", "&&", "b", ";", "c", "|", "d"]);
    expect(commandsOf("# only a comment\nX=1 Y=2 \\\n  node a.js --z && pnpm b\n\npnpm c", 10)).toEqual([
      { line: 11, env: ["X=1", "Y=2"], argv: ["node", "a.js", "--z"] },
      { line: 11, env: [], argv: ["pnpm", "b"] },
      { line: 14, env: [], argv: ["pnpm", "c"] },
    ]);
  });

  it("reads what pnpm is asked to run, past pnpm's own flags", () => {
    expect(pnpmInvocation(["pnpm", "-r", "--filter", "./interventions/*", "publish"])).toEqual({
      filters: ["./interventions/*"],
      recursive: true,
      name: "publish",
      args: [],
    });
    expect(pnpmInvocation(["pnpm", "e2e", "--filter", "x"])?.name).toBe("e2e");
    expect(pnpmInvocation(["pnpm", "--version"])).toBeUndefined();
  });

  it("finds long flags, and paths in the repository without placeholders", () => {
    expect(flagsIn("pnpm e2e [--filter <id>] [--openclaw <v>|all] --timings=FILE -x")).toEqual([
      "--filter",
      "--openclaw",
      "--timings",
    ]);
    const top = new Set(["docs", "packages", "README.md"]);
    expect(
      repoPathsOf(["docs/e2e.md", "packages/<id>/x", "packages/a/", "README.md", "docs", "other/x.md"], top),
    ).toEqual(["docs/e2e.md", "packages/a", "README.md"]);
  });

  it("takes commands from command blocks and from code spans starting with pnpm or node", () => {
    const text = "Try `pnpm a --b` and `c d`.\n\n```sh\npnpm e\n```\n\n```json\n{}\n```\n";
    expect(documentedCommands("f.md", text).map((c) => [c.shown, c.line, c.argv.join(" ")])).toEqual([
      ["runnable", 4, "pnpm e"],
      ["prose", 1, "pnpm a --b"],
    ]);
  });
});

/** README.md and every page of docs/: what a user reads. */
const DOC_FILES = ["README.md", ...readdirSync(join(REPO, "docs")).map((name) => `docs/${name}`)].filter(
  (f) => f.endsWith(".md"),
);
const read = (file: string) => readFileSync(join(REPO, file), "utf8");
const blocks = DOC_FILES.flatMap((file) => documentedBlocks(file, read(file)));
const commands = DOC_FILES.flatMap((file) => documentedCommands(file, read(file)));
const where = (c: { file: string; line: number }) => `${c.file}:${c.line}`;

describe("the commands README.md and docs/ show", async () => {
  const ws = await readWorkspaceCommands(REPO);

  it("every fenced block says what it holds, and a command block is runnable or an illustration", () => {
    const invalid = blocks.flatMap((b) => (b.kind.kind === "invalid" ? [`${where(b)}: ${b.kind.why}`] : []));
    expect(invalid).toEqual([]);
    // The convention is in use: the set-up is shown, and some blocks run.
    expect(blocks.filter((b) => b.kind.kind === "runnable").length).toBeGreaterThan(3);
    expect(blocks.some((b) => b.file === "README.md" && b.kind.kind === "illustration")).toBe(true);
  });

  it("no root script is shadowed by a pnpm command of the same name", async () => {
    expect(await scriptsPnpmShadows(Object.keys(ws.rootScripts))).toEqual([]);
  });

  it("every pnpm command names a root script, a root bin, a package's script or a pnpm command", () => {
    const problems = commands.flatMap((c) => {
      const invocation = pnpmInvocation(c.argv);
      const problem = invocation && pnpmProblem(invocation, ws);
      return problem ? [`${where(c)}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    expect(commands.filter((c) => c.argv[0] === "pnpm").length).toBeGreaterThan(10);
  });

  it("every command in a command block is one a user's shell has (no bare bin of this workspace)", () => {
    const shell = commands.filter((c) => c.shown !== "prose");
    const names = [...new Set(shell.map((c) => c.argv[0] as string))];
    const unknown = new Set(unknownCommands(names, REPO));
    expect(
      shell.filter((c) => unknown.has(c.argv[0] as string)).map((c) => `${where(c)}: ${c.argv[0]}`),
    ).toEqual([]);
  });

  it("every repository path shown exists (built and ignored folders aside)", () => {
    const topLevel = new Set(
      execFileSync("git", ["ls-files"], { cwd: REPO, encoding: "utf8" })
        .split("\n")
        .filter(Boolean)
        .map((path) => path.split("/")[0] as string),
    );
    // git-ignored outputs (dist/, node_modules/, …) exist only after a build or a run.
    const ignored = read(".gitignore")
      .split("\n")
      .map((line) => line.trim().replace(/\/$/, ""))
      .filter((line) => line && !/[*!#]/.test(line));
    const shown = [
      ...commands.flatMap((c) => repoPathsOf(c.argv, topLevel).map((path) => ({ ...c, path }))),
      ...DOC_FILES.flatMap((file) =>
        codeSpansOf(read(file))
          .filter((span) => !/\s/.test(span.text))
          .flatMap((span) =>
            repoPathsOf([span.text], topLevel).map((path) => ({ file, line: span.line, path })),
          ),
      ),
    ];
    expect(shown.length).toBeGreaterThan(10);
    const missing = shown
      .filter(({ path }) => !path.split("/").some((part) => ignored.includes(part)))
      .filter(({ path }) => !existsSync(join(REPO, path)))
      .map((s) => `${where(s)}: ${s.path}`);
    expect(missing).toEqual([]);
  });
});
