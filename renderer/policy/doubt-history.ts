/** One doubt reading at app time t (ms). */
export interface DoubtSample {
  t: number;
  doubt: number | null;
  threshold: number | null;
  asking: boolean;
}

/**
 * The last minute of doubt for the strip in the HUD. Samples arrive at the state rate;
 * older ones fall off the front. A clock that jumps back (the app restarted) starts afresh.
 */
export class DoubtHistory {
  private samples: DoubtSample[] = [];

  constructor(readonly windowMs = 60_000, private readonly maxSamples = 2000) {}

  push(s: DoubtSample): void {
    const last = this.samples.at(-1);
    if (last && s.t < last.t) this.samples = [];
    if (last && s.t === last.t) this.samples.pop();
    this.samples.push(s);
    const from = s.t - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop]?.t ?? 0) < from) drop++;
    drop = Math.max(drop, this.samples.length - this.maxSamples);
    if (drop > 0) this.samples.splice(0, drop);
  }

  get list(): readonly DoubtSample[] {
    return this.samples;
  }

  get latestT(): number | null {
    return this.samples.at(-1)?.t ?? null;
  }

  clear(): void {
    this.samples = [];
  }

  /** The strip's vertical scale: room for the largest doubt and the threshold, never zero. */
  scaleMax(): number {
    let max = 0;
    for (const s of this.samples) {
      if (s.doubt !== null && Number.isFinite(s.doubt)) max = Math.max(max, s.doubt);
      if (s.threshold !== null && Number.isFinite(s.threshold)) max = Math.max(max, s.threshold * 1.5);
    }
    return max > 0 ? max : 1;
  }

  /** x position 0..1 of a sample, the newest at the right edge. */
  xOf(t: number, now: number): number {
    return Math.max(0, Math.min(1, 1 - (now - t) / this.windowMs));
  }
}
