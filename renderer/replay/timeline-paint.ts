import type { BucketSeries, RelabelPassInfo, ReplayTimeline, ViewDriver } from '../../src/app/contract.ts';
import { actionName } from './replay-logic.ts';
import type { Range } from './replay-logic.ts';
import { actionRange, markerLabel, maxOf, PLOT, timeStep, timeToX, type Span } from './timeline-geometry.ts';

export const DRIVER_CSS: Record<ViewDriver, string> = { operator: '#36d67a', policy: '#4aa3ff', none: '#4a515c' };
/** One colour per action component (ACTION_FIELDS order). */
export const ACTION_CSS = ['#ffd166', '#06d6a0', '#ef476f', '#f28cff'];
/** Longer silences than this (no frames) leave a gap in a curve. */
const MAX_BRIDGE_S = 0.5;
const PASS_CSS: Record<RelabelPassInfo['status'], string | null> = { pending: '#d77bff', accepted: '#36d67a', incomplete: '#8d96a5', discarded: null };

export interface StaticLayer {
  timeline: ReplayTimeline;
  passes: readonly RelabelPassInfo[];
  selection: Range | null;
  loop: Range | null;
}

/** Everything but the playhead, drawn once per change into an offscreen canvas. */
export function paintStatic(ctx: CanvasRenderingContext2D, w: number, h: number, layer: StaticLayer): void {
  const { timeline: tl } = layer;
  const span: Span = { width: w, durationS: tl.durationS };
  const X = (t: number): number => timeToX(t, span);
  const plotBottom = h - PLOT.bottom;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = '#12161b';
  ctx.fillRect(PLOT.left, PLOT.top, w - PLOT.left - PLOT.right, plotBottom - PLOT.top);
  for (const b of tl.bands) {
    ctx.fillStyle = DRIVER_CSS[b.driver];
    ctx.fillRect(X(b.from), PLOT.bandTop, Math.max(1, X(b.to) - X(b.from)), PLOT.bandH);
  }
  for (const p of layer.passes) {
    const color = PASS_CSS[p.status];
    if (!color) continue;
    ctx.fillStyle = color;
    ctx.globalAlpha = p.status === 'incomplete' ? 0.5 : 0.9;
    ctx.fillRect(X(p.from), PLOT.passTop, Math.max(2, X(p.to) - X(p.from)), PLOT.passH);
    ctx.globalAlpha = 1;
  }
  shade(ctx, layer.loop, X, plotBottom, 'rgba(245,165,36,0.12)', '#f5a524');
  shade(ctx, layer.selection, X, plotBottom, 'rgba(215,123,255,0.16)', '#d77bff');
  axis(ctx, w, h, tl.durationS, X);
  const doubtMax = maxOf(tl.doubt);
  if (doubtMax > 0) minMaxBand(ctx, tl.doubt, tl.bucketS, X, (v) => plotBottom - (v / doubtMax) * (plotBottom - PLOT.top), 'rgba(245,165,36,0.28)');
  const r = actionRange(tl);
  const Y = (v: number): number => plotBottom - ((v - r.lo) / (r.hi - r.lo)) * (plotBottom - PLOT.top);
  ctx.strokeStyle = '#2c333d';
  ctx.beginPath();
  ctx.moveTo(PLOT.left, Y(0));
  ctx.lineTo(w - PLOT.right, Y(0));
  ctx.stroke();
  for (const i of tl.activeActions) {
    const color = ACTION_CSS[i % ACTION_CSS.length]!;
    curve(ctx, tl.policy[i], tl.bucketS, X, Y, color, true);
    curve(ctx, tl.operator[i], tl.bucketS, X, Y, color, false);
  }
  for (const p of layer.passes) {
    if (p.status === 'discarded' || p.track.t.length === 0) continue;
    for (const i of tl.activeActions) track(ctx, p, i, X, Y, '#d77bff');
  }
  markers(ctx, tl, X, plotBottom);
  legend(ctx, tl, w);
}

function shade(ctx: CanvasRenderingContext2D, r: Range | null, X: (t: number) => number, bottom: number, fill: string, edge: string): void {
  if (!r) return;
  ctx.fillStyle = fill;
  ctx.fillRect(X(r.from), PLOT.top, X(r.to) - X(r.from), bottom - PLOT.top);
  ctx.strokeStyle = edge;
  ctx.lineWidth = 1;
  for (const t of [r.from, r.to]) {
    ctx.beginPath();
    ctx.moveTo(Math.round(X(t)) + 0.5, PLOT.top);
    ctx.lineTo(Math.round(X(t)) + 0.5, bottom);
    ctx.stroke();
  }
}

