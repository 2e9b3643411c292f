/**
 * No package reaches into another package's folder by path: every relative import of every workspace package's
 * code (sources, tests, scripts, benches, e2e cases) resolves inside that package. Code of another package is
 * imported by its name, through a declared dependency (knip checks the declarations). Imports are read from
 * TypeScript's syntax tree, so text that merely looks like an import (inside a string) does not count.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { isInside, readWorkspacePackages } from "../src/index.js";
import { pathsBelow, REPO } from "./repo.js";

const CODE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/** Code files of a package: installs, builds and dot folders left out, declaration files too. */
const codeBelow = (dir: string) =>
  pathsBelow(dir, (entry) => {
    if (entry.name === "node_modules" || entry.name === "dist" || entry.name.startsWith(".")) return "skip";
    if (entry.isDirectory()) return "descend";
    return CODE.test(entry.name) && !entry.name.endsWith(".d.ts") ? "keep" : "skip";
  });

/** The module specifiers of static imports and exports, dynamic `import()` and `require()` calls. */
function specifiersOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if ((isImport || isRequire) && first && ts.isStringLiteralLike(first)) found.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) found.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const workspace = await readWorkspacePackages(REPO);

describe("imports stay inside their package", () => {
  it("reads every workspace package", () => {
    expect(workspace.problems).toEqual([]);
    expect(workspace.packages.length).toBeGreaterThan(1);
  });

  it.each(workspace.packages.map((pkg) => [relative(REPO, pkg.dir), pkg.dir] as const))(
    "%s imports nothing of another package by path",
    (_, dir) => {
      const escapes = codeBelow(dir).flatMap((file) => {
        return specifiersOf(file)
          .filter((specifier) => specifier.startsWith("."))
          .filter((specifier) => !isInside(dir, resolve(dirname(file), specifier)))
          .map((specifier) => `${relative(REPO, file)}: ${specifier}`);
      });
      expect(escapes).toEqual([]);
    },
  );
});
