/**
 * Lock files naming the intervention releases an image context is built from: `name@version` + the registry's
 * sha512 integrity of the tarball. Pure: parsing and hash checking only.
 *
 * Two forms are read:
 * - npm's `package-lock.json` (lockfileVersion 2 or 3): its top-level `node_modules/<name>` entries. Which of
 *   them are interventions is decided by the installed packages' `modelSetup` field, like workspace discovery.
 * - a plain list, every entry an intervention:
 *   `{"interventions": [{"name": "@model-setup/x", "version": "1.2.0", "integrity": "sha512-..."}]}`
 */
import { createHash } from "node:crypto";
import { decodeJson, type Problem, parseWithProblems } from "@model-setup/manifest";
import { z } from "zod";

export interface LockEntry {
  name: string;
  version: string;
  integrity: string;
}

export type LockKind = "npm" | "plain";

export type LockParse =
  | { ok: true; kind: LockKind; entries: LockEntry[] }
  | { ok: false; problems: Problem[] };

const NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const SHA512 = /^sha512-[A-Za-z0-9+/]{86}==$/;

const entrySchema = z.strictObject({
  name: z.string().regex(NAME, "must be an npm package name"),
  version: z.string().regex(VERSION, "must be an exact version such as 1.2.0"),
  integrity: z.string().refine((value) => sriSha512(value) !== undefined, {
    message: "must hold a sha512 integrity (sha512-<base64>) as the registry reports it",
  }),
});

const plainSchema = z.strictObject({ interventions: z.array(entrySchema).min(1, "lists no intervention") });

const npmEntrySchema = z.looseObject({
  version: z.string().optional(),
  integrity: z.string().optional(),
  link: z.boolean().optional(),
});
const npmSchema = z.looseObject({
  lockfileVersion: z.union([z.literal(2), z.literal(3)]),
  packages: z.record(z.string(), npmEntrySchema),
});

/** The sha512 hash (base64) of an SRI string, which may list several hashes. */
export function sriSha512(sri: string): string | undefined {
  const hash = sri
    .trim()
    .split(/\s+/)
    .find((part) => SHA512.test(part.split("?")[0] ?? ""));
  return hash?.split("?")[0]?.slice("sha512-".length);
}

export function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
}

export function integrityMatches(sri: string, bytes: Uint8Array): boolean {
  const expected = sriSha512(sri);
  return expected !== undefined && `sha512-${expected}` === integrityOf(bytes);
}

export function parseLock(text: string, file: string): LockParse {
  const decoded = decodeJson(text, file);
  if (!decoded.ok) return decoded;
  const value = decoded.value;
  if (value !== null && typeof value === "object" && "interventions" in value) {
    const plain = parseWithProblems(plainSchema, value, file);
    if (!plain.ok) return plain;
    return duplicates(file, "plain", plain.data.interventions);
  }
  const npm = npmSchema.safeParse(value);
  if (!npm.success) {
    return {
      ok: false,
      problems: [
        {
          file,
          pointer: "",
          message:
            'neither an npm package-lock.json (lockfileVersion 2 or 3) nor {"interventions": [{name, version, integrity}]}',
        },
      ],
    };
  }
  const entries: LockEntry[] = [];
  const problems: Problem[] = [];
  for (const [key, entry] of Object.entries(npm.data.packages)) {
    const name = topLevelName(key);
    if (name === undefined || entry.link) continue;
    const parsed = parseWithProblems(
      entrySchema,
      { name, version: entry.version, integrity: entry.integrity },
      file,
      ["packages", key],
    );
    if (parsed.ok) entries.push(parsed.data);
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  return duplicates(file, "npm", entries);
}

/** `node_modules/<name>` (not nested under another package) -> name. */
function topLevelName(key: string): string | undefined {
  if (!key.startsWith("node_modules/")) return undefined;
  const name = key.slice("node_modules/".length);
  return name.includes("/node_modules/") ? undefined : name;
}

function duplicates(file: string, kind: LockKind, entries: LockEntry[]): LockParse {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.name)) {
      return {
        ok: false,
        problems: [{ file, pointer: "", message: `${entry.name} is listed twice: one version per package` }],
      };
    }
    seen.add(entry.name);
  }
  return {
    ok: true,
    kind,
    entries: [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
