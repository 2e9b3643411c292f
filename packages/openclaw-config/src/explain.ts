import {
  type Agent,
  bodyLeaves,
  describeConflict,
  type EffectConflict,
  firstFailedPredicate,
  mergeEffects,
  type NotAppliedEntry,
  type Predicate,
  REMOVE_KEY,
  REQUEST_BODY_KEY,
  type Registry,
  type RouteContext,
  SHAPING_PLUGIN_ID,
  SYSTEM_MESSAGE_KEY,
  sortKeysDeep,
  stagedPlugin,
} from "@model-setup/manifest";
import {
  appliesReasoningEffort,
  byId,
  effectSources,
  type GenerateOptions,
  resolveToolSearch,
  shapingConfig,
  type ToolSearch,
  USER_COMPAT_SOURCE,
} from "./generate.js";
import { INPUTS } from "./inputs.js";

export interface InterventionVerdict {
  id: string;
  package: { name: string; version: string };
  matched: boolean;
  /** The first predicate (in PREDICATES order) that the route fails; absent when matched. */
  failedPredicate?: Predicate;
  /** Its range of OpenClaw releases excludes the one the image was built for, so the build left it out. */
  notAppliedOn?: { release: string; range: string };
  /** Why the defect is known to be real, and when the intervention can go (absent for one left out). */
  evidence?: string[];
  removeWhen?: string;
  /** What upstream NemoClaw's readers do not get of it, and why (absent when they get all of it). */
  upstream?: Registry["interventions"][number]["upstream"];
}

export interface ResultingEffect {
  /** Setting key as mergeEffects names it, e.g. `openclawCompat.maxTokensField` or `openclawPlugins.<id>`. */
  key: string;
  value: unknown;
  source: string;
}

export interface Explanation {
  agent: Agent;
  /** The OpenClaw release the image context was built for, when the registry says. */
  openclawRelease?: string;
  route: RouteContext;
  interventions: InterventionVerdict[];
  effects: ResultingEffect[];
  toolSearch: ToolSearch;
  conflicts: string[];
}

/** What the build left out for the OpenClaw release it targeted (registry.json `openclaw`). */
export interface ReleaseStaging {
  release: string;
  notApplied: readonly NotAppliedEntry[];
}

/** A staged intervention as registry.json lists it: its record, the package it came from, and upstream's view. */
export type StagedIntervention = Pick<Registry["interventions"][number], "manifest" | "package"> &
  Partial<Pick<Registry["interventions"][number], "upstream">>;

/**
 * For a route: every intervention of the agent with its verdict (including the ones the build left out for its
 * OpenClaw release, and why), and the effects the matched ones produce.
 */
export function explainRoute(
  staged: readonly StagedIntervention[],
  agent: Agent,
  route: RouteContext,
  options: Pick<
    GenerateOptions,
    "userCompat" | "userCompatSource" | "directToolDisclosure" | "userToolSearch" | "reasoningEffort"
  > = {},
  staging?: ReleaseStaging,
): Explanation {
  const verdicts = staged
    .filter(({ manifest }) => manifest.agent === agent)
    .map(({ manifest: record, package: pkg, upstream }) => ({
      record,
      pkg,
      upstream,
      failed: firstFailedPredicate(record.match, route),
    }))
    .sort((a, b) => byId(a.record, b.record));
  const interventions: InterventionVerdict[] = verdicts.map(({ record, pkg, upstream, failed }) => ({
    id: record.id,
    package: pkg,
    matched: failed === undefined,
    ...(failed === undefined ? {} : { failedPredicate: failed }),
    evidence: record.evidence,
    removeWhen: record.removeWhen,
    ...(upstream && upstream.dropped.length > 0 ? { upstream } : {}),
  }));
  for (const left of staging?.notApplied ?? []) {
    if (left.agent !== agent || !staging) continue;
    interventions.push({
      id: left.id,
      package: left.package,
      matched: false,
      notAppliedOn: { release: staging.release, range: left.range },
    });
  }
  interventions.sort(byId);
  const matched = verdicts.filter(({ failed }) => failed === undefined).map(({ record }) => record);
  const { merged, conflicts } = mergeEffects(
    effectSources(matched, options.userCompat, options.userCompatSource ?? USER_COMPAT_SOURCE),
  );
  const effects: ResultingEffect[] = [];
  for (const [key, value] of Object.entries(merged.openclawCompat)) {
    effects.push(effectAt(`openclawCompat.${key}`, value, merged.provenance));
  }
  if (merged.toolSearch !== undefined) {
    effects.push(effectAt("openclawTools.toolSearch", merged.toolSearch, merged.provenance));
  }
  if (merged.reasoning) effects.push(effectAt("openclawReasoning", true, merged.provenance));
  for (const { path, value } of bodyLeaves(merged.requestBody)) {
    effects.push(effectAt(`${REQUEST_BODY_KEY}.${path.join(".")}`, value, merged.provenance));
  }
  if (appliesReasoningEffort(route, options.reasoningEffort)) {
    effects.push({
      key: `${REQUEST_BODY_KEY}.reasoning_effort`,
      value: options.reasoningEffort,
      source: INPUTS.reasoningEffort.env,
    });
  }
  for (const field of merged.requestBodyRemove) {
    effects.push(effectAt(`${REMOVE_KEY}.${field}`, true, merged.provenance));
  }
  if (merged.insertSystemMessage) {
    effects.push(effectAt(SYSTEM_MESSAGE_KEY, merged.insertSystemMessage, merged.provenance));
  }
  for (const { source, ...plugin } of merged.plugins) {
    effects.push({ key: `openclawPlugins.${plugin.id}`, value: sortKeysDeep(plugin), source });
  }
  if (shapingConfig(route, merged)) {
    const users = Object.entries(merged.provenance)
      .filter(([key]) => key.startsWith(`${REMOVE_KEY}.`) || key === SYSTEM_MESSAGE_KEY)
      .map(([, source]) => source);
    effects.push({
      key: `openclawPlugins.${SHAPING_PLUGIN_ID}`,
      value: stagedPlugin(SHAPING_PLUGIN_ID),
      source: `shared, applies the request-body changes of ${[...new Set(users)].sort().join(", ")}`,
    });
  }
  return {
    agent,
    ...(staging ? { openclawRelease: staging.release } : {}),
    route,
    interventions,
    effects: effects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    toolSearch: resolveToolSearch(options, merged.toolSearch),
    conflicts: conflicts.map((conflict: EffectConflict) => describeConflict(conflict)),
  };
}

