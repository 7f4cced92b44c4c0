/**
 * The synthetic operator's offline relabelling, as the app's relabel desk does it with a
 * person: calibrate the reaction time once, then replay the seconds before and during
 * each takeover slowly and drive over them again. The passes are accepted as they are;
 * their alignment with the expert's true actions is measured with and without the
 * reaction-time compensation.
 */
import type { EpisodeData } from '../record/aggregate-types.ts';
import type { Frame } from '../record/frame.ts';
import { estimateShiftMs, type Signal } from '../relabel/alignment.ts';
import { compensatedTime, type RelabelPass } from '../relabel/pass.ts';
import { syntheticRelabel, syntheticReactionTime } from '../relabel/synthetic.ts';
import { DEFAULT_NOISE } from '../sim/expert/human-model.ts';

export interface RelabelSettings {
  /** Replay speed of the passes. */
  speed: number;
  /** Seconds relabelled before each takeover (default 2): the states the policy drove into trouble. */
  preS?: number;
  /** The synthetic operator's true reaction time (s, default 0.25) and its spread over calibration trials. */
  delayS?: number;
  jitterS?: number;
  noiseStd?: readonly number[];
  seed: number;
}

export interface Calibration {
  latencyMs: number;
  sdMs: number;
  trials: number;
  /** Operator seconds the calibration took (foreperiods, answers, letting go). */
  operatorS: number;
}

export interface RelabelledRound {
  passes: RelabelPass[];
  /** Wall seconds of replay the operator drove over. */
  operatorS: number;
  /** Episode seconds relabelled. */
  episodeS: number;
  /** Every pass's track (as recorded and compensated) beside the expert's true actions. */
  alignment: AlignmentSignals;
}

/**
 * Passes laid end to end on one time axis, far enough apart that no shift searched lines
 * one pass up with another: one shift is then fitted to all of them at once, which a
 * single short pass with a drifting hand cannot pin down.
 */
export interface AlignmentSignals {
  raw: Signal;
  compensated: Signal;
  reference: Signal;
  components: number[];
  passes: number;
}

const PASS_GAP_S = 1000;

export const CONTROL_PERIOD_MS = 20;

export function calibrate(s: RelabelSettings): Calibration {
  const r = syntheticReactionTime({ delayS: s.delayS ?? 0.25, jitterS: s.jitterS ?? 0.03, seed: s.seed, trials: 12 });
  if (r.meanMs === null) throw new Error('relabel: the synthetic operator\'s calibration found too few valid trials');
  // Each trial: a 1-2.5 s foreperiod, the answer, and letting go (about 2.2 s on average).
  return { latencyMs: r.meanMs, sdMs: r.sdMs ?? 0, trials: r.resultsMs.length, operatorS: r.resultsMs.length * 2.2 };
}

/** [takeover - preS, handback] per takeover (to the episode's end without one), merged where they touch. */
export function takeoverRanges(frames: readonly Frame[], preS: number): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  const end = frames[frames.length - 1]?.t ?? 0;
  for (let i = 0; i < frames.length; i++) {
    if (!(frames[i] as Frame).events.includes('takeover')) continue;
    const from = Math.max(0, (frames[i] as Frame).t - preS);
    let j = i + 1;
    while (j < frames.length && !(frames[j] as Frame).events.includes('handback')) j++;
    const to = j < frames.length ? (frames[j] as Frame).t : end;
    const prev = ranges[ranges.length - 1];
    if (prev && from <= prev.to) prev.to = Math.max(prev.to, to);
    else if (to > from) ranges.push({ from, to });
  }
  return ranges;
}

export function relabelEpisodes(episodes: readonly EpisodeData[], s: RelabelSettings, cal: Calibration, world: string): RelabelledRound {
  const noiseStd = s.noiseStd ?? DEFAULT_NOISE[world] ?? [0, 0, 0, 0];
  // The components the robot uses: a rover's lateral and vertical commands are always zero.
  const components = (DEFAULT_NOISE[world] ?? [1, 1, 1, 1]).map((v, i) => (v > 0 ? i : -1)).filter((i) => i >= 0);
  const out: RelabelledRound = { passes: [], operatorS: 0, episodeS: 0, alignment: emptySignals(components) };
  episodes.forEach((ep, e) => {
    takeoverRanges(ep.frames, s.preS ?? 2).forEach((range, k) => {
      const pass = syntheticRelabel(ep.frames, {
        id: `${ep.entry.id}-pass-${k}`, episodeId: ep.entry.id, createdAt: new Date(0).toISOString(),
        from: range.from, to: range.to, speed: s.speed, delayS: s.delayS ?? 0.25, noiseStd, seed: s.seed * 7919 + e * 101 + k,
        latencyMs: cal.latencyMs,
      });
      pass.status = 'accepted';
      out.passes.push(pass);
      out.operatorS += (range.to - range.from) / s.speed;
      out.episodeS += range.to - range.from;
      appendPass(out.alignment, trackOf(pass, false), trackOf(pass, true), expertSignal(ep.frames, range));
    });
  });
  return out;
}

export function emptySignals(components: number[]): AlignmentSignals {
  const empty = (): Signal => ({ t: [], a: [] });
  return { raw: empty(), compensated: empty(), reference: empty(), components, passes: 0 };
}

function appendPass(into: AlignmentSignals, raw: Signal, compensated: Signal, reference: Signal): void {
  const offset = into.passes * PASS_GAP_S;
  const add = (to: Signal, from: Signal) => {
    (to.t as number[]).push(...from.t.map((t) => t + offset));
    (to.a as (readonly number[])[]).push(...from.a);
  };
  add(into.raw, raw);
  add(into.compensated, compensated);
  add(into.reference, reference);
  into.passes++;
}

/** Joins another round's signals onto `into`, keeping every pass apart. */
export function mergeSignals(into: AlignmentSignals, more: AlignmentSignals): void {
  for (let p = 0; p < more.passes; p++) {
    const window = (sig: Signal): Signal => {
      const keep = sig.t.map((t, i) => [t, i] as const).filter(([t]) => t >= p * PASS_GAP_S - PASS_GAP_S / 2 && t < (p + 0.5) * PASS_GAP_S);
      return { t: keep.map(([t]) => t - p * PASS_GAP_S), a: keep.map(([, i]) => sig.a[i] as readonly number[]) };
    };
    appendPass(into, window(more.raw), window(more.compensated), window(more.reference));
  }
}

/** One shift (ms) fitted over every pass: as recorded, and compensated. */
export function alignmentErrors(s: AlignmentSignals): { rawMs: number | null; compensatedMs: number | null } {
  const opts = { components: s.components, maxShiftMs: 400, stepMs: 2 };
  return { rawMs: estimateShiftMs(s.raw, s.reference, opts), compensatedMs: estimateShiftMs(s.compensated, s.reference, opts) };
}

function trackOf(pass: RelabelPass, compensated: boolean): Signal {
  const on = pass.samples.filter((x) => x.enable);
  return {
    t: on.map((x) => (compensated ? compensatedTime(x.replayT, pass.latencyMs, pass.speed) : x.replayT)),
    a: on.map((x) => x.action),
  };
}

function expertSignal(frames: readonly Frame[], range: { from: number; to: number }): Signal {
  const inside = frames.filter((f) => f.expert_action && f.t >= range.from - 0.5 && f.t <= range.to + 0.5);
  return { t: inside.map((f) => f.t), a: inside.map((f) => f.expert_action as number[]) };
}

