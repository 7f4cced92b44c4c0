/** Scales for the small canvas plots (loss per epoch, per-round figures). Pure. */
export interface AxisRange {
  min: number;
  max: number;
  log: boolean;
}

function usable(v: number | null | undefined, log: boolean): v is number {
  return v !== null && v !== undefined && Number.isFinite(v) && (!log || v > 0);
}

/** 0.37 -> 0.4, 7 -> 10, 1300 -> 2000: a top for the axis that reads well. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v - 1e-12) return m * p;
  return 10 * p;
}

/**
 * The range to draw: linear from zero to a nice top, or log over whole decades (losses
 * falling from 1 to 0.001 are a line, not a cliff and a floor). Null when nothing to draw.
 */
export function axisRange(values: ReadonlyArray<number | null | undefined>, log: boolean): AxisRange | null {
  const v = values.filter((x): x is number => usable(x, log));
  if (v.length === 0) return null;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  if (log) {
    const min = 10 ** Math.floor(Math.log10(lo));
    let max = 10 ** Math.ceil(Math.log10(hi));
    if (max <= min) max = min * 10;
    return { min, max, log };
  }
  const min = Math.min(0, lo);
  const max = hi > min ? niceCeil(hi) : min + 1;
  return { min, max, log };
}

/** Height fraction 0 (bottom) .. 1 (top) of a value; null for a value that cannot be drawn. */
export function yFraction(v: number | null | undefined, r: AxisRange): number | null {
  if (!usable(v, r.log)) return null;
  const f = r.log
    ? (Math.log10(v) - Math.log10(r.min)) / (Math.log10(r.max) - Math.log10(r.min))
    : (v - r.min) / (r.max - r.min);
  return Math.max(0, Math.min(1, f));
}

/** Width fraction of point i of n: spread edge to edge, a single point in the middle. */
export function xFraction(i: number, n: number): number {
  return n <= 1 ? 0.5 : i / (n - 1);
}

/** Grid lines: each decade on a log axis, quarters on a linear one. */
export function ticks(r: AxisRange): number[] {
  if (r.log) {
    const out: number[] = [];
    for (let e = Math.round(Math.log10(r.min)); e <= Math.round(Math.log10(r.max)); e++) out.push(10 ** e);
    return out;
  }
  return [0, 0.25, 0.5, 0.75, 1].map((f) => r.min + f * (r.max - r.min));
}

/** Tick labels: short, exponent form for decades far from 1. */
export function tickLabel(v: number, r: AxisRange): string {
  if (v === 0) return '0';
  if (r.log && (v < 0.01 || v >= 1e4)) return `1e${Math.round(Math.log10(v))}`;
  const span = r.max - r.min;
  if (!r.log && span < 0.1) return v.toPrecision(2);
  return Number(v.toPrecision(3)).toString();
}
