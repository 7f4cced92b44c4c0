/**
 * Reconnect delays: exponential from `initialMs` up to `maxMs`, each spread by a little
 * jitter so that several clients dropped together do not return together.
 */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** Fraction of the delay, e.g. 0.1 = ±10%. */
  jitter?: number;
  /** Uniform in [0, 1); injected so tests are exact. */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 5000;
    this.jitter = options.jitter ?? 0.1;
    this.random = options.random ?? Math.random;
    if (!(this.initialMs > 0) || !(this.maxMs >= this.initialMs)) {
      throw new RangeError(`Backoff needs 0 < initialMs <= maxMs, got ${this.initialMs} and ${this.maxMs}`);
    }
    if (!(this.jitter >= 0 && this.jitter < 1)) throw new RangeError(`Backoff jitter must be in [0, 1), got ${this.jitter}`);
  }

  /** The delay before the next try; each call counts one more failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    const spread = 1 + this.jitter * (2 * this.random() - 1);
    return Math.round(base * spread);
  }

  reset(): void {
    this.failures = 0;
  }
}
