import type { BucketSeries, ReplayTimeline, ViewDriver } from '../../src/app/contract.ts';

/** Where the plot sits inside the timeline canvas (CSS pixels). */
export const PLOT = { left: 44, right: 12, bandTop: 4, bandH: 12, passTop: 18, passH: 6, top: 30, bottom: 18 } as const;

export interface Span { width: number; durationS: number }

export function timeToX(t: number, s: Span): number {
  const w = Math.max(1, s.width - PLOT.left - PLOT.right);
  return PLOT.left + (s.durationS > 0 ? Math.max(0, Math.min(1, t / s.durationS)) : 0) * w;
}

export function xToTime(x: number, s: Span): number {
  const w = Math.max(1, s.width - PLOT.left - PLOT.right);
  return Math.max(0, Math.min(s.durationS, ((x - PLOT.left) / w) * s.durationS));
}

export function driverAt(bands: ReplayTimeline['bands'], t: number): ViewDriver {
  return bands.find((b) => t >= b.from && t < b.to)?.driver ?? bands.at(-1)?.driver ?? 'none';
}

/** The bucket's mid value, or null where no frame fell. */
export function bucketValue(series: BucketSeries | undefined, i: number): number | null {
  const lo = series?.min[i], hi = series?.max[i];
  if (lo === null || lo === undefined || hi === null || hi === undefined) return null;
  return (lo + hi) / 2;
}

export function bucketOf(tl: ReplayTimeline, t: number): number {
  return Math.max(0, Math.floor(t / (tl.bucketS > 0 ? tl.bucketS : 1)));
}

/** The y range of the action curves: every active component, operator and policy, with zero in it. */
export function actionRange(tl: ReplayTimeline): { lo: number; hi: number } {
  let lo = 0, hi = 0;
  for (const i of tl.activeActions) {
    for (const s of [tl.operator[i], tl.policy[i]]) {
      for (const v of s?.min ?? []) if (v !== null && Number.isFinite(v)) lo = Math.min(lo, v);
      for (const v of s?.max ?? []) if (v !== null && Number.isFinite(v)) hi = Math.max(hi, v);
    }
  }
  if (hi - lo < 1e-6) return { lo: -1, hi: 1 };
  const pad = (hi - lo) * 0.08;
  return { lo: lo - pad, hi: hi + pad };
}

export function maxOf(series: BucketSeries): number {
  let m = 0;
  for (const v of series.max) if (v !== null && Number.isFinite(v)) m = Math.max(m, v);
  return m;
}

/** Tick spacing for a time axis this long in this many pixels: 1, 2, 5 × 10^n seconds. */
export function timeStep(durationS: number, widthPx: number, minGapPx = 70): number {
  if (durationS <= 0 || widthPx <= 0) return 1;
  const raw = (durationS * minGapPx) / widthPx;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/** Short labels for the markers drawn on the timeline. */
export const MARKER_LABEL: Readonly<Record<string, string>> = {
  takeover: 'T', handback: 'H', collision: '✕', estop: 'E', 'link-lost': 'L', departure: 'D',
};

export function markerLabel(kind: string): string {
  return MARKER_LABEL[kind] ?? (kind.charAt(0).toUpperCase() || '?');
}