function axis(ctx: CanvasRenderingContext2D, w: number, h: number, durationS: number, X: (t: number) => number): void {
  const step = timeStep(durationS, w - PLOT.left - PLOT.right);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#8d96a5';
  ctx.strokeStyle = '#232932';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let t = 0; t <= durationS + 1e-9; t += step) {
    const x = Math.round(X(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, PLOT.top);
    ctx.lineTo(x, h - PLOT.bottom);
    ctx.stroke();
    ctx.fillText(`${Number(t.toFixed(2))} s`, x, h - PLOT.bottom + 3);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.fillText('driver', PLOT.left - 4, PLOT.bandTop + PLOT.bandH / 2);
  ctx.fillText('passes', PLOT.left - 4, PLOT.passTop + PLOT.passH / 2);
}

function minMaxBand(ctx: CanvasRenderingContext2D, s: BucketSeries, bucketS: number, X: (t: number) => number, Y: (v: number) => number, fill: string): void {
  ctx.fillStyle = fill;
  s.min.forEach((lo, i) => {
    const hi = s.max[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) return;
    const x0 = X(i * bucketS), x1 = X((i + 1) * bucketS);
    ctx.fillRect(x0, Y(hi), Math.max(1, x1 - x0), Math.max(1, Y(lo) - Y(hi)));
  });
}

function curve(ctx: CanvasRenderingContext2D, s: BucketSeries | undefined, bucketS: number, X: (t: number) => number, Y: (v: number) => number, color: string, dashed: boolean): void {
  if (!s) return;
  ctx.strokeStyle = color;
  ctx.lineWidth = dashed ? 1.2 : 1.8;
  ctx.setLineDash(dashed ? [4, 3] : []);
  ctx.beginPath();
  // Buckets are finer than the control rate: empty ones between frames are bridged, a real gap is not.
  let last = -Infinity;
  s.min.forEach((lo, i) => {
    const hi = s.max[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) return;
    const t = (i + 0.5) * bucketS;
    if (t - last <= MAX_BRIDGE_S) ctx.lineTo(X(t), Y((lo + hi) / 2));
    else ctx.moveTo(X(t), Y((lo + hi) / 2));
    if (hi - lo > 1e-9) {
      ctx.moveTo(X(t), Y(lo));
      ctx.lineTo(X(t), Y(hi));
      ctx.moveTo(X(t), Y((lo + hi) / 2));
    }
    last = t;
  });
  ctx.stroke();
  ctx.setLineDash([]);
}

function track(ctx: CanvasRenderingContext2D, p: RelabelPassInfo, i: number, X: (t: number) => number, Y: (v: number) => number, color: string): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2.2;
  ctx.globalAlpha = p.status === 'accepted' ? 1 : 0.75;
  ctx.beginPath();
  p.track.t.forEach((t, k) => {
    const v = p.track.action[k]?.[i];
    if (v === undefined) return;
    if (k === 0) ctx.moveTo(X(t), Y(v));
    else ctx.lineTo(X(t), Y(v));
  });
  ctx.stroke();
  ctx.globalAlpha = 1;
}

function markers(ctx: CanvasRenderingContext2D, tl: ReplayTimeline, X: (t: number) => number, bottom: number): void {
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const m of tl.markers) {
    const x = Math.round(X(m.t)) + 0.5;
    const color = m.kind === 'takeover' ? '#36d67a' : m.kind === 'handback' ? '#4aa3ff' : '#e5484d';
    ctx.strokeStyle = color;
    ctx.setLineDash([2, 2]);
    ctx.beginPath();
    ctx.moveTo(x, PLOT.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#0f1216';
    ctx.fillRect(x - 6, PLOT.top, 12, 12);
    ctx.fillStyle = color;
    ctx.fillText(markerLabel(m.kind), x, PLOT.top + 1);
  }
}

function legend(ctx: CanvasRenderingContext2D, tl: ReplayTimeline, w: number): void {
  ctx.font = '10px system-ui, sans-serif';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  const items: Array<[string, string]> = [['solid: operator · dashed: policy ·', '#8d96a5'], ['doubt', 'rgba(245,165,36,0.8)'],
    ...tl.activeActions.map((i): [string, string] => [actionName(i), ACTION_CSS[i % ACTION_CSS.length]!])];
  const widths = items.map(([label]) => ctx.measureText(label).width);
  const total = widths.reduce((a, b) => a + b + 10, 0);
  let x = w - PLOT.right - 4 - total;
  // A backing box, so a curve running along the top does not cross the words.
  ctx.fillStyle = 'rgba(18,22,27,0.9)';
  ctx.fillRect(x - 4, PLOT.top + 1, total + 6, 13);
  items.forEach(([label, color], k) => {
    ctx.fillStyle = color;
    ctx.fillText(label, x, PLOT.top + 2);
    x += widths[k]! + 10;
  });
}
