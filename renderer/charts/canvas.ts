import { axisRange, tickLabel, ticks, xFraction, yFraction, type AxisRange } from './plot-scale.ts';

export interface LineSeries {
  label: string;
  color: string;
  values: ReadonlyArray<number | null>;
  dashed?: boolean;
}

export interface LineChartOptions {
  log?: boolean;
  /** Labels under the x axis, one per point. */
  xLabels?: readonly string[];
  /** Value formatter for the y axis. */
  yLabel?: (v: number, r: AxisRange) => string;
  empty?: string;
}

const PAD = { left: 44, right: 10, top: 10, bottom: 22 };

/** Sizes the backing store to the element's CSS size and the screen's pixel ratio. */
export function fitCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round((canvas.clientWidth || canvas.width) * ratio));
  const h = Math.max(1, Math.round((canvas.clientHeight || canvas.height) * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

/** A small line chart with a grid, for a handful of series of up to a few hundred points. */
export function drawLineChart(canvas: HTMLCanvasElement, series: readonly LineSeries[], opts: LineChartOptions = {}): void {
  const ctx = fitCanvas(canvas);
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.width / ratio;
  const h = canvas.height / ratio;
  const range = axisRange(series.flatMap((s) => s.values), opts.log ?? false);
  ctx.font = '11px system-ui, sans-serif';
  if (!range) {
    ctx.fillStyle = '#8d96a5';
    ctx.textAlign = 'center';
    ctx.fillText(opts.empty ?? 'nothing to plot yet', w / 2, h / 2);
    return;
  }
  const pw = w - PAD.left - PAD.right;
  const ph = h - PAD.top - PAD.bottom;
  const X = (f: number): number => PAD.left + f * pw;
  const Y = (f: number): number => PAD.top + (1 - f) * ph;
  ctx.strokeStyle = '#2c333d';
  ctx.fillStyle = '#8d96a5';
  ctx.lineWidth = 1;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of ticks(range)) {
    const y = Y(yFraction(t, range) ?? 0);
    ctx.beginPath();
    ctx.moveTo(PAD.left, y);
    ctx.lineTo(w - PAD.right, y);
    ctx.stroke();
    ctx.fillText((opts.yLabel ?? tickLabel)(t, range), PAD.left - 4, y);
  }
  const n = Math.max(...series.map((s) => s.values.length));
  if (opts.xLabels) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(pw / 40))));
    opts.xLabels.forEach((label, i) => {
      if (i % every === 0 || i === n - 1) ctx.fillText(label, X(xFraction(i, n)), h - PAD.bottom + 5);
    });
  }
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    let pen = false;
    s.values.forEach((v, i) => {
      const f = yFraction(v, range);
      if (f === null) {
        pen = false;
        return;
      }
      const x = X(xFraction(i, n));
      if (pen) ctx.lineTo(x, Y(f));
      else ctx.moveTo(x, Y(f));
      pen = true;
    });
    ctx.stroke();
    ctx.setLineDash([]);
    s.values.forEach((v, i) => {
      const f = yFraction(v, range);
      if (f === null || n > 40) return;
      ctx.beginPath();
      ctx.arc(X(xFraction(i, n)), Y(f), 2.5, 0, Math.PI * 2);
      ctx.fill();
    });
  }
}
