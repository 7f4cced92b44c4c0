/**
 * Accepted relabel passes as the training labels aggregation asks for: per episode, a
 * sparse map from frame index to the relabelled action, built once.
 */
import type { PassStatus } from '../app/contract-replay.ts';
import type { RelabelLookup } from '../record/aggregate-rules.ts';
import type { Frame } from '../record/frame.ts';
import { resampleToFrames, type ResampleOptions } from './alignment.ts';
import type { RelabelPass } from './pass.ts';

/** Oldest first, so that laying passes down in order leaves the newest on top. */
function byAge(a: RelabelPass, b: RelabelPass): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);
}

/** Frame index -> label, per episode; where accepted passes overlap the newest wins. */
export function relabelIndex(passes: readonly RelabelPass[], framesByEpisode: ReadonlyMap<string, readonly Frame[]>, opts: ResampleOptions = {}): Map<string, Map<number, readonly number[]>> {
  const index = new Map<string, Map<number, readonly number[]>>();
  const accepted = passes.filter((p) => p.status === 'accepted').sort(byAge);
  for (const pass of accepted) {
    const frames = framesByEpisode.get(pass.episodeId);
    if (!frames) continue;
    const labels = resampleToFrames(pass, frames.map((f) => f.t), opts);
    let map = index.get(pass.episodeId);
    labels.forEach((label, i) => {
      if (!label) return;
      if (!map) index.set(pass.episodeId, (map = new Map()));
      map.set(i, label);
    });
  }
  return index;
}

/** The lookup `aggregate` takes for the 'hgdagger+relabel' preset; accepted passes only. */
export function relabelLookup(passes: readonly RelabelPass[], framesByEpisode: ReadonlyMap<string, readonly Frame[]>, opts: ResampleOptions = {}): RelabelLookup {
  const index = relabelIndex(passes, framesByEpisode, opts);
  return (episodeId, i) => index.get(episodeId)?.get(i) ?? null;
}

export interface RelabelCoverage {
  episodeId: string;
  frames: number;
  /** Frames an accepted pass gives a label. */
  relabelled: number;
  /** Passes over this episode by status. */
  passes: Record<PassStatus, number>;
}

/** How much of each episode accepted passes cover, for the episode list; sorted by episode id. */
export function relabelCoverage(passes: readonly RelabelPass[], framesByEpisode: ReadonlyMap<string, readonly Frame[]>, opts: ResampleOptions = {}): RelabelCoverage[] {
  const index = relabelIndex(passes, framesByEpisode, opts);
  const out = new Map<string, RelabelCoverage>();
  for (const pass of passes) {
    let c = out.get(pass.episodeId);
    if (!c) {
      c = { episodeId: pass.episodeId, frames: framesByEpisode.get(pass.episodeId)?.length ?? 0, relabelled: index.get(pass.episodeId)?.size ?? 0, passes: { pending: 0, accepted: 0, discarded: 0, incomplete: 0 } };
      out.set(pass.episodeId, c);
    }
    c.passes[pass.status]++;
  }
  return [...out.values()].sort((a, b) => (a.episodeId < b.episodeId ? -1 : a.episodeId > b.episodeId ? 1 : 0));
}
