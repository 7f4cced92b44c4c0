/**
 * When should the policy ask for help? HG-DAgger calibrates the doubt threshold from the
 * doubt seen at the moments the expert chose to intervene; ThriftyDAgger instead targets a
 * rate of requests. Both are kept here from what the app observes, and the threshold in
 * force is whichever the operator chose (or a manual value).
 */
export type ThresholdSource = 'calibrated' | 'rate' | 'manual';

export interface ThresholdConfig {
  source: ThresholdSource;
  /** rate: the share of autonomous steps that may ask (0..1); manual: the threshold itself. */
  value?: number;
}

const MAX_SAMPLES = 20_000;
/** HG-DAgger: a low quantile of intervention doubts, so most of those moments would have asked. */
const CALIBRATION_QUANTILE = 0.25;
const MIN_TAKEOVERS = 3;

export class DoubtThreshold {
  private config: ThresholdConfig = { source: 'calibrated' };
  private readonly atTakeover: number[] = [];
  private readonly autonomous: number[] = [];

  configure(config: ThresholdConfig): void {
    if (config.source === 'rate' && !(config.value !== undefined && config.value > 0 && config.value < 1)) {
      throw new Error(`A request rate must be between 0 and 1, got ${config.value}`);
    }
    if (config.source === 'manual' && !(config.value !== undefined && Number.isFinite(config.value) && config.value >= 0)) {
      throw new Error(`A manual threshold must be a number >= 0, got ${config.value}`);
    }
    this.config = { ...config };
  }

  get source(): ThresholdSource {
    return this.config.source;
  }

  /** Forgets what was seen (a new model has its own doubt scale); the configuration stays. */
  reset(): void {
    this.atTakeover.length = 0;
    this.autonomous.length = 0;
  }

  /** Doubt just before the operator took over (the policy was driving). */
  noteTakeover(doubt: number): void {
    if (Number.isFinite(doubt)) push(this.atTakeover, doubt);
  }

  /** Doubt at a step where the policy drove. */
  noteAutonomous(doubt: number): void {
    if (Number.isFinite(doubt)) push(this.autonomous, doubt);
  }

  /** The threshold in force, or null while there is too little to calibrate from. */
  value(): number | null {
    switch (this.config.source) {
      case 'manual':
        return this.config.value ?? null;
      case 'rate':
        return this.autonomous.length < 50 ? null : quantile(this.autonomous, 1 - (this.config.value ?? 0.05));
      case 'calibrated':
        return this.atTakeover.length < MIN_TAKEOVERS ? null : quantile(this.atTakeover, CALIBRATION_QUANTILE);
    }
  }

  asking(doubt: number | null): boolean {
    const t = this.value();
    return doubt !== null && t !== null && doubt > t;
  }
}

function push(list: number[], v: number): void {
  list.push(v);
  if (list.length > MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = Math.min(sorted.length - 1, Math.max(0, q * (sorted.length - 1)));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
