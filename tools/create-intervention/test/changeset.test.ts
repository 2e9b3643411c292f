/** The changeset rule (src/changeset.ts): a changeset names public workspace packages only. */
import { describe, expect, it } from "vitest";
import { changesetProblems, changesetText } from "../src/index.js";

const PACKAGES = new Map<string, { private?: unknown }>([
  ["@model-setup/acme-7-managed-inference", {}],
  ["@model-setup/manifest", { private: false }],
  ["@model-setup/intervention-testkit", { private: true }],
]);

describe("the changeset rule", () => {
  it("writes a changeset naming public packages, one line per package, then the summary", () => {
    const written = changesetText(
      [
        { name: "@model-setup/acme-7-managed-inference", type: "minor" },
        { name: "@model-setup/manifest", type: "patch" },
      ],
      "  Acme 7 is carried.\n",
      PACKAGES,
    );
    expect(written).toEqual({
      text: '---\n"@model-setup/acme-7-managed-inference": minor\n"@model-setup/manifest": patch\n---\n\nAcme 7 is carried.\n',
    });
  });

  it("refuses a private package beside public ones (changesets would refuse every pending release)", () => {
    const releases = [
      { name: "@model-setup/manifest", type: "major" as const },
      { name: "@model-setup/intervention-testkit", type: "minor" as const },
    ];
    const problems = [
      '@model-setup/intervention-testkit is private ("private": true): private packages are never versioned, so no changeset may name one',
    ];
    expect(changesetProblems(releases, PACKAGES)).toEqual(problems);
    expect(changesetText(releases, "Mixed.", PACKAGES)).toEqual({ problems });
  });

  it("refuses a private package alone too: it would release nothing", () => {
    expect(changesetProblems([{ name: "@model-setup/intervention-testkit" }], PACKAGES)).toHaveLength(1);
  });

  it("refuses a package the workspace does not have, and a changeset naming none", () => {
    expect(changesetProblems([{ name: "@model-setup/gone" }], PACKAGES)).toEqual([
      "@model-setup/gone is not a package of this workspace",
    ]);
    expect(changesetProblems([], PACKAGES)).toEqual(["it names no package"]);
  });
});
