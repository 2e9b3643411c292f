/**
 * Facts about an installed OpenClaw release, read from its own type declarations rather than kept by hand: the
 * compat keys a model entry accepts (`ModelCompatConfig`) and which of them take a boolean. The type is composed
 * differently per release (2026.7.1 intersects several `Supported…CompatFields` picks, 2026.9.6 derives it from a
 * zod schema), so TypeScript's checker resolves it instead of a text pattern.
 */
import { readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { compareCodePoints } from "@model-setup/manifest";
import ts from "typescript";

/** Compat key → the kind of value it takes ("boolean" or "other"). */
export type CompatFacts = Record<string, "boolean" | "other">;

export interface ReleaseFacts {
  version: string;
  compat: CompatFacts;
}

/** The declaration file of the release that declares `type ModelCompatConfig`. */
function compatDeclarationFile(packageDir: string): string {
  // The real path: imports (zod, typebox) resolve from the release's own node_modules, as pnpm lays them out.
  const dist = join(realpathSync(packageDir), "dist");
  for (const name of readdirSync(dist)
    .filter((n) => n.endsWith(".d.ts"))
    .sort(compareCodePoints)) {
    const file = join(dist, name);
    if (/\btype ModelCompatConfig\b/.test(readFileSync(file, "utf8"))) return file;
  }
  throw new Error(`no declaration of ModelCompatConfig below ${dist}`);
}

function isBooleanValued(checker: ts.TypeChecker, type: ts.Type): boolean {
  const value = checker.getNonNullableType(type);
  if (value.flags & ts.TypeFlags.BooleanLike) return true;
  return value.isUnion() && value.types.every((member) => (member.flags & ts.TypeFlags.BooleanLike) !== 0);
}

/** The facts of the OpenClaw installed at `packageDir` (a folder holding its package.json and dist/). */
export function readReleaseFacts(packageDir: string): ReleaseFacts {
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  const file = compatDeclarationFile(packageDir);
  const program = ts.createProgram([file], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const alias = source?.statements.find(
    (node): node is ts.TypeAliasDeclaration =>
      ts.isTypeAliasDeclaration(node) && node.name.text === "ModelCompatConfig",
  );
  if (!alias) throw new Error(`${file}: ModelCompatConfig is not a type alias here`);
  const type = checker.getTypeAtLocation(alias.name);
  const compat: CompatFacts = {};
  for (const property of [...checker.getPropertiesOfType(type)].sort((a, b) =>
    compareCodePoints(a.name, b.name),
  )) {
    const propertyType = checker.getTypeOfSymbolAtLocation(property, alias);
    compat[property.name] = isBooleanValued(checker, propertyType) ? "boolean" : "other";
  }
  if (Object.keys(compat).length === 0) throw new Error(`${file}: ModelCompatConfig resolved to no keys`);
  return { version, compat };
}
