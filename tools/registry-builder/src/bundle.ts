import { realpathSync } from "node:fs";
import { builtinModules } from "node:module";
import { relative } from "node:path";
import type { Plugin } from "esbuild";
import { isInside } from "./plugin-tree.js";

const BUILTINS = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/**
 * Keeps a bundle inside its package: relative imports may not leave it, bare imports must be declared
 * `dependencies` of the package (they get bundled in), node builtins stay external.
 */
function confine(packageRealDir: string, dependencies: Record<string, string>): Plugin {
  return {
    name: "confine-to-package",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "confined") return undefined;
        const bare = !args.path.startsWith(".") && !args.path.startsWith("/");
        if (bare && (args.path.startsWith("node:") || BUILTINS.has(args.path))) {
          return { path: args.path, external: true };
        }
        if (bare && !Object.hasOwn(dependencies, packageName(args.path))) {
          return {
            errors: [
              {
                text: `import "${args.path}" is not a dependency of the package: add it to "dependencies" or remove the import`,
              },
            ],
          };
        }
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "confined",
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (!bare && !resolved.external && !isInside(packageRealDir, realpathSync(resolved.path))) {
          return {
            errors: [{ text: `import "${args.path}" leaves the package: plugins must be self-contained` }],
          };
        }
        return resolved;
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
