/**
 * What a changeset may name, and the text of one. The rule: a changeset names only versioned packages, that is
 * public packages of the workspace. `.changeset/config.json` never versions private packages
 * (`privatePackages.version: false`), so changesets counts a private package as ignored: named beside public ones
 * it refuses the whole release plan ("Mixed changesets that contain both ignored and not ignored packages"), which
 * stops `changeset status` and `changeset version` for every pending changeset at once; named alone it releases
 * nothing and only looks like a record of a change. So a private package is refused wherever it is named.
 * The importer writes its changesets through `changesetText`, which refuses what the rule refuses; tools/release-tests checks every pending changeset of
 * the repository with `changesetProblems`.
 */
export type Bump = "major" | "minor" | "patch";

export interface ChangesetRelease {
  name: string;
  type: Bump;
}

/** `package.json` fields the rule reads, by package name. */
export type PackagesByName = ReadonlyMap<string, { private?: unknown }>;

/** Why these releases cannot be one changeset, one line each; empty when they can. */
export function changesetProblems(releases: readonly { name: string }[], packages: PackagesByName): string[] {
  if (releases.length === 0) return ["it names no package"];
  const problems: string[] = [];
  for (const { name } of releases) {
    const pkg = packages.get(name);
    if (!pkg) problems.push(`${name} is not a package of this workspace`);
    else if (pkg.private === true) {
      problems.push(
        `${name} is private ("private": true): private packages are never versioned, so no changeset may name one`,
      );
    }
  }
  return problems;
}

/** A changeset file's text, or why the rule refuses these releases. */
export function changesetText(
  releases: readonly ChangesetRelease[],
  summary: string,
  packages: PackagesByName,
): { text: string } | { problems: string[] } {
  const problems = changesetProblems(releases, packages);
  if (problems.length > 0) return { problems };
  const header = releases.map(({ name, type }) => `${JSON.stringify(name)}: ${type}`).join("\n");
  return { text: `---\n${header}\n---\n\n${summary.trim()}\n` };
}
