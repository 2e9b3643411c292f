/**
 * Everything a plugin bundle contains comes from inside its package (outside the folders the build cache and
 * turbo do not track) or from installed dependencies, and is a plain, small file, however it was resolved.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_PLUGIN_FILE_BYTES } from "@model-setup/discovery";
import { describe, expect, it } from "vitest";
import { CLI, makeWorkspace, pluginFiles, problemsOf, withPlugin } from "./workspace.js";

const A = "interventions/a-fix";

function withEntry(entry: string, pkg: Record<string, unknown> = {}) {
  return makeWorkspace({
    [A]: { manifest: withPlugin("a-fix"), files: pluginFiles("p-compat", entry), pkg },
    "interventions/b-fix": {},
  });
}

async function messages(root: string): Promise<string> {
  return (await problemsOf(root)).map((p) => `${p.file}${p.pointer}: ${p.message}`).join("\n");
}

describe("plugin bundle inputs", () => {
  it("refuses a declared dependency that tsconfig paths remap to a sibling package", async () => {
    const root = withEntry(
      'import { x } from "helper";\nexport default { id: "p", register() { x(); } };\n',
      {
        dependencies: { helper: "1.0.0" },
      },
    );
    writeFileSync(join(root, "interventions/b-fix/secret.ts"), 'export const x = () => "from b-fix";\n');
    writeFileSync(
      join(root, A, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { paths: { helper: ["../b-fix/secret.ts"] } } }),
    );
    expect(await messages(root)).toMatch(
      /import "helper" leaves the package \(it resolves to .*b-fix\/secret\.ts/,
    );
  });

  it("refuses a remap to an absolute path, and nothing is written", () => {
    const outside = join(mkdtempSync(join(tmpdir(), "msetup-outside-")), "outside.ts");
    writeFileSync(outside, 'export const x = "s3cr3t-from-outside";\n');
    const root = withEntry('import { x } from "helper";\nexport default { id: x, register() {} };\n', {
      dependencies: { helper: "1.0.0" },
    });
    writeFileSync(
      join(root, A, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { paths: { helper: [outside] } } }),
    );
    const out = join(root, "out");
    const run = spawnSync(process.execPath, [CLI, "build", "--workspace", root, "--out", out], {
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/import "helper" leaves the package/);
    expect(spawnSync("ls", [out]).status).not.toBe(0);
  });

  it("holds files imported from outside plugin/ to the size limit", async () => {
    const root = withEntry(
      'import big from "../../data/big.js";\nexport default { id: big, register() {} };\n',
    );
    mkdirSync(join(root, A, "data"));
    writeFileSync(
      join(root, A, "data/big.js"),
      `export default "${"x".repeat(MAX_PLUGIN_FILE_BYTES + 10)}";\n`,
    );
    expect(await messages(root)).toMatch(
      /import "..\/..\/data\/big.js" is \d+ bytes, over the 1048576-byte limit/,
    );
  });

  it.each(["test", "dist", "e2e", "bench"])(
    "refuses code from %s/, which the cache and turbo do not track",
    async (folder) => {
      const root = withEntry(
        `import { x } from "../../${folder}/shared.js";\nexport default { id: x, register() {} };\n`,
      );
      mkdirSync(join(root, A, folder));
      writeFileSync(join(root, A, folder, "shared.js"), 'export const x = "p";\n');
      expect(await messages(root)).toContain(
        `comes from ${folder}/, which the build cache and turbo do not track`,
      );
    },
  );

  it("refuses an imported FIFO outside plugin/ promptly instead of hanging", () => {
    const root = withEntry('import x from "../../pipe.js";\nexport default { id: x, register() {} };\n');
    expect(spawnSync("mkfifo", [join(root, A, "pipe.js")]).status).toBe(0);
    const run = spawnSync(process.execPath, [CLI, "check", "--workspace", root], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/import "..\/..\/pipe.js" is not a regular file/);
  });

  it("follows a linked folder inside plugin/ and reports what it holds", async () => {
    const root = withEntry('export default { id: "p", register() {} };\n');
    mkdirSync(join(root, A, "shared"));
    writeFileSync(join(root, A, "shared/ok.js"), "export {};\n");
    writeFileSync(join(root, A, "shared/odd name.js"), "export {};\n");
    writeFileSync(join(root, A, "shared/suid.js"), "export {};\n");
    chmodSync(join(root, A, "shared/suid.js"), 0o4755);
    expect(spawnSync("mkfifo", [join(root, A, "shared/fifo")]).status).toBe(0);
    symlinkSync("../../shared", join(root, A, "plugin/src/shared"));
    symlinkSync("..", join(root, A, "shared/loop")); // a cycle ends
    const found = await messages(root);
    expect(found).toMatch(/plugin\/src\/shared\/odd name.js: file names may only use/);
    expect(found).toMatch(/plugin\/src\/shared\/suid.js has setuid/);
    expect(found).toMatch(/plugin\/src\/shared\/fifo is not a regular file or directory/);
  });

  it("still bundles installed dependencies, including their own imports", async () => {
    const root = withEntry('import { x } from "dep";\nexport default { id: x, register() {} };\n', {
      dependencies: { dep: "1.0.0" },
    });
    const dep = join(root, A, "node_modules/dep");
    mkdirSync(join(dep, "lib"), { recursive: true });
    writeFileSync(
      join(dep, "package.json"),
      JSON.stringify({ name: "dep", version: "1.0.0", main: "index.js" }),
    );
    writeFileSync(join(dep, "index.js"), 'export { x } from "./lib/x.js";\n');
    writeFileSync(join(dep, "lib/x.js"), 'export const x = "p-compat";\n');
    expect(await messages(root)).toBe("");
  });
});
