import type { RelabelPassInfo, ReplayTimeline } from '../../src/app/contract.ts';
import { el, setHidden, setText } from '../dom.ts';
import { actionName, normalRange, timecode, type Range } from './replay-logic.ts';
import { bucketOf, bucketValue, driverAt, PLOT, timeToX, xToTime } from './timeline-geometry.ts';
import { paintStatic } from './timeline-paint.ts';

export interface TimelineHandlers {
  seek(t: number): void;
  /** Shift+drag chose a range (null: cleared). */
  select(range: Range | null): void;
}

/**
 * Under the view: who drove, doubt, actions, markers and relabel passes over the episode.
 * Everything but the playhead is drawn into an offscreen canvas when it changes, so the
 * 30 Hz position updates only copy that and draw one line.
 */
export class TimelineView {
  private readonly canvas = el('canvas', { class: 'timeline-canvas', testid: 'replay-timeline' });
  private readonly tip = el('div', { class: 'timeline-tip', testid: 'timeline-tip' });
  readonly root = el('div', { class: 'timeline' }, this.canvas, this.tip);
  private readonly layer = document.createElement('canvas');
  private timeline: ReplayTimeline | null = null;
  private passes: readonly RelabelPassInfo[] = [];
  private selection: Range | null = null;
  private loop: Range | null = null;
  private position = 0;
  private dirty = true;
  private drag: { kind: 'seek' } | { kind: 'select'; from: number } | null = null;
  private lastSeekMs = 0;
  private readonly resize = new ResizeObserver(() => {
    this.dirty = true;
    this.draw();
  });

  constructor(private readonly h: TimelineHandlers) {
    this.tip.hidden = true;
    this.resize.observe(this.canvas);
    this.canvas.addEventListener('pointerdown', this.onDown);
    this.canvas.addEventListener('pointermove', this.onMove);
    this.canvas.addEventListener('pointerup', this.onUp);
    this.canvas.addEventListener('pointerleave', () => setHidden(this.tip, true));
  }

  get selected(): Range | null {
    return this.selection;
  }

  setTimeline(tl: ReplayTimeline | null): void {
    this.timeline = tl;
    this.selection = null;
    this.invalidate();
  }

  setPasses(passes: readonly RelabelPassInfo[]): void {
    this.passes = passes;
    this.invalidate();
  }

  setSelection(r: Range | null): void {
    this.selection = r;
    this.canvas.dataset.selection = r ? `${r.from.toFixed(3)}-${r.to.toFixed(3)}` : '';
    this.invalidate();
  }

  setLoop(r: Range | null): void {
    if (r?.from === this.loop?.from && r?.to === this.loop?.to) return;
    this.loop = r;
    this.invalidate();
  }

  setPosition(t: number): void {
    this.position = t;
    this.draw();
  }

  dispose(): void {
    this.resize.disconnect();
  }

  private invalidate(): void {
    this.dirty = true;
    this.draw();
  }

  private size(): { w: number; h: number; ratio: number } {
    return { w: this.canvas.clientWidth, h: this.canvas.clientHeight, ratio: window.devicePixelRatio || 1 };
  }

  private draw(): void {
    const { w, h, ratio } = this.size();
    const tl = this.timeline;
    if (w === 0 || h === 0) return;
    const pw = Math.round(w * ratio), ph = Math.round(h * ratio);
    if (this.canvas.width !== pw || this.canvas.height !== ph) {
      this.canvas.width = pw;
      this.canvas.height = ph;
      this.dirty = true;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pw, ph);
    if (!tl) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.fillStyle = '#8d96a5';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('No timeline for this replay (opened elsewhere?): close and reopen it to see one.', w / 2, h / 2);
      return;
    }
    if (this.dirty) {
      this.layer.width = pw;
      this.layer.height = ph;
      const lctx = this.layer.getContext('2d');
      if (!lctx) return;
      lctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      paintStatic(lctx, w, h, { timeline: tl, passes: this.passes, selection: this.selection, loop: this.loop });
      this.dirty = false;
    }
    ctx.drawImage(this.layer, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const x = Math.round(timeToX(this.position, { width: w, durationS: tl.durationS })) + 0.5;
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, PLOT.bandTop);
    ctx.lineTo(x, h - PLOT.bottom);
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.moveTo(x - 5, PLOT.bandTop - 4);
    ctx.lineTo(x + 5, PLOT.bandTop - 4);
    ctx.lineTo(x, PLOT.bandTop + 3);
    ctx.fill();
  }

  private timeAt(e: PointerEvent): number | null {
    if (!this.timeline) return null;
    const box = this.canvas.getBoundingClientRect();
    return xToTime(e.clientX - box.left, { width: box.width, durationS: this.timeline.durationS });
  }

  private readonly onDown = (e: PointerEvent): void => {
    const t = this.timeAt(e);
    if (t === null || e.button !== 0) return;
    this.canvas.setPointerCapture(e.pointerId);
    if (e.shiftKey) {
      this.drag = { kind: 'select', from: t };
      this.setSelection(null);
    } else {
      this.drag = { kind: 'seek' };
      this.seek(t, true);
    }
    e.preventDefault();
  };

  private readonly onMove = (e: PointerEvent): void => {
    const t = this.timeAt(e);
    if (t === null) return;
    this.hover(e, t);
    if (this.drag?.kind === 'seek') this.seek(t, false);
    else if (this.drag?.kind === 'select') this.setSelection(normalRange(this.drag.from, t, this.timeline!.durationS, 0));
  };

  private readonly onUp = (e: PointerEvent): void => {
    const t = this.timeAt(e);
    const drag = this.drag;
    this.drag = null;
    if (t === null || !drag) return;
    if (drag.kind === 'seek') this.seek(t, true);
    else {
      const r = normalRange(drag.from, t, this.timeline!.durationS);
      this.setSelection(r);
      this.h.select(r);
    }
  };

  /** Dragging asks for a seek at most every 50 ms; the last one always goes. */
  private seek(t: number, force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastSeekMs < 50) return;
    this.lastSeekMs = now;
    this.position = t;
    this.draw();
    this.h.seek(t);
  }

  private hover(e: PointerEvent, t: number): void {
    const tl = this.timeline!;
    const i = bucketOf(tl, t);
    const parts = [timecode(t), driverAt(tl.bands, t)];
    const doubt = bucketValue(tl.doubt, i);
    if (doubt !== null) parts.push(`doubt ${doubt.toFixed(3)}`);
    for (const a of tl.activeActions) {
      const op = bucketValue(tl.operator[a], i), po = bucketValue(tl.policy[a], i);
      const vals = [op === null ? null : `op ${op.toFixed(2)}`, po === null ? null : `policy ${po.toFixed(2)}`].filter(Boolean);
      if (vals.length) parts.push(`${actionName(a)}: ${vals.join(', ')}`);
    }
    const near = tl.markers.filter((m) => Math.abs(m.t - t) < tl.durationS / 200 + 0.05).map((m) => m.kind);
    if (near.length) parts.push(near.join(', '));
    setText(this.tip, parts.join(' · '));
    const box = this.canvas.getBoundingClientRect();
    this.tip.style.left = `${Math.min(box.width - 260, Math.max(0, e.clientX - box.left + 12))}px`;
    setHidden(this.tip, false);
  }
}
