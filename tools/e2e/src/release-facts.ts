/**
 * Facts about an installed OpenClaw release, read from its own type declarations rather than kept by hand: the
 * compat keys a model entry accepts (`ModelCompatConfig`) and which of them take a boolean, and the hooks a
 * provider plugin may implement (the function members of what `OpenClawPluginApi.registerProvider` takes, as the
 * public `openclaw/plugin-sdk/plugin-entry` declares it). The types are composed differently per release (2026.7.1
 * intersects several `Supported…CompatFields` picks, 2026.9.6 derives compat from a zod schema), so TypeScript's
 * checker resolves them instead of a text pattern.
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
  /** The provider-plugin hooks the release calls, sorted. */
  providerHooks: string[];
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

function program(files: string[]): ts.Program {
  return ts.createProgram(files, {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
}

/** The type that `file` exports as `name` (directly or re-exported). */
function exportedType(checker: ts.TypeChecker, source: ts.SourceFile, name: string): ts.Type {
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === name);
  if (!exported) throw new Error(`${source.fileName} does not export ${name}`);
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  return checker.getDeclaredTypeOfSymbol(symbol);
}

/** The function-valued members of a type, sorted. */
function hooksOf(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): string[] {
  return checker
    .getPropertiesOfType(type)
    .filter((property) => {
      const member = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, at));
      return member.getCallSignatures().length > 0;
    })
    .map((property) => property.name)
    .sort(compareCodePoints);
}

/**
 * The hooks of the provider a plugin registers: the parameter of `OpenClawPluginApi.registerProvider`, which every
 * release's public plugin entry exports (2026.7.1 does not export `ProviderPlugin` itself).
 */
function registeredProviderHooks(checker: ts.TypeChecker, source: ts.SourceFile): string[] {
  const api = exportedType(checker, source, "OpenClawPluginApi");
  const register = api.getProperty("registerProvider");
  if (!register) throw new Error(`${source.fileName}: OpenClawPluginApi has no registerProvider`);
  const [signature] = checker
    .getNonNullableType(checker.getTypeOfSymbolAtLocation(register, source))
    .getCallSignatures();
  const [parameter] = signature?.getParameters() ?? [];
  if (!parameter) throw new Error(`${source.fileName}: registerProvider takes no provider`);
  return hooksOf(checker, checker.getTypeOfSymbolAtLocation(parameter, source), source);
}

/** The provider hooks a plugin API declaration file offers (this repository's or a release's plugin entry). */
export function providerHooksIn(file: string): string[] {
  const built = program([file]);
  const source = built.getSourceFile(file);
  if (!source) throw new Error(`${file}: not readable`);
  return registeredProviderHooks(built.getTypeChecker(), source);
}

/** The facts of the OpenClaw installed at `packageDir` (a folder holding its package.json and dist/). */
export function readReleaseFacts(packageDir: string): ReleaseFacts {
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  const file = compatDeclarationFile(packageDir);
  const pluginEntry = join(realpathSync(packageDir), "dist", "plugin-sdk", "plugin-entry.d.ts");
  const built = program([file, pluginEntry]);
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(file);
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
  const entry = built.getSourceFile(pluginEntry);
  if (!entry) throw new Error(`${pluginEntry}: not readable`);
  const providerHooks = registeredProviderHooks(checker, entry);
  if (providerHooks.length === 0) throw new Error(`${pluginEntry}: ProviderPlugin resolved to no hooks`);
  return { version, compat, providerHooks };
}
