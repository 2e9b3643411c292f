import {
  type Agent,
  describeConflict,
  type EffectConflict,
  firstFailedPredicate,
  mergeEffects,
  type Predicate,
  type RouteContext,
  type SetupRecord,
  sortKeysDeep,
} from "@model-setup/manifest";
import {
  byId,
  effectSources,
  type GenerateOptions,
  resolveToolSearch,
  USER_COMPAT_SOURCE,
} from "./generate.js";

export interface InterventionVerdict {
  id: string;
  package: { name: string; version: string };
  matched: boolean;
  /** The first predicate (in PREDICATES order) that the route fails; absent when matched. */
  failedPredicate?: Predicate;
}

export interface ResultingEffect {
  /** Setting key as mergeEffects names it, e.g. `openclawCompat.maxTokensField` or `openclawPlugins.<id>`. */
  key: string;
  value: unknown;
  source: string;
}

export interface Explanation {
  agent: Agent;
  route: RouteContext;
  interventions: InterventionVerdict[];
  effects: ResultingEffect[];
  toolSearch: boolean;
  conflicts: string[];
}

/** For a route: every intervention of the agent with its verdict, and the effects the matched ones produce. */
export function explainRoute(
  records: readonly SetupRecord[],
  agent: Agent,
  route: RouteContext,
  options: Pick<GenerateOptions, "userCompat" | "userCompatSource" | "toolSearch"> = {},
): Explanation {
  const verdicts = records
    .filter((record) => record.agent === agent)
    .sort(byId)
    .map((record) => ({ record, failed: firstFailedPredicate(record.match, route) }));
  const interventions: InterventionVerdict[] = verdicts.map(({ record, failed }) => ({
    id: record.id,
    package: record.package,
    matched: failed === undefined,
    ...(failed === undefined ? {} : { failedPredicate: failed }),
  }));
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
  for (const { source, ...plugin } of merged.plugins) {
    effects.push({ key: `openclawPlugins.${plugin.id}`, value: sortKeysDeep(plugin), source });
  }
  return {
    agent,
    route,
    interventions,
    effects: effects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    toolSearch: resolveToolSearch(options.toolSearch, merged.toolSearch),
    conflicts: conflicts.map((conflict: EffectConflict) => describeConflict(conflict)),
  };
}

function effectAt(key: string, value: unknown, provenance: Record<string, string>): ResultingEffect {
  return { key, value, source: provenance[key] ?? "unknown" };
}

/** Human-readable form of an explanation. */
export function formatExplanation(explanation: Explanation): string {
  const { route } = explanation;
  const lines = [
    `route: model=${route.modelId} providerKey=${route.providerKey} inferenceApi=${route.inferenceApi} baseUrl=${route.baseUrl}`,
    `interventions (${explanation.agent}, ${explanation.interventions.length}):`,
  ];
  const width = Math.max(0, ...explanation.interventions.map((verdict) => verdict.id.length));
  for (const verdict of explanation.interventions) {
    const status = verdict.matched ? "matched" : `not matched (${verdict.failedPredicate} differs)`;
    lines.push(`  ${verdict.id.padEnd(width)}  ${status}`);
  }
  lines.push("effects:");
  if (explanation.effects.length === 0) lines.push("  (none)");
  for (const effect of explanation.effects) {
    lines.push(`  ${effect.key} = ${JSON.stringify(effect.value)}  <- ${effect.source}`);
  }
  lines.push(`resulting tools.toolSearch: ${explanation.toolSearch}`);
  if (explanation.conflicts.length > 0) {
    lines.push("conflicts (generate would fail):");
    for (const conflict of explanation.conflicts) lines.push(`  - ${conflict}`);
  }
  return `${lines.join("\n")}\n`;
}
