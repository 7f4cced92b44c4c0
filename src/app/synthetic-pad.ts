import type { Clock } from '../base/clock.ts';
import type { InputHub } from '../input/hub.ts';
import type { TeleopMapping } from '../input/mapping.ts';
import { padForTwist } from '../input/mapping-inverse.ts';
import type { Twist } from '../ros/messages.ts';

export interface SyntheticPadOptions {
  clock: Clock;
  hub: InputHub;
  /** The simulator expert's latest command, as the drive session hears it on /sim/expert. */
  expert: () => Twist | null;
  mapping: () => TeleopMapping | null;
  /** Human reaction delay: the pad shows what the expert wanted this long ago. */
  delayMs?: number;
  /** Standard deviation of the noise on each command component, in its units. */
  noiseStd?: number;
  seed?: number;
  rateHz?: number;
}

const SOURCE = 'synthetic-operator';

/**
 * A headless operator: the simulator's expert, delayed and noisy like a person, driving
 * through a virtual gamepad so its commands take the same path (hub, deadman, supervisor,
 * recorder) as a real operator's.
 */
export class SyntheticPad {
  private readonly history: Array<{ t: number; twist: Twist }> = [];
  private cancel: (() => void) | null = null;
  private rng: () => number;
  private started = false;

  constructor(private readonly opts: SyntheticPadOptions) {
    this.rng = mulberry32(opts.seed ?? 1);
  }

  start(): void {
    if (this.cancel) return;
    const period = 1000 / (this.opts.rateHz ?? 50);
    const beat = () => {
      this.tick();
      this.cancel = this.opts.clock.setTimeout(beat, period);
    };
    beat();
  }

  private tick(): void {
    const now = this.opts.clock.now();
    const mapping = this.opts.mapping();
    const expert = this.opts.expert();
    if (expert) this.history.push({ t: now, twist: expert });
    const due = now - (this.opts.delayMs ?? 250);
    while (this.history.length > 1 && (this.history[1]?.t ?? Infinity) <= due) this.history.shift();
    const seen = this.history[0] && this.history[0].t <= due ? this.history[0].twist : null;
    if (!mapping) return;
    // The first report shows enable released, as a pad does when it is plugged in.
    const state = seen && this.started ? padForTwist(this.noisy(seen), mapping) : { axes: [0, 0, 0, 0], buttons: new Array<number>(17).fill(0) };
    this.started = true;
    this.opts.hub.push({ sourceId: SOURCE, kind: 'virtual', label: 'Synthetic operator', state, t: now });
  }

  private noisy(t: Twist): Twist {
    const s = this.opts.noiseStd ?? 0.03;
    const n = () => s * gaussian(this.rng);
    return { linear: { x: t.linear.x + n(), y: t.linear.y + n(), z: t.linear.z + n() }, angular: { x: 0, y: 0, z: t.angular.z + n() } };
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
    this.opts.hub.remove(SOURCE);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
