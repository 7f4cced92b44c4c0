/**
 * The synthetic operator relabels too: it watches a slowed replay and answers with the
 * expert's action for what it saw `delayS` of wall time ago, plus a drifting hand. Its
 * reaction time is measured with the real calibration, so experiments and tests can run
 * the whole relabel loop (calibrate, relabel, compensate, train) unattended.
 */
import type { Frame } from '../record/frame.ts';
import { ColouredNoise } from '../sim/expert/noise.ts';
import { lastAtOrBefore } from './alignment.ts';
import { ManualClock } from './manual-clock.ts';
import type { RelabelPass, RelabelSample } from './pass.ts';
import { ReactionCalibration } from './reaction.ts';

export interface SyntheticRelabelOptions {
  id: string;
  episodeId: string;
  operator?: string;
  createdAt: string;
  /** Episode seconds relabelled. */
  from: number;
  to: number;
  /** Replay speed. */
  speed: number;
  /** The operator's true reaction time, wall seconds (default 0.25). */
  delayS?: number;
  /** Noise std per action component (ACTION_FIELDS order; default none). */
  noiseStd?: readonly number[];
  noiseTauS?: number;
  seed?: number;
  /** Wall seconds between samples (default 0.02). */
  controlPeriodS?: number;
  /** The compensation recorded in the pass (what calibration measured), wall ms. */
  latencyMs: number;
}

/** Slack for times that are sums of a float step. */
const EPS = 1e-9;

export function syntheticRelabel(frames: readonly Frame[], o: SyntheticRelabelOptions): RelabelPass {
  const delayS = o.delayS ?? 0.25, dt = o.controlPeriodS ?? 0.02;
  if (!(o.speed > 0) || !(o.to >= o.from) || !(delayS >= 0) || !(dt > 0)) {
    throw new Error(`syntheticRelabel: need speed > 0, to >= from, delayS >= 0, controlPeriodS > 0; got ${JSON.stringify({ speed: o.speed, from: o.from, to: o.to, delayS, dt })}`);
  }
  if (frames.length === 0) throw new Error(`syntheticRelabel: episode ${o.episodeId} has no frames`);
  const noise = new ColouredNoise(o.noiseStd ?? [0, 0, 0, 0], o.noiseTauS ?? 0.3, o.seed ?? 1);
  const times = frames.map((f) => f.t);
  const ticks = Math.floor((o.to - o.from) / o.speed / dt + EPS);
  const samples: RelabelSample[] = [];
  for (let k = 0; k <= ticks; k++) {
    const w = k * dt;
    const p = o.from + w * o.speed;
    const n = noise.next(k === 0 ? 0 : dt);
    // What was on screen delayS of wall time ago. The replay view moves smoothly between
    // recorded frames (poses are interpolated), so what the operator answers is the expert
    // interpolated the same way; before the first frame, the first frame.
    const expert = expertAt(frames, times, p - delayS * o.speed);
    samples.push({
      wallMs: w * 1000, replayT: p,
      action: expert ? expert.map((v, i) => v + (n[i] ?? 0)) : [0, 0, 0, 0],
      enable: expert !== null,
    });
  }
  return {
    id: o.id, episodeId: o.episodeId, operator: o.operator ?? 'synthetic', from: o.from, to: o.to, speed: o.speed,
    latencyMs: o.latencyMs, createdAt: o.createdAt, status: 'pending', samples,
  };
}

function expertAt(frames: readonly Frame[], times: readonly number[], t: number): number[] | null {
  const i = Math.max(0, lastAtOrBefore(times, t + EPS));
  const a = frames[i] as Frame, b = frames[i + 1];
  if (!a.expert_action) return null;
  if (!b?.expert_action || !(b.t > a.t) || t <= a.t) return a.expert_action;
  const w = Math.min(1, (t - a.t) / (b.t - a.t));
  const next = b.expert_action;
  return a.expert_action.map((v, k) => v + ((next[k] ?? v) - v) * w);
}

export interface SyntheticReactionOptions {
  /** The responder's true reaction time (s). */
  delayS: number;
  /** Its trial-to-trial spread (s, Gaussian). */
  jitterS: number;
  seed?: number;
  trials?: number;
}

export interface SyntheticReactionResult {
  meanMs: number | null;
  sdMs: number | null;
  resultsMs: number[];
}

/** Runs the real calibration against a responder that pushes delayS (+ jitter) after each stimulus. */
export function syntheticReactionTime(o: SyntheticReactionOptions): SyntheticReactionResult {
  const clock = new ManualClock();
  const seed = o.seed ?? 1;
  const calibration = new ReactionCalibration(clock, { seed });
  const jitter = new ColouredNoise([o.jitterS], 0, seed + 1);
  let shown = false;
  calibration.onChange((s) => {
    if (s.stimulus && !shown) {
      const afterMs = Math.max(0, (o.delayS + (jitter.next(0)[0] ?? 0)) * 1000);
      clock.setTimeout(() => {
        calibration.feed([1, 0, 0, 0]);
        clock.setTimeout(() => calibration.feed([0, 0, 0, 0]), 150);
      }, afterMs);
    }
    shown = s.stimulus;
  });
  calibration.feed([0, 0, 0, 0]);
  calibration.start('synthetic', o.trials ?? 12);
  while (calibration.state().state === 'running' && clock.runNext()) { /* run to the end */ }
  const { meanMs, sdMs, resultsMs } = calibration.state();
  calibration.dispose();
  return { meanMs, sdMs, resultsMs };
}
