/**
 * Builds the CLI as one file, dist/cli.cjs: src/cli.ts with everything it imports (this package, the manifest
 * code, zod, json5) bundled by esbuild; bin/openclaw-config.js runs it. openclaw-config runs once per sandbox
 * start, and generating a config takes about 2 ms: nearly all of an unbundled run (dist/cli.js, tsc's, as is the
 * library entry dist/index.js) was Node resolving, reading and compiling some 150 modules.
 *
 * CommonJS, so that a built-in module is loaded where the code first needs it: the modules only `--out` and
 * `switch` use are imported dynamically (write-commands.ts), and in this format their `require`s of
 * node:fs/promises and node:crypto run with them, where an ES module bundle would hoist those imports to its start.
 *
 * zod registers every locale's messages on a namespace nothing here reads (only the English messages, which zod
 * imports on its own, are ever shown); the locales are a third of zod's code, so the bundle gets English only.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Resolves zod's `../locales/index.js` to a module exporting only `en`, the locale zod itself configures. */
const englishOnlyZod = {
  name: "zod-english-only",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer }) => {
      if (!importer.includes(`${join("node_modules", "zod")}`)) return undefined;
      return { path: join(dirname(importer), "..", "locales", "en.js"), namespace: "zod-locales" };
    });
    esbuild.onLoad({ filter: /.*/, namespace: "zod-locales" }, ({ path }) => ({
      contents: `export { default as en } from ${JSON.stringify(path)};`,
      resolveDir: dirname(path),
      loader: "js",
    }));
  },
};

await build({
  entryPoints: [join(packageDir, "src", "cli.ts")],
  outfile: join(packageDir, "dist", "cli.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  // The oldest Node the repository supports (package.json engines).
  target: "node20.19",
  // Whitespace and syntax only: identifiers keep their names, so an unexpected error's stack stays readable.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [englishOnlyZod],
  logLevel: "warning",
});
