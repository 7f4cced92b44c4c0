import type { OperatorInfo, RelabelPassInfo, ReplayState } from '../../src/app/contract.ts';
import { el, setAttr, setClass, setHidden, setText } from '../dom.ts';
import { PassList } from './pass-list.ts';
import { latencyText, RELABEL_DEFAULT_SPEED, RELABEL_SPEEDS, speedLabel, timecode, type Range } from './replay-logic.ts';

export interface RelabelHandlers {
  nextIntervention(): void;
  start(speed: number): void;
  stop(keep: boolean): void;
  calibrate(): void;
  setPassStatus(pass: RelabelPassInfo, status: 'accepted' | 'discarded'): void;
  showPass(pass: RelabelPassInfo): void;
}

function button(testid: string, label: string, key: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', testid, title }, label, el('kbd', { text: key }));
  b.addEventListener('click', onClick);
  return b;
}

/** Relabelling: the range, the speed, the operator's latency, the pass running now, and the passes kept. */
export class RelabelPanel {
  private readonly range = el('span', { class: 'relabel-range', testid: 'relabel-range' });
  private readonly speed = el('select', { testid: 'relabel-speed', title: 'Speed of the relabel pass' },
    ...RELABEL_SPEEDS.map((s) => el('option', { value: String(s), text: speedLabel(s) })));
  private readonly startBtn: HTMLButtonElement;
  private readonly keepBtn: HTMLButtonElement;
  private readonly discardBtn: HTMLButtonElement;
  private readonly latency = el('span', { class: 'relabel-latency', testid: 'relabel-latency' });
  private readonly live = el('div', { class: 'relabel-live', testid: 'relabel-live', role: 'status' });
  readonly passes: PassList;
  readonly root: HTMLElement;

  constructor(h: RelabelHandlers) {
    this.speed.value = String(RELABEL_DEFAULT_SPEED);
    this.speed.addEventListener('change', () => this.speed.blur());
    this.startBtn = button('btn-relabel-start', 'Start relabel pass', 'R', 'Replay the range slowly and record your stick as labels while LB / Shift is held (R)', () => h.start(Number(this.speed.value)));
    this.keepBtn = button('btn-relabel-keep', 'Stop & keep', 'Enter', 'End the pass and keep it as pending (Enter)', () => h.stop(true));
    this.discardBtn = button('btn-relabel-discard', 'Stop & discard', '⌫', 'End the pass and throw it away (Backspace)', () => h.stop(false));
    this.passes = new PassList({ setStatus: (p, s) => h.setPassStatus(p, s), chosen: (p) => h.showPass(p) });
    this.root = el('section', { class: 'relabel', testid: 'relabel-panel' },
      el('div', { class: 'relabel-row' },
        el('strong', { text: 'Relabel' }), this.range,
        button('btn-next-intervention', 'Seconds before next takeover', 'I', 'Select [takeover − 3 s, takeover + 1 s], cycling through the takeovers (I)', () => h.nextIntervention()),
        el('label', {}, 'at ', this.speed), this.startBtn, this.keepBtn, this.discardBtn),
      el('div', { class: 'relabel-row' }, this.latency,
        button('btn-calibrate', 'Measure reaction time', 'J', 'Reaction-time calibration: labels are shifted by it (J)', () => h.calibrate())),
      this.live, this.passes.root);
    this.update(null, null, null);
  }

  update(s: ReplayState | null, selection: Range | null, op: OperatorInfo | null): void {
    const running = s?.relabel ?? null;
    setText(this.range, selection ? `range ${timecode(selection.from)}–${timecode(selection.to)}` : 'no range: Shift+drag on the timeline, or I');
    setClass(this.range, 'muted', selection === null);
    this.startBtn.disabled = selection === null || running !== null || s === null;
    setHidden(this.startBtn, running !== null);
    setHidden(this.keepBtn, running === null);
    setHidden(this.discardBtn, running === null);
    this.speed.disabled = running !== null;
    const lat = latencyText(op);
    setText(this.latency, lat.text);
    setClass(this.latency, 'warn', !lat.measured);
    setAttr(this.latency, 'data-measured', String(lat.measured));
    setHidden(this.live, running === null);
    setAttr(this.root, 'data-running', String(running !== null));
    if (running && s) {
      const done = Math.max(0, Math.min(1, (s.positionS - running.from) / Math.max(1e-6, running.to - running.from)));
      setText(this.live, `${running.labelling ? '● LABELLING' : '○ hold LB / Shift to label'} · pass ${timecode(running.from)}–${timecode(running.to)} at ${speedLabel(running.speed)} · ${Math.round(done * 100)} % · ${running.samples} samples · shifted by ${Math.round(running.latencyMs)} ms`);
      setClass(this.live, 'labelling', running.labelling);
    }
  }

  selectedSpeed(): number {
    return Number(this.speed.value);
  }
}
