/**
 * Putting relabel tracks onto the episode's frames, and measuring how far one signal
 * lags another (to check that reaction-time compensation worked).
 */
import { compensatedTime, type RelabelPass } from './pass.ts';

/** The control period the samples were taken at (wall seconds). */
export const CONTROL_PERIOD_S = 0.02;

export interface ResampleOptions {
  /**
   * Samples further apart than this (episode seconds) are not bridged: the operator let
   * go of enable, or the replay jumped. Default: 3 control periods of replay time.
   */
  maxGapS?: number;
}

/** Slack for times that are sums of a float step: a frame at 1.1 is on a sample at 1.0999999999999999. */
const EPS = 1e-9;

/** Index of the last element <= x in ascending `xs`, or -1. */
export function lastAtOrBefore(xs: ArrayLike<number>, x: number): number {
  let lo = 0, hi = xs.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/**
 * Per frame time, the pass's label at that episode instant (compensated for reaction
 * time, enabled samples only, linearly interpolated), or null where the pass says nothing.
 */
export function resampleToFrames(pass: RelabelPass, frameTimes: readonly number[], opts: ResampleOptions = {}): Array<number[] | null> {
  const maxGapS = opts.maxGapS ?? 3 * CONTROL_PERIOD_S * pass.speed;
  if (!(maxGapS >= 0)) throw new Error(`resampleToFrames: maxGapS must be >= 0, got ${maxGapS}`);
  const points = pass.samples
    .filter((s) => s.enable)
    .map((s) => ({ t: compensatedTime(s.replayT, pass.latencyMs, pass.speed), a: s.action }))
    .sort((x, y) => x.t - y.t);
  const ts = points.map((p) => p.t);
  return frameTimes.map((t) => {
    const i = lastAtOrBefore(ts, t + EPS);
    if (i < 0) return null;
    const p = points[i] as { t: number; a: number[] };
    if (Math.abs(p.t - t) <= EPS) return [...p.a];
    const q = points[i + 1];
    if (!q || q.t - p.t > maxGapS) return null;
    const w = (t - p.t) / (q.t - p.t);
    return p.a.map((v, k) => v + w * ((q.a[k] as number) - v));
  });
}

export interface Signal {
  /** Ascending times (seconds). */
  t: readonly number[];
  /** One action vector per time. */
  a: readonly (readonly number[])[];
}

export interface ShiftOptions {
  /** Scan -maxShiftMs..+maxShiftMs (default 500). */
  maxShiftMs?: number;
  /** Scan step (default 5 ms); the minimum is refined between steps. */
  stepMs?: number;
  /** Action components compared (default all). */
  components?: readonly number[];
}

/**
 * The shift (ms) that best lines `track` up with `reference`: the s minimising the mean
 * squared difference between track(t) and reference(t - s) over their overlap.
 * Sign: positive means the track lags (comes after) the reference, as a late operator's
 * labels do; compensating by s would move the track s earlier. Null without overlap.
 */
export function estimateShiftMs(track: Signal, reference: Signal, opts: ShiftOptions = {}): number | null {
  const maxShiftMs = opts.maxShiftMs ?? 500;
  const stepMs = opts.stepMs ?? 5;
  if (!(maxShiftMs >= 0) || !(stepMs > 0)) throw new Error(`estimateShiftMs: need maxShiftMs >= 0 and stepMs > 0, got ${maxShiftMs}, ${stepMs}`);
  const dims = opts.components ?? (track.a[0] ?? []).map((_, k) => k);
  const steps = Math.floor(maxShiftMs / stepMs);
  const costs: Array<{ mse: number; n: number }> = [];
  for (let k = -steps; k <= steps; k++) costs.push(mismatch(track, reference, (k * stepMs) / 1000, dims));
  // Shifts that overlap only a sliver would win by luck; demand half the best overlap.
  const need = Math.max(2, 0.5 * Math.max(...costs.map((c) => c.n)));
  let best = -1;
  costs.forEach((c, i) => {
    if (c.n >= need && (best < 0 || c.mse < (costs[best] as { mse: number }).mse)) best = i;
  });
  if (best < 0) return null;
  let shift = (best - steps) * stepMs;
  const left = costs[best - 1], mid = costs[best] as { mse: number }, right = costs[best + 1];
  if (left && right && left.n >= need && right.n >= need) {
    const curve = left.mse - 2 * mid.mse + right.mse;
    if (curve > 0) shift += (0.5 * (left.mse - right.mse) / curve) * stepMs;
  }
  return shift;
}

function mismatch(track: Signal, reference: Signal, shiftS: number, dims: readonly number[]): { mse: number; n: number } {
  const rt = reference.t;
  const first = rt[0], last = rt[rt.length - 1];
  let sum = 0, n = 0;
  if (first === undefined || last === undefined) return { mse: Number.POSITIVE_INFINITY, n: 0 };
  for (let i = 0; i < track.t.length; i++) {
    const x = (track.t[i] as number) - shiftS;
    if (x < first || x > last) continue;
    const j = lastAtOrBefore(rt, x);
    const j1 = Math.min(j + 1, rt.length - 1);
    const t0 = rt[j] as number, t1 = rt[j1] as number;
    const w = t1 > t0 ? (x - t0) / (t1 - t0) : 0;
    const a0 = reference.a[j] as readonly number[], a1 = reference.a[j1] as readonly number[];
    const mine = track.a[i] as readonly number[];
    for (const k of dims) {
      const ref = (a0[k] as number) + w * ((a1[k] as number) - (a0[k] as number));
      const d = (mine[k] as number) - ref;
      sum += d * d;
    }
    n++;
  }
  return { mse: n > 0 ? sum / (n * Math.max(1, dims.length)) : Number.POSITIVE_INFINITY, n };
}
