import type { PolicyState } from '../../src/app/contract.ts';
import { fitCanvas } from '../charts/canvas.ts';
import { el, setAttr, setClass, setText } from '../dom.ts';
import { DoubtHistory } from '../policy/doubt-history.ts';
import { doubtBar, thresholdText } from '../policy/format.ts';
import type { Beeper } from '../policy/beeper.ts';

/** Side panel: the ensemble's doubt now (bar against the threshold) and over the last minute (strip). */
export class DoubtMeter {
  private readonly fill = el('div', { class: 'doubt-fill' });
  private readonly mark = el('div', { class: 'doubt-mark' });
  private readonly bar = el('div', { class: 'doubt-bar', testid: 'hud-doubt', 'data-value': '' }, this.fill, this.mark);
  private readonly value = el('span', { class: 'doubt-value', testid: 'hud-doubt-value', text: '–' });
  private readonly threshold = el('div', { class: 'doubt-threshold muted', testid: 'hud-doubt-threshold' });
  private readonly strip = el('canvas', { class: 'doubt-strip', testid: 'hud-doubt-strip', width: 300, height: 56 });
  private readonly mute = el('button', { type: 'button', class: 'mute', testid: 'btn-mute', title: 'Sound when the policy asks for help' });
  private readonly history = new DoubtHistory();
  readonly root: HTMLElement;
  private drawn = -1;

  constructor(private readonly beeper: Beeper) {
    this.mute.addEventListener('click', () => beeper.setMuted(!beeper.muted));
    beeper.onMuted(() => this.showMute());
    this.showMute();
    this.root = el('section', { class: 'panel doubt', testid: 'hud-doubt-panel' },
      el('div', { class: 'doubt-head' }, el('h2', { text: 'Policy doubt' }), this.value, this.mute),
      this.bar, this.threshold, this.strip);
  }

  update(p: PolicyState | undefined, now: number): void {
    const doubt = p?.doubt ?? null;
    const threshold = p?.threshold ?? null;
    const asking = p?.asking === true;
    this.history.push({ t: now, doubt, threshold, asking });
    const g = doubtBar(doubt, threshold);
    setAttr(this.bar, 'data-value', doubt === null ? '' : String(doubt));
    setClass(this.bar, 'asking', asking);
    this.fill.style.width = `${(g.fill * 100).toFixed(1)}%`;
    this.mark.hidden = g.mark === null;
    if (g.mark !== null) this.mark.style.left = `${g.mark * 100}%`;
    setText(this.value, doubt === null ? '–' : doubt.toPrecision(3));
    setText(this.threshold, p?.mode === 'gated' || doubt !== null ? thresholdText(p) : 'no policy driving');
    // The strip moves at most ~10 times a second: enough to read, cheap to draw.
    if (now - this.drawn >= 100 || now < this.drawn) {
      this.drawn = now;
      this.draw(now);
    }
  }

  private draw(now: number): void {
    const ctx = fitCanvas(this.strip);
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = this.strip.width / ratio;
    const h = this.strip.height / ratio;
    // Headroom above the largest value, so a flat line does not hide in the border.
    const max = this.history.scaleMax() * 1.15;
    const y = (v: number): number => h - 2 - (Math.min(v, max) / max) * (h - 4);
    const samples = this.history.list;
    ctx.fillStyle = 'rgba(229, 72, 77, 0.25)';
    for (let i = 0; i < samples.length - 1; i++) {
      const a = samples[i];
      const b = samples[i + 1];
      if (a?.asking && b) {
        const x0 = this.history.xOf(a.t, now) * w;
        ctx.fillRect(x0, 0, Math.max(1, this.history.xOf(b.t, now) * w - x0), h);
      }
    }
    const line = (pick: (s: (typeof samples)[number]) => number | null, color: string, dash: number[]): void => {
      ctx.strokeStyle = color;
      ctx.setLineDash(dash);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      let pen = false;
      for (const s of samples) {
        const v = pick(s);
        if (v === null || !Number.isFinite(v)) {
          pen = false;
          continue;
        }
        const x = this.history.xOf(s.t, now) * w;
        if (pen) ctx.lineTo(x, y(v));
        else ctx.moveTo(x, y(v));
        pen = true;
      }
      ctx.stroke();
    };
    line((s) => s.threshold, '#f5a524', [4, 3]);
    line((s) => s.doubt, '#4aa3ff', []);
    ctx.setLineDash([]);
    ctx.fillStyle = '#8d96a5';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText('−60 s', 2, 10);
  }

  private showMute(): void {
    const muted = this.beeper.muted;
    setAttr(this.mute, 'data-value', String(muted));
    setAttr(this.mute, 'aria-pressed', String(muted));
    setText(this.mute, muted ? 'sound off' : 'sound on');
  }
}
