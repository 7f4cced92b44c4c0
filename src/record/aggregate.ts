/**
 * Turns loaded episodes into training arrays: which frames are samples (the preset's
 * rule), their targets, per-frame weights and where every row came from. Pure: the
 * caller reads the files; nothing here touches the disk or the clock.
 */
import { AGGREGATE_PRESETS, PRESET_RULES, withRelabels, type LabelKind, type LabelRule } from './aggregate-rules.ts';
import type { AggregateOptions, AggregateStats, EpisodeData, PreInterventionOptions, Provenance, SkipCounts, TrainingSet } from './aggregate-types.ts';
import { markEpisode } from './aggregate-marks.ts';
import type { EpisodeEntry } from './dataset-types.ts';
import { ACTION_FIELDS, type Frame, type FrameSource } from './frame.ts';
import { computeWeights, DEFAULT_SIRIUS, FRAME_CLASSES, type FrameClass, type WeightInput, type WeightingScheme } from './weights.ts';

export * from './aggregate-rules.ts';
export type * from './aggregate-types.ts';

export const DEFAULT_PRE_INTERVENTION: PreInterventionOptions = { seconds: 0.5, mode: 'flag', weight: 0.1 };

interface Sample extends WeightInput {
  obs: readonly number[];
  gather: readonly number[] | null;
  action: readonly number[];
  prov: Provenance;
}

/** Quarantine is final: an entry flagged or filed under quarantine/ never trains. */
export function isQuarantined(entry: EpisodeEntry): boolean {
  return entry.quarantined || entry.file.startsWith('quarantine/');
}

export function aggregate(episodes: readonly EpisodeData[], options: AggregateOptions): TrainingSet {
  const { preset } = options;
  if (!AGGREGATE_PRESETS.includes(preset)) throw new Error(`aggregate: unknown preset ${JSON.stringify(preset)}`);
  const rule = presetRule(options);
  const pre = checkWindow(options.preIntervention ?? DEFAULT_PRE_INTERVENTION);
  const weighting: WeightingScheme = options.weighting ?? 'uniform';
  if (!['uniform', 'balanced', 'sirius'].includes(weighting)) throw new Error(`aggregate: unknown weighting ${JSON.stringify(weighting)}`);
  const sources = new Set<FrameSource>(options.sources ?? ['tick']);

  const skipped: SkipCounts = { notSelected: 0, noLabel: 0, nonFinite: 0, malformed: 0, preIntervention: 0, source: 0 };
  const episodeStats = { total: episodes.length, used: 0, quarantined: 0, fieldMismatch: 0 };
  const obsFields = [...(options.obsFields ?? episodes.find((e) => !isQuarantined(e.entry))?.obsFields ?? [])];
  const samples: Sample[] = [];
  let takeovers = 0;

  for (const episode of episodes) {
    const { entry, frames } = episode;
    if (isQuarantined(entry)) { episodeStats.quarantined++; continue; }
    const gather = gatherIndex(episode.obsFields, obsFields);
    if (gather === undefined) { episodeStats.fieldMismatch++; continue; }
    episodeStats.used++;
    const marks = markEpisode(frames, pre.seconds);
    takeovers += marks.takeovers.length;
    for (let index = 0; index < frames.length; index++) {
      const frame = frames[index] as Frame;
      if (!sources.has(frame.source)) { skipped.source++; continue; }
      const decision = rule({ entry, index, frame });
      if ('skip' in decision) {
        if (decision.skip === 'no-label') skipped.noLabel++;
        else skipped.notSelected++;
        continue;
      }
      const { action } = decision;
      if (!Array.isArray(frame.obs) || frame.obs.length !== episode.obsFields.length || action.length !== ACTION_FIELDS.length) { skipped.malformed++; continue; }
      if (!allFinite(frame.obs, gather) || !allFinite(action, null)) { skipped.nonFinite++; continue; }
      const inWindow = marks.preIntervention[index] === 1;
      if (inWindow && pre.mode === 'drop') { skipped.preIntervention++; continue; }
      const intervention = marks.intervention[index] === 1;
      const cls: FrameClass = inWindow ? 'preIntervention' : intervention ? 'intervention' : frame.driver === 'operator' ? 'demonstration' : 'autonomous';
      samples.push({
        obs: frame.obs, gather, action, cls, intervention,
        factor: inWindow && pre.mode === 'downweight' ? (pre.weight as number) : 1,
        prov: { episode: entry.id, round: entry.round, index, t: frame.t, label: decision.label, preIntervention: inWindow, intervention },
      });
    }
  }

  const weight = computeWeights(samples, weighting, { ...DEFAULT_SIRIUS, ...options.sirius });
  const set = fill(samples, obsFields, weight);
  assertNoQuarantine(set.provenance, episodes);
  return { ...set, stats: summarise(samples, weight, { preset, weighting, episodes: episodeStats, takeovers, skipped }) };
}

