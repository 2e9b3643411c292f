import { fileURLToPath } from "node:url";
import { discoverWorkspace } from "@model-setup/discovery";
import { extract, type Header } from "tar-stream";
import { assemble } from "../src/index.js";

export {
  addPackage,
  makeWorkspace,
  manifestFor,
  type PackageSpec,
  PLUGIN_MANIFEST,
  pluginFiles,
  withPlugin,
} from "@model-setup/discovery/testing";

/** The builder's command line, as users run it. */
export const CLI = fileURLToPath(new URL("../bin/registry-builder.js", import.meta.url));

/** Every entry of a tar archive, in order: its header and its content. */
export async function readTar(archive: Buffer): Promise<{ header: Header; content: Buffer }[]> {
  const entries: { header: Header; content: Buffer }[] = [];
  const reader = extract();
  reader.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => {
      chunks.push(chunk as Buffer);
    });
    stream.on("end", () => {
      entries.push({ header, content: Buffer.concat(chunks) });
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    reader.on("finish", resolve);
    reader.on("error", reject);
  });
  reader.end(archive);
  await done;
  return entries;
}

export async function assembleWorkspace(root: string) {
  const discovery = await discoverWorkspace(root);
  if (discovery.problems.length > 0) return { ok: false as const, problems: discovery.problems };
  return assemble(discovery.packages);
}

/** The problems of a workspace build, with file paths relative to the workspace root. */
export async function problemsOf(root: string) {
  const result = await assembleWorkspace(root);
  if (result.ok) return [];
  return result.problems.map((p) => ({ ...p, file: p.file.slice(root.length + 1) }));
}
