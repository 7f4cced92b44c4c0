/**
 * A Float64Array that grows as values are pushed, so a long episode is loaded into flat
 * memory without one JS object per sample. `finish()` returns a tight copy.
 */
export class GrowableF64 {
  private data: Float64Array;
  private size = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity));
  }

  get length(): number {
    return this.size;
  }

  push(v: number): void {
    if (this.size === this.data.length) this.grow();
    this.data[this.size++] = v;
  }

  /** Pushes the first `width` values of `v`, NaN for a missing vector or a missing value. */
  pushVector(v: readonly number[] | null, width: number): void {
    for (let k = 0; k < width; k++) this.push(v ? (v[k] ?? NaN) : NaN);
  }

  finish(): Float64Array {
    return this.data.slice(0, this.size);
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/** Index of the last value <= x in an ascending array, -1 when there is none. */
export function lastAtOrBefore(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The order that sorts `t` ascending (stable), or null when it is sorted already. */
export function sortOrder(t: Float64Array): Uint32Array | null {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i - 1]! <= t[i]!;
  if (sorted) return null;
  const order = Uint32Array.from({ length: t.length }, (_, i) => i);
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  return order;
}

/** `data` (rows of `width` values) reordered by `order`. */
export function permuteRows(data: Float64Array, width: number, order: Uint32Array): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < order.length; i++) out.set(data.subarray(order[i]! * width, order[i]! * width + width), i * width);
  return out;
}
