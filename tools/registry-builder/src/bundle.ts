import { realpathSync, type Stats, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, sep } from "node:path";
import { isInside, SAFE_NAME, sizeBreach, specialBitsBreach } from "@model-setup/discovery";
import type { Plugin } from "esbuild";
import { UNREAD_FOLDERS } from "./cache.js";

const BUILTINS = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/** A file of an installed package: below a node_modules folder (of the package, or wherever pnpm keeps it). */
function isInstalled(packageRealDir: string, path: string): boolean {
  const segments = isInside(packageRealDir, path)
    ? relative(packageRealDir, path).split(sep)
    : path.split(sep);
  return segments.includes("node_modules");
}

/**
 * The package folders a bundle may take files from besides its own: installed dependencies live below a
 * node_modules folder; a workspace dependency is linked there from its own folder, which joins once the package (or
 * a dependency already joined) imports it by name.
 */
class DependencyRoots {
  private readonly roots = new Set<string>();

  constructor(private readonly packageRealDir: string) {}

  /** The dependency folder a file belongs to, if any. */
  rootOf(path: string): string | undefined {
    for (const root of this.roots) if (isInside(root, path)) return root;
    return undefined;
  }

  /** Whether a file comes from a dependency: installed below node_modules, or inside a joined workspace folder. */
  holds(path: string): boolean {
    return isInstalled(this.packageRealDir, path) || this.rootOf(path) !== undefined;
  }

  /** Joins the folder `name` resolves to from `fromDir` (the importer's package), when it is a workspace link. */
  join(fromDir: string, name: string): void {
    try {
      const real = realpathSync(join(fromDir, "node_modules", name));
      if (!real.split(sep).includes("node_modules")) this.roots.add(real);
    } catch {
      // Not linked there: esbuild's own resolution reports it.
    }
  }
}

/** Why the file at `real` may not go into the bundle, if it may not. */
function refusal(
  packageRealDir: string,
  real: string,
  fromDependency: boolean,
  specifier: string,
  dependencies: DependencyRoots,
): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(real);
  } catch {
    return `import "${specifier}" cannot be read`;
  }
  // Checked before esbuild opens it: reading a FIFO would hang the build.
  if (!stats.isFile()) return `import "${specifier}" is not a regular file: plugins bundle plain files only`;
  const breach = sizeBreach(stats) ?? specialBitsBreach(stats);
  if (breach !== undefined) return `import "${specifier}" ${breach}`;
  if (dependencies.holds(real)) {
    return fromDependency
      ? undefined
      : `import "${specifier}" reaches into node_modules: import the dependency by its name`;
  }
  if (!isInside(packageRealDir, real)) {
    return `import "${specifier}" leaves the package (it resolves to ${real}; a tsconfig "paths" entry?): a plugin bundles only its own files and its installed dependencies`;
  }
  const segments = relative(packageRealDir, real).split(sep);
  if (UNREAD_FOLDERS.has(segments[0] as string)) {
    return `import "${specifier}" comes from ${segments[0]}/, which the build cache and turbo do not track: move the code next to the plugin`;
  }
  const odd = segments.find((segment) => !SAFE_NAME.test(segment));
  if (odd !== undefined) return `import "${specifier}" has an odd name (${JSON.stringify(odd)}): rename it`;
  return undefined;
}

/**
 * Keeps a bundle inside its package: every file it takes must be a plain, small file of the package (outside
 * untracked folders) or of a dependency (installed, or a workspace package it declares), whatever resolved it
 * (relative path, tsconfig `paths`, package exports). Bare imports from the package must be declared
 * `dependencies` (they get bundled in); node builtins stay external.
 */
function confine(packageRealDir: string, dependencies: Record<string, string>): Plugin {
  const roots = new DependencyRoots(packageRealDir);
  return {
    name: "confine-to-package",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "confined") return undefined;
        const bare = !args.path.startsWith(".") && !args.path.startsWith("/");
        if (bare && (args.path.startsWith("node:") || BUILTINS.has(args.path))) {
          return { path: args.path, external: true };
        }
        const fromDependency = roots.holds(args.importer);
        if (bare && !fromDependency && !Object.hasOwn(dependencies, packageName(args.path))) {
          return {
            errors: [
              {
                text: `import "${args.path}" is not a dependency of the package: add it to "dependencies" or remove the import`,
              },
            ],
          };
        }
        if (bare) roots.join(roots.rootOf(args.importer) ?? packageRealDir, packageName(args.path));
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "confined",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external) return resolved;
        const why = refusal(
          packageRealDir,
          realpathSync(resolved.path),
          bare || fromDependency,
          args.path,
          roots,
        );
        return why === undefined ? resolved : { errors: [{ text: why }] };
      });
    },
  };
}

/** Bundles a plugin entry into one self-contained ESM file. Same sources give the same bytes. */
export async function bundlePlugin(
  packageDir: string,
  entryFile: string,
  dependencies: Record<string, string>,
): Promise<Buffer> {
  const packageRealDir = realpathSync(packageDir);
  // Loaded on first use: a build whose plugins all come from the cache never starts esbuild.
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: packageRealDir,
    entryPoints: [relative(packageRealDir, entryFile)],
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node22",
    charset: "utf8",
    legalComments: "none",
    sourcemap: false,
    logLevel: "silent",
    plugins: [confine(packageRealDir, dependencies)],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entryFile}`);
  return Buffer.from(output.contents);
}
