/**
 * Seeded Gaussian noise with an optional correlation time (Ornstein-Uhlenbeck): a
 * human hand drifts rather than jitters, so successive samples are related. The
 * stationary standard deviation is `std` whatever the step or the time constant.
 */
import { createRng, type Rng } from '../world/prng.ts';

export class ColouredNoise {
  private readonly rng: Rng;
  private readonly state: Float64Array;
  private spare: number | null = null;

  constructor(private readonly std: readonly number[], private readonly tauS: number, seed: number) {
    if (!std.every((s) => Number.isFinite(s) && s >= 0)) throw new Error(`noise std must be finite and >= 0, got ${JSON.stringify(std)}`);
    if (!(tauS >= 0) || !Number.isFinite(tauS)) throw new Error(`noise tauS must be >= 0, got ${tauS}`);
    this.rng = createRng(seed);
    this.state = new Float64Array(std.length);
    for (let i = 0; i < std.length; i++) this.state[i] = (std[i] as number) * this.gaussian();
  }

  /** Advances by `dtS` and returns the current sample (a view reused between calls). */
  next(dtS: number): Float64Array {
    const a = this.tauS > 0 ? Math.exp(-Math.max(0, dtS) / this.tauS) : 0;
    const b = Math.sqrt(1 - a * a);
    for (let i = 0; i < this.state.length; i++) {
      this.state[i] = a * (this.state[i] as number) + b * (this.std[i] as number) * this.gaussian();
    }
    return this.state;
  }

  /** Box-Muller, both halves used. */
  private gaussian(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.rng.next(), v = this.rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
