/**
 * Rollouts as the dataset sees episodes: an entry and its frames, so `aggregate()` turns
 * them into training sets exactly as it does recorded files.
 */
import { PRESET_RULES, type AggregatePreset, type LabelRule } from '../record/aggregate-rules.ts';
import type { EpisodeData } from '../record/aggregate-types.ts';
import type { EpisodeEntry } from '../record/dataset-types.ts';
import type { Frame } from '../record/frame.ts';
import type { RolloutResult } from './rollout-types.ts';

export interface EpisodeTag {
  id: string;
  /** 0 = demonstrations; N = collected with the round-N policy. */
  round: number;
}

export function episodeEntry(r: RolloutResult, tag: EpisodeTag, frames: readonly Frame[] = r.frames): EpisodeEntry {
  const operatorFrames = frames.filter((f) => f.driver === 'operator').length;
  const policyFrames = frames.filter((f) => f.driver === 'policy').length;
  const driven = operatorFrames + policyFrames;
  const last = frames[frames.length - 1];
  return {
    id: tag.id, file: `episodes/${tag.id}.mcap`, round: tag.round,
    start: new Date(0).toISOString(), end: new Date(Math.round((last?.t ?? 0) * 1000)).toISOString(),
    duration_s: last?.t ?? 0, distance_m: r.metrics.distance, frames: frames.length,
    operator_frames: operatorFrames, policy_frames: policyFrames,
    interventions: frames.filter((f) => f.events.includes('takeover')).length,
    operator_share: driven > 0 ? operatorFrames / driven : 0,
    outcome: r.metrics.success ? 'success' : 'failure', notes: `synthetic ${r.mode} rollout`,
    complete: true, quarantined: false, robot: r.world === 'lane' ? 'sim-rover' : 'sim-quadrotor',
    world: r.world, seed: r.seed, policy_version: r.policyVersion, operator: 'synthetic',
    collisions: r.metrics.collisions, departures: r.metrics.departures,
  };
}

/** `frames` defaults to the rollout's; pass a prefix to keep only part of an episode. */
export function toEpisodeData(r: RolloutResult, tag: EpisodeTag, frames: Frame[] = r.frames): EpisodeData {
  return { entry: episodeEntry(r, tag, frames), obsFields: [...r.obsFields], frames };
}

/**
 * Frames that `preset` (or `rule`, which replaces its labelling) would take as samples
 * (tick frames with a label), without building the arrays; `aggregate(...).stats.frames`
 * agrees for finite data.
 */
export function countLabels(episode: EpisodeData, preset: AggregatePreset, rule: LabelRule = PRESET_RULES[preset]): number {
  let n = 0;
  episode.frames.forEach((frame, index) => {
    if (frame.source === 'tick' && 'label' in rule({ entry: episode.entry, index, frame })) n++;
  });
  return n;
}
