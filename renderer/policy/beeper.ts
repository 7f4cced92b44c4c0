const MUTE_KEY = 'intervene.mute';

/**
 * The "policy unsure" beep. Browsers refuse sound before the user has touched the page,
 * so the audio context is only made after a first key or click; until then, and while
 * muted, `beep` does nothing (the visual cue always shows).
 */
export class Beeper {
  private ctx: AudioContext | null = null;
  private gestured = false;
  private mutedNow: boolean;
  private readonly listeners: Array<(muted: boolean) => void> = [];
  private readonly onGesture = (): void => {
    this.gestured = true;
    this.win.removeEventListener('pointerdown', this.onGesture, true);
    this.win.removeEventListener('keydown', this.onGesture, true);
  };

  constructor(private readonly win: Window) {
    this.mutedNow = readMuted(win);
    win.addEventListener('pointerdown', this.onGesture, true);
    win.addEventListener('keydown', this.onGesture, true);
  }

  get muted(): boolean {
    return this.mutedNow;
  }

  setMuted(on: boolean): void {
    this.mutedNow = on;
    try {
      this.win.localStorage.setItem(MUTE_KEY, on ? '1' : '0');
    } catch {
      // Storage may be off (private window); the toggle still holds for this session.
    }
    for (const l of this.listeners) l(on);
  }

  onMuted(listener: (muted: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Two short rising tones: distinct from any OS notification sound. */
  beep(): void {
    if (this.mutedNow || !this.gestured) return;
    const Ctor = (this.win as Window & { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctor) return;
    this.ctx ??= new Ctor();
    const ctx = this.ctx;
    if (ctx.state === 'suspended') void ctx.resume();
    const start = ctx.currentTime + 0.01;
    [660, 990].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      const t0 = start + i * 0.14;
      osc.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.12);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.13);
    });
  }
}

function readMuted(win: Window): boolean {
  try {
    return win.localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}
