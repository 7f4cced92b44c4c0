import { REPLAY_SPEEDS, type ReplayState } from '../../src/app/contract.ts';
import { el, setAttr, setText } from '../dom.ts';
import { speedLabel, timecode } from './replay-logic.ts';

export interface TransportHandlers {
  playPause(): void;
  step(frames: number): void;
  seekBy(seconds: number): void;
  speed(speed: number): void;
  loop(): void;
  close(): void;
}

function button(testid: string, label: string, key: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'tool', testid, title }, label, key ? el('kbd', { text: key }) : null);
  b.addEventListener('click', onClick);
  return b;
}

/** Play, pause, step, seek, speed and loop, with the position and frame shown exactly. */
export class TransportBar {
  private readonly play: HTMLButtonElement;
  private readonly loopBtn: HTMLButtonElement;
  private readonly position = el('span', { class: 'transport-pos', testid: 'replay-position', 'data-value': '0' });
  private readonly frame = el('span', { class: 'transport-frame muted', testid: 'replay-frame', 'data-value': '0' });
  private readonly speedSelect = el('select', { testid: 'replay-speed', title: 'Playback speed ([ slower, ] faster)' },
    ...REPLAY_SPEEDS.map((s) => el('option', { value: String(s), text: speedLabel(s) })));
  readonly root: HTMLElement;

  constructor(h: TransportHandlers) {
    this.play = button('btn-replay-play', 'Play', 'Space', 'Play / pause (Space)', () => h.playPause());
    this.loopBtn = button('btn-replay-loop', 'Loop range', 'L', 'Loop the selected range (L; again clears)', () => h.loop());
    this.speedSelect.addEventListener('change', () => {
      h.speed(Number(this.speedSelect.value));
      this.speedSelect.blur();
    });
    this.root = el('div', { class: 'transport' },
      button('btn-replay-back', '−1 s', '←', 'Back 1 s (←; Alt: 10 s; Shift: one frame)', () => h.seekBy(-1)),
      button('btn-replay-step-back', '◀ frame', ',', 'One frame back (,)', () => h.step(-1)),
      this.play,
      button('btn-replay-step', 'frame ▶', '.', 'One frame forward (.)', () => h.step(1)),
      button('btn-replay-fwd', '+1 s', '→', 'Forward 1 s (→; Alt: 10 s; Shift: one frame)', () => h.seekBy(1)),
      el('label', { class: 'transport-speed' }, 'Speed ', this.speedSelect, el('kbd', { text: '[' }), el('kbd', { text: ']' })),
      this.loopBtn, this.position, this.frame, el('span', { class: 'spacer' }),
      button('btn-replay-close', 'Close replay', 'Esc', 'Back to live driving (Esc)', () => h.close()));
  }

  update(s: ReplayState): void {
    this.play.replaceChildren(s.playing ? 'Pause' : 'Play', el('kbd', { text: 'Space' }));
    setAttr(this.play, 'data-value', s.playing ? 'playing' : 'paused');
    setText(this.position, `${timecode(s.positionS)} / ${timecode(s.durationS)}`);
    setAttr(this.position, 'data-value', String(s.positionS));
    setText(this.frame, `frame ${s.frameIndex + 1} / ${s.frameCount}`);
    setAttr(this.frame, 'data-value', String(s.frameIndex));
    if (this.speedSelect.value !== String(s.speed) && this.speedSelect.ownerDocument.activeElement !== this.speedSelect) {
      if (!REPLAY_SPEEDS.some((x) => String(x) === String(s.speed))) {
        this.speedSelect.append(el('option', { value: String(s.speed), text: speedLabel(s.speed) }));
      }
      this.speedSelect.value = String(s.speed);
    }
    setAttr(this.speedSelect, 'data-value', String(s.speed));
    setAttr(this.loopBtn, 'aria-pressed', String(s.loop !== null));
    setText(this.loopBtn.firstChild ?? this.loopBtn, s.loop ? `Looping ${timecode(s.loop.from)}–${timecode(s.loop.to)}` : 'Loop range');
  }
}