/** An explicit `rule` still wins; 'hgdagger+relabel' insists on its data even then, so a caller that forgot the passes hears of it. */
function presetRule({ preset, rule, relabels }: AggregateOptions): LabelRule {
  if (preset !== 'hgdagger+relabel') return rule ?? PRESET_RULES[preset];
  if (!relabels) throw new Error("aggregate: preset 'hgdagger+relabel' needs options.relabels (a lookup over the accepted relabel passes, see relabelLookup)");
  return rule ?? withRelabels(PRESET_RULES[preset], relabels);
}

function checkWindow(p: PreInterventionOptions): Required<PreInterventionOptions> {
  const weight = p.weight ?? DEFAULT_PRE_INTERVENTION.weight ?? 0.1;
  if (!(p.seconds >= 0) || !Number.isFinite(p.seconds)) throw new Error(`aggregate: preIntervention.seconds must be >= 0, got ${p.seconds}`);
  if (!['flag', 'drop', 'downweight'].includes(p.mode)) throw new Error(`aggregate: unknown preIntervention.mode ${JSON.stringify(p.mode)}`);
  if (!(weight > 0 && weight <= 1)) throw new Error(`aggregate: preIntervention.weight must be in (0, 1], got ${weight}`);
  return { seconds: p.seconds, mode: p.mode, weight };
}

/** null: same layout; an index per wanted field; undefined: a wanted field is missing. */
function gatherIndex(have: readonly string[], want: readonly string[]): number[] | null | undefined {
  if (have.length === want.length && have.every((f, i) => f === want[i])) return null;
  const at = new Map(have.map((f, i) => [f, i]));
  const index = want.map((f) => at.get(f) ?? -1);
  return index.includes(-1) ? undefined : index;
}

function allFinite(values: readonly unknown[], gather: readonly number[] | null): boolean {
  const n = gather ? gather.length : values.length;
  for (let i = 0; i < n; i++) {
    const v = values[gather ? (gather[i] as number) : i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

function fill(samples: readonly Sample[], obsFields: string[], weight: Float32Array): Omit<TrainingSet, 'stats'> {
  const n = samples.length, d = obsFields.length, a = ACTION_FIELDS.length;
  const obs = new Float32Array(n * d), act = new Float32Array(n * a);
  for (let r = 0; r < n; r++) {
    const s = samples[r] as Sample;
    for (let j = 0; j < d; j++) obs[r * d + j] = s.obs[s.gather ? (s.gather[j] as number) : j] as number;
    for (let j = 0; j < a; j++) act[r * a + j] = s.action[j] as number;
  }
  return { obs, act, weight, provenance: samples.map((s) => s.prov), obsFields, actionFields: [...ACTION_FIELDS] };
}

function assertNoQuarantine(provenance: readonly Provenance[], episodes: readonly EpisodeData[]): void {
  const banned = new Set(episodes.filter((e) => isQuarantined(e.entry)).map((e) => e.entry.id));
  const leak = provenance.find((p) => banned.has(p.episode));
  if (leak) throw new Error(`aggregate: quarantined episode ${leak.episode} reached training (frame ${leak.index})`);
}

function summarise(samples: readonly Sample[], weight: Float32Array, head: Pick<AggregateStats, 'preset' | 'weighting' | 'episodes' | 'takeovers' | 'skipped'>): AggregateStats {
  const byLabel: Record<LabelKind, number> = { operator: 0, expert: 0, relabel: 0 };
  const byRound: Record<string, number> = {};
  const byClass = Object.fromEntries(FRAME_CLASSES.map((c) => [c, { frames: 0, weight: 0 }])) as AggregateStats['byClass'];
  const weightTotals = { intervention: 0, other: 0 };
  samples.forEach((s, i) => {
    const w = weight[i] as number;
    byLabel[s.prov.label]++;
    byRound[String(s.prov.round)] = (byRound[String(s.prov.round)] ?? 0) + 1;
    byClass[s.cls].frames++;
    byClass[s.cls].weight += w;
    if (s.intervention) weightTotals.intervention += w;
    else weightTotals.other += w;
  });
  return { ...head, frames: samples.length, byLabel, byRound, byClass, weightTotals };
}
