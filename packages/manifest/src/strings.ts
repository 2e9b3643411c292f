// The one function needed, not the semver index, which loads every module of the package (see openclaw-releases.ts).
import validRange from "semver/ranges/valid.js";
import { z } from "zod";

/**
 * String kinds a manifest may hold. Everything but `description` is an identifier, a model id, a relative path
 * or a URL: narrow patterns keep shell and code out of places a generator or Dockerfile could ever interpolate.
 */

export const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]*$/;

/** Characters that start or chain shell code; refused anywhere but free text. */
const SHELL_MARKERS = /[$`;|&<>\\\n\r\t"'*?{}()[\]!#~]/;

export function shellMarkerIn(value: string): string | undefined {
  return SHELL_MARKERS.exec(value)?.[0];
}

export function noShell(what: string) {
  return (value: string, ctx: z.RefinementCtx) => {
    const marker = shellMarkerIn(value);
    if (marker !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `${what} must not contain shell or code characters (found ${JSON.stringify(marker)}); use a plain value`,
      });
    }
  };
}

export const interventionId = z
  .string()
  .min(1, "must not be empty")
  .max(100)
  .regex(ID_PATTERN, "must match ^[a-z0-9][a-z0-9_.-]*$ (lower-case letters, digits, '.', '_', '-')");

export const pluginId = interventionId;

export const modelId = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200)
  .superRefine(noShell("a model id"))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/, "must be a model id such as vendor/model-name:tag");

export const modelIdPrefix = z
  .string()
  .min(1, "must not be empty")
  .max(100)
  .refine((value) => !value.includes("/"), {
    message:
      "a prefix is a bare family name without a namespace: drop everything up to and including the last '/'",
  })
  .superRefine(noShell("a model id prefix"))
  .regex(/^[a-z0-9][a-z0-9._:+-]*$/, "must be a lower-case bare family prefix such as acme-5 or m1");

/** A name used as a key (`what` with its article): letters, digits, `_`, `.`, `-`, never shell or code. */
function keyName(what: string, example: string) {
  return z
    .string()
    .min(1, "must not be empty")
    .max(100)
    .superRefine(noShell(what))
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, `must be ${what} such as ${example}`);
}

export const providerKey = keyName("a provider key", "inference");

/**
 * One piece of evidence that the defect an intervention fixes is real: an upstream issue or pull request
 * (`#3046` in NemoClaw's tracker, or `owner/repo#123`), an https URL, or `e2e:<case name>`, an e2e case of the
 * intervention that fails without it (a test checks the case exists).
 */
export const evidenceRef = z
  .string()
  .max(300)
  .refine(
    (value) =>
      /^(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)?#[1-9][0-9]*$/.test(value) ||
      /^e2e:[a-z0-9][a-z0-9_.-]*$/.test(value) ||
      isHttpsUrl(value),
    "must be an issue reference (#3046, owner/repo#123), an https URL or e2e:<case name>",
  );

function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.includes(".");
  } catch {
    return false;
  }
}

/** Which upstream serves the managed route (NemoClaw's `NEMOCLAW_UPSTREAM_PROVIDER`, e.g. nvidia-prod). */
export const upstreamProvider = keyName("an upstream provider name", "nvidia-prod");

export const inferenceApi = z
  .string()
  .min(1, "must not be empty")
  .max(100)
  .superRefine(noShell("an inference API name"))
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be an API name such as openai-completions");

export const baseUrl = z
  .string()
  .min(1, "must not be empty")
  .max(500)
  .superRefine(noShell("a base URL"))
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[A-Za-z0-9._~%/-]*)?$/,
    "must be an http(s) URL without credentials, query or fragment, such as https://inference.local/v1",
  );

/** A path inside the intervention package: relative, POSIX separators, no `.` or `..` segments. */
export const packageRelativePath = z
  .string()
  .min(1, "must not be empty")
  .max(300)
  .refine((value) => !value.startsWith("/"), {
    message: "must be relative to the package folder, not absolute",
  })
  .refine((value) => !value.split("/").some((segment) => segment === ".." || segment === "."), {
    message: "must not contain '.' or '..' segments: keep the path inside the package",
  })
  .regex(
    /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/,
    "must be a plain relative path such as plugin",
  );

/** An npm package name as npm accepts it for a new package: lower case, URL-safe, optionally scoped. */
export const packageName = z
  .string()
  .max(214)
  .regex(
    /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/,
    "must be an npm package name such as @model-setup/acme-9-managed-inference",
  );

/** A semantic version (semver.org 2.0.0): what the registry and changesets record. */
export const packageVersion = z
  .string()
  .max(100)
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/,
    "must be a semantic version such as 1.2.3",
  );

/**
 * The OpenClaw releases an intervention applies to: a semver range (`>=2026.8.0`, `2026.7.x || >=2026.9.0`).
 * Only the characters of range syntax are allowed, so a range is data and nothing else.
 */
export const openclawRange = z
  .string()
  .max(200)
  .regex(/^[0-9A-Za-z.*^~<>=| -]+$/, 'must be a semver range of OpenClaw releases such as ">=2026.8.0"')
  .refine(
    (range) => range.trim() !== "" && validRange(range) !== null,
    'must be a semver range of OpenClaw releases such as ">=2026.8.0" or "2026.7.x || >=2026.9.0"',
  );

/** Strings inside config values (compat options): plain tokens only. */
export const plainToken = z.string().superRefine(noShell("a config value"));