function effectAt(key: string, value: unknown, provenance: Record<string, string>): ResultingEffect {
  return { key, value, source: provenance[key] ?? "unknown" };
}

/** What upstream NemoClaw's readers would not apply of a matched intervention, one line per part. */
function upstreamLines({ upstream }: InterventionVerdict, indent: string): string[] {
  if (!upstream) return [];
  const head = upstream.notStaged
    ? `upstream NemoClaw's readers do not get it (${upstream.notStaged}):`
    : "upstream NemoClaw's readers get it without:";
  return [`${indent}${head}`, ...upstream.dropped.map((gap) => `${indent}  ${gap.pointer}: ${gap.why}`)];
}

/** Human-readable form of an explanation. */
export function formatExplanation(explanation: Explanation): string {
  const { route } = explanation;
  const lines = [
    `route: model=${route.modelId} providerKey=${route.providerKey} inferenceApi=${route.inferenceApi} baseUrl=${route.baseUrl}${route.upstreamProvider === undefined ? "" : ` upstreamProvider=${route.upstreamProvider}`}`,
    ...(explanation.openclawRelease
      ? [`image context built for OpenClaw ${explanation.openclawRelease}`]
      : []),
    `interventions (${explanation.agent}, ${explanation.interventions.length}):`,
  ];
  const width = Math.max(0, ...explanation.interventions.map((verdict) => verdict.id.length));
  for (const verdict of explanation.interventions) {
    const status = verdict.matched
      ? "matched"
      : verdict.notAppliedOn
        ? `not applied on OpenClaw ${verdict.notAppliedOn.release} (its openclaw range is ${JSON.stringify(verdict.notAppliedOn.range)})`
        : `not matched (${verdict.failedPredicate} differs)`;
    lines.push(`  ${verdict.id.padEnd(width)}  ${status}`);
    if (verdict.matched) {
      lines.push(`  ${" ".repeat(width)}    evidence: ${verdict.evidence?.join(", ")}`);
      lines.push(`  ${" ".repeat(width)}    remove when: ${verdict.removeWhen}`);
      lines.push(...upstreamLines(verdict, `  ${" ".repeat(width)}    `));
    }
  }
  lines.push("effects:");
  if (explanation.effects.length === 0) lines.push("  (none)");
  for (const effect of explanation.effects) {
    lines.push(`  ${effect.key} = ${JSON.stringify(effect.value)}  <- ${effect.source}`);
  }
  lines.push(`resulting tools.toolSearch: ${JSON.stringify(explanation.toolSearch)}`);
  if (explanation.conflicts.length > 0) {
    lines.push("conflicts (generate would fail):");
    for (const conflict of explanation.conflicts) lines.push(`  - ${conflict}`);
  }
  return `${lines.join("\n")}\n`;
}
