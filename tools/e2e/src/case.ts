/**
 * The contract between an intervention's e2e case files (`interventions/<id>/e2e/<behaviour>.case.ts`) and the
 * harness. A case file default-exports an {@link E2ECase}; everything except `assert` is plain data, because
 * the mock script travels as JSON into the namespace launcher that runs under Node 24.
 */
import { MANAGED_ROUTE, type RouteContext } from "@model-setup/manifest";
import type { EndpointRule, MockReply } from "./mock/types.js";
import type { E2ERun } from "./run-result.js";

/** The route the config generator is asked for. Defaults: the managed inference route. */
export interface CaseRoute {
  /** Routed model id, e.g. `vendor/model-1` (OpenClaw model ref becomes `<providerKey>/<model>`). */
  model: string;
  providerKey?: string;
  inferenceApi?: string;
  /** Its host is mapped to the loopback mock inside the run's namespace; must be `https://<host>/...`. */
  baseUrl?: string;
  /** The user's `NEMOCLAW_REASONING` (model entry `reasoning`); omitted means the generator's default (false). */
  reasoning?: boolean;
  /** `NEMOCLAW_UPSTREAM_PROVIDER` (which upstream serves the route, e.g. nvidia-prod); omitted means unknown. */
  upstreamProvider?: string;
  /** The user's `NEMOCLAW_REASONING_EFFORT`; omitted means unset. */
  reasoningEffort?: string;
}

/** A route with the managed route's defaults filled in; the upstream provider stays optional. */
export type ResolvedRoute = Required<Omit<CaseRoute, "upstreamProvider" | "reasoningEffort">> &
  Pick<CaseRoute, "upstreamProvider" | "reasoningEffort">;

export interface E2ECase {
  /** `<intervention-id>-<behaviour>`; the harness checks the prefix against the owning package. */
  name: string;
  description: string;
  route: CaseRoute;
  prompt: string;
  mock: MockReply[];
  /**
   * Checks the imitated endpoint makes on every chat request before the script answers (a field it rejects with
   * the status and body users report, a request it never answers). Omitted means every request is answered.
   */
  endpoint?: EndpointRule[];
  /**
   * Exactly the plugin ids the generated config must load for this route (`[]` for a route no plugin matches).
   * The harness checks the config's `plugins.load.paths` and that `openclaw plugins inspect <id> --runtime`
   * reports each one loaded, before `assert` runs.
   */
  plugins: string[];
  /**
   * The user's existing openclaw.json that the generator merges into (`openclaw-config --base`), e.g. request
   * params a user set for the model; omitted means a fresh config.
   */
  baseConfig?: Record<string, unknown>;
  /**
   * The routes the config was on before this case's: it is generated (from `baseConfig`) for the first, then
   * moved with `openclaw-config switch` through the others and finally to `route`. OpenClaw validates the config
   * after every switch. Omitted means generated for `route` directly.
   */
  switchedFrom?: CaseRoute[];
  /** `openclaw agent exec --thinking <level>` (e.g. "high"); omitted means OpenClaw's default. */
  thinking?: string;
  /** Agent deadline passed to `openclaw agent exec --timeout` (seconds). Default 60. */
  timeoutSeconds?: number;
  /**
   * A defect this case has uncovered that is not fixed yet. The run is then REQUIRED to fail, with `symptom`
   * (a substring) in OpenClaw's stderr or in the failure message, while config validation and plugin loading
   * still pass; once the case
   * passes, the harness fails it so the marker gets removed. Never a skip.
   */
  knownIssue?: {
    summary: string;
    symptom: string;
    /** The OpenClaw releases it occurs on; omitted means every supported release. */
    openclaw?: string[];
  };
  /**
   * The OpenClaw releases the case applies on (a semver range); default its intervention's `openclaw` range. On a
   * release outside it the intervention is not staged, and the case is reported as not applicable there (its
   * derived case then proves the intervention is absent).
   */
  openclaw?: string;
  /**
   * How `pnpm e2e --necessity` judges a run of this case with its intervention left out: `assert` itself (the
   * default: a hand-written case asserts what OpenClaw did, not the generated config), a function asserting only
   * behaviour (wire requests, trajectory), or `false` for a case that cannot tell (no known wire form).
   */
  necessity?: false | ((run: E2ERun) => void | Promise<void>);
  /**
   * A case not written yet (what `pnpm create intervention` scaffolds), saying what is missing. It is reported
   * as todo and never run, so it can never count as a pass.
   */
  todo?: string;
  /** Assertions on the recorded trajectory and wire requests; throw (e.g. vitest `expect`) to fail. */
  assert(run: E2ERun): void | Promise<void>;
}

export function resolveRoute(route: CaseRoute): ResolvedRoute {
  return {
    ...(route.upstreamProvider === undefined ? {} : { upstreamProvider: route.upstreamProvider }),
    ...(route.reasoningEffort === undefined ? {} : { reasoningEffort: route.reasoningEffort }),
    reasoning: route.reasoning ?? false,
    model: route.model,
    providerKey: route.providerKey ?? MANAGED_ROUTE.providerKey,
    inferenceApi: route.inferenceApi ?? MANAGED_ROUTE.inferenceApi,
    baseUrl: route.baseUrl ?? MANAGED_ROUTE.baseUrl,
  };
}

/** The route as an intervention's match sees it. */
export function routeContextOf(route: CaseRoute): RouteContext {
  const { model, providerKey, inferenceApi, baseUrl, upstreamProvider } = resolveRoute(route);
  return {
    modelId: model,
    providerKey,
    inferenceApi,
    baseUrl,
    ...(upstreamProvider === undefined ? {} : { upstreamProvider }),
  };
}
