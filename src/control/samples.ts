/** The last `capacity` numbers seen, oldest first when read; constant memory. */
export class RecentSamples {
  private readonly buf: number[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`sample capacity must be a positive integer, got ${capacity}`);
  }

  push(value: number): void {
    if (this.buf.length < this.capacity) this.buf.push(value);
    else this.buf[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  values(): number[] {
    if (this.buf.length < this.capacity) return [...this.buf];
    return [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }

  clear(): void {
    this.buf.length = 0;
    this.next = 0;
  }
}

/** Nearest-rank percentile (p in 0..100); NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}
