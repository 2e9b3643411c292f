/**
 * The shell commands the documentation shows, read as the checks need them. Pure, on text.
 *
 * The marking convention (docs/development.md): a fenced block whose info string is `sh`, `bash` or `shell` is a
 * command block and runs as written, in order, in a scratch clone after the README's set-up
 * (test/clone/fresh-clone.test.ts). `sh illustration` marks one that is shown but not run: it needs the network,
 * a checkout of upstream, a terminal, or is a heavy run (`pnpm test`, e2e runs). Every command shown, run or not,
 * still has to name a script, bin, path and flags that exist (test/commands.test.ts and the clone test).
 */

import { codeSpansOf, scanMarkdown } from "./markdown.js";

export const SHELL_LANGUAGES: readonly string[] = ["sh", "bash", "shell"];
export const ILLUSTRATION = "illustration";

export type BlockKind =
  | { kind: "runnable" }
  | { kind: "illustration" }
  | { kind: "other"; language: string }
  | { kind: "invalid"; why: string };

/** What a fenced block is, from its info string. */
export function blockKind(info: string): BlockKind {
  const [language, ...rest] = info.split(/\s+/).filter(Boolean);
  if (language === undefined) {
    return { kind: "invalid", why: "no language: say what the block holds (```sh, ```json, ```text …)" };
  }
  if (!SHELL_LANGUAGES.includes(language)) return { kind: "other", language };
  if (rest.length === 0) return { kind: "runnable" };
  if (rest.length === 1 && rest[0] === ILLUSTRATION) return { kind: "illustration" };
  return {
    kind: "invalid",
    why: `\`${info}\`: a command block is \`${language}\` (run by the test) or \`${language} ${ILLUSTRATION}\` (shown only)`,
  };
}

const OPERATORS = new Set(["&&", "||", ";", "|"]);

/**
 * Shell-like words of one line: split at blanks, quotes group and are removed, an unquoted `#` after a blank
 * starts a comment, and `&&`, `||`, `;`, `|` are words of their own. Nothing is expanded.
 */
export function wordsOf(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const end = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word = (word ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word = word ?? "";
    } else if (c === "\\" && i + 1 < line.length) word = (word ?? "") + line[++i];
    else if (/\s/.test(c)) end();
    else if (c === "#" && word === undefined) break;
    else if (c === ";" || c === "|" || c === "&") {
      const two = line.slice(i, i + 2);
      end();
      const operator = two === "&&" || two === "||" ? two : c;
      words.push(operator);
      i += operator.length - 1;
    } else word = (word ?? "") + c;
  }
  end();
  return words;
}

export interface Command {
  /** Line of the block or file where the command starts, from 1. */
  line: number;
  /** `NAME=value` words before the command. */
  env: string[];
  argv: string[];
}

/**
 * The simple commands of a shell text: lines continued by a trailing backslash joined, comments and blank lines
 * dropped, each line split at `&&`, `||`, `;` and `|`.
 */
export function commandsOf(text: string, firstLine = 1): Command[] {
  const commands: Command[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = firstLine + i;
    let joined = lines[i] as string;
    while (joined.endsWith("\\") && i + 1 < lines.length) joined = `${joined.slice(0, -1)} ${lines[++i]}`;
    let words: string[] = [];
    const flush = () => {
      const split = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
      if (split >= 0) commands.push({ line, env: words.slice(0, split), argv: words.slice(split) });
      words = [];
    };
    for (const word of wordsOf(joined)) {
      if (OPERATORS.has(word)) flush();
      else words.push(word);
    }
    flush();
  }
  return commands;
}

export interface PnpmInvocation {
  /** `--filter` / `-F` selectors. */
  filters: string[];
  recursive: boolean;
  /** The script, bin or pnpm command. */
  name: string;
  args: string[];
}

/** `pnpm [its own flags] <name> [args]`: what pnpm is asked to run; undefined for a bare `pnpm`. */
export function pnpmInvocation(argv: readonly string[]): PnpmInvocation | undefined {
  if (argv[0] !== "pnpm") return undefined;
  const filters: string[] = [];
  let recursive = false;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === "-r" || word === "--recursive") recursive = true;
    else if (word === "--filter" || word === "-F") filters.push(argv[++i] ?? "");
    else if (word.startsWith("--filter=")) filters.push(word.slice("--filter=".length));
    else if (["-C", "--dir"].includes(word)) i++;
    else if (word.startsWith("-")) continue;
    else return { filters, recursive, name: word, args: argv.slice(i + 1) };
  }
  return undefined;
}

/** The long flags (`--name`, without a value) a command text passes. */
export function flagsIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => `--${m[1]}`))];
}

/**
 * The words that name a path in the repository: relative, starting with one of its top-level entries, with no
 * placeholder (`<id>`, `…`, `*`, `$VAR`) in them. A trailing `/` or `:line` is not part of the path.
 */
export function repoPathsOf(words: readonly string[], topLevel: ReadonlySet<string>): string[] {
  return words
    .filter((word) => !/[<>…*$[\]{}]/.test(word) && topLevel.has(word.split("/")[0] as string))
    .filter((word) => word.includes("/") || word.includes("."))
    .map((word) => word.replace(/:\d+$/, "").replace(/\/$/, ""));
}

export interface DocBlock {
  file: string;
  line: number;
  info: string;
  kind: BlockKind;
  text: string;
}

/** Every fenced block of a Markdown file, with what it is. */
export function documentedBlocks(file: string, markdown: string): DocBlock[] {
  return scanMarkdown(markdown).blocks.map((block) => ({ file, ...block, kind: blockKind(block.info) }));
}

export interface DocCommand extends Command {
  file: string;
  /** Where it is shown: a block run by the test, an illustration block, or an inline code span of the prose. */
  shown: "runnable" | "illustration" | "prose";
  /** The text its flags are read from: the command's words, or the whole span (which may show `[--a|--b]`). */
  text: string;
}

/**
 * Every command a Markdown file shows: each simple command of its command blocks, and each inline code span of
 * its prose that starts with `pnpm ` or `node ` (its first simple command; in a table `\|` is a plain `|`).
 */
export function documentedCommands(file: string, markdown: string): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const block of documentedBlocks(file, markdown)) {
    const { kind } = block.kind;
    if (kind !== "runnable" && kind !== "illustration") continue;
    for (const command of commandsOf(block.text, block.line + 1))
      commands.push({ ...command, file, shown: kind, text: command.argv.join(" ") });
  }
  for (const span of codeSpansOf(markdown)) {
    if (!/^(pnpm|node) /.test(span.text)) continue;
    const text = span.text.replace(/\\\|/g, "|");
    const [first] = commandsOf(text, span.line);
    if (first) commands.push({ ...first, file, shown: "prose", text });
  }
  return commands;
}
