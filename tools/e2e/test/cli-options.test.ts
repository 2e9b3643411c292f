import { describe, expect, it } from "vitest";
import { parseCommand, RUNNER_OPTIONS_ENV, runnerOptionsFrom } from "../src/cli-options.js";

const RELEASES = ["2026.7.1", "2026.8.2", "2026.9.6"];
const command = (...argv: string[]) => parseCommand(argv, RELEASES);

describe("pnpm e2e's command line", () => {
  it("runs every case on the newest release by default, building first", () => {
    expect(command()).toEqual({
      command: {
        kind: "run",
        build: true,
        releases: ["2026.9.6"],
        filters: [],
        cold: false,
        necessity: false,
        docs: false,
      },
    });
  });

  it("takes repeated filters, a release, a shard, --cold and --no-build, or a timings file", () => {
    const parsed = command(
      "--filter",
      "a",
      "--filter=b",
      "--openclaw",
      "2026.8.2",
      "--shard",
      "1/3",
      "--cold",
      "--no-build",
    );
    expect(parsed).toMatchObject({
      command: {
        kind: "run",
        build: false,
        releases: ["2026.8.2"],
        filters: ["a", "b"],
        shard: "1/3",
        cold: true,
      },
    });
    expect(command("--timings", "t.json")).toMatchObject({ command: { timingsFile: "t.json" } });
  });

  it("runs each release for --openclaw all, and the fallback release (E2E_OPENCLAW) without --openclaw", () => {
    expect(command("--openclaw", "all", "--necessity", "--docs")).toMatchObject({
      command: { kind: "run", releases: RELEASES, necessity: true, docs: true },
    });
    expect(parseCommand([], RELEASES, "2026.7.1")).toMatchObject({ command: { releases: ["2026.7.1"] } });
    expect(parseCommand(["--plan"], RELEASES, "2026.7.1")).toEqual({
      command: { kind: "plan", build: true, release: "2026.7.1" },
    });
    expect(parseCommand([], RELEASES, "2025.1.1")).toEqual({
      error: "E2E_OPENCLAW=2025.1.1 is not a supported release (2026.7.1, 2026.8.2, 2026.9.6)",
    });
  });

  it("merges earlier runs for --lifecycle-from, and asks for help with -h", () => {
    expect(command("--lifecycle-from", "a", "--lifecycle-from", "b", "--docs")).toEqual({
      command: { kind: "merge", build: true, sources: ["a", "b"], docs: true },
    });
    expect(command("-h")).toEqual({ command: { kind: "help" } });
  });

  it.each([
    [["--bogus"], /Unknown option '--bogus'/],
    [["stray"], /Unexpected argument 'stray'/],
    [["--filter"], /Option '--filter <value>' argument missing/],
    [["--filter="], /need a value/],
    [["--openclaw", "2025.1.1"], /--openclaw 2025\.1\.1 is not a supported release/],
    [["--lifecycle-from", "a", "--filter", "x"], /only merges the runs earlier jobs recorded/],
    [["--docs", "--necessity"], /--docs writes the whole table/],
    [["--shard", "1/2", "--timings", "t"], /--shard runs part of the cases/],
    [["--plan", "--filter", "x"], /--plan writes the plans of every intervention/],
    [["--openclaw", "all", "--timings", "t"], /--timings times one release/],
  ])("refuses %j", (argv, why) => {
    const parsed = command(...argv);
    expect("error" in parsed && parsed.error).toMatch(why);
  });
});

describe("the runner's one options value", () => {
  it("is every case on the newest release when no CLI handed one", () => {
    expect(runnerOptionsFrom({}, "2026.9.6")).toEqual({ release: "2026.9.6", filters: [], cold: false });
  });

  it("is read back exactly as the CLI wrote it, and refused when it is not one", () => {
    const options = { release: "2026.8.2", filters: ["a"], cold: true, shard: "2/3", necessityFile: "/n" };
    expect(runnerOptionsFrom({ [RUNNER_OPTIONS_ENV]: JSON.stringify(options) }, "2026.9.6")).toEqual(options);
    const stray = JSON.stringify({ ...options, filter: "a" });
    expect(() => runnerOptionsFrom({ [RUNNER_OPTIONS_ENV]: stray }, "2026.9.6")).toThrow(
      /E2E_RUN is not the e2e runner's options/,
    );
  });
});
