/**
 * Compat holds nothing free-form: OpenRouter's routing preferences take exactly the shapes OpenClaw declares for
 * them (docs/contract.md, "Compat values"), every string a plain token, every object strict.
 */
import { describe, expect, it } from "vitest";
import { openclawCompatSchema, parseWithProblems } from "../src/index.js";

const routing = (openRouterRouting: unknown) =>
  parseWithProblems(openclawCompatSchema, { openRouterRouting }, "compat.json");

describe("openRouterRouting", () => {
  it.each([
    { sort: "price" },
    { sort: { by: "latency", partition: null } },
    { sort: { by: "throughput", partition: "none" } },
    { max_price: { prompt: 0.5, completion: "1.25", request: 0 } },
    { preferred_min_throughput: 50 },
    { preferred_max_latency: { p50: 1.5, p99: 10 } },
  ])("takes %j, as OpenClaw declares it", (value) => {
    expect(routing(value)).toEqual({ ok: true, data: { openRouterRouting: value } });
  });

  it.each([
    [
      "a key with shell characters",
      { sort: { "$(reboot)": "x" } },
      "/openRouterRouting/sort/$(reboot)",
      /unknown field "\$\(reboot\)"/,
    ],
    [
      "a key OpenClaw does not declare",
      { max_price: { tokens: 1 } },
      "/openRouterRouting/max_price/tokens",
      /unknown field "tokens"/,
    ],
    [
      "a prototype key",
      JSON.parse('{"max_price": {"__proto__": {"x": 1}}}'),
      "/openRouterRouting/max_price/__proto__",
      /unknown field "__proto__"/,
    ],
    [
      "shell in a value",
      { sort: { by: "price; rm -rf ~" } },
      "/openRouterRouting/sort/by",
      /must not contain shell or code characters \(found ";"\)/,
    ],
    [
      "shell in a price",
      { max_price: { prompt: "$(curl evil)" } },
      "/openRouterRouting/max_price/prompt",
      /must not contain shell or code characters \(found "\$"\)/,
    ],
    [
      "a string where a number belongs",
      { preferred_min_throughput: { p50: "50" } },
      "/openRouterRouting/preferred_min_throughput",
      /ModelRoutingPercentiles/,
    ],
    [
      "an unknown percentile",
      { preferred_max_latency: { p42: 1 } },
      "/openRouterRouting/preferred_max_latency/p42",
      /unknown field "p42"/,
    ],
    ["any other shape", { sort: [["price"]] }, "/openRouterRouting/sort", /ModelRoutingSortConfig/],
  ])("refuses %s, naming the place", (_, value, pointer, message) => {
    const result = routing(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({
      file: "compat.json",
      pointer,
      message: expect.stringMatching(message),
    });
  });
});
