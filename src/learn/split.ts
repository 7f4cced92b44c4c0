/**
 * Which rows validate and which train, and each member's bootstrap resample. Splitting
 * by episode keeps neighbouring frames (near duplicates) from leaking into validation and
 * flattering the loss; a seeded random split is the fallback when episodes are unknown.
 */
export interface Split {
  train: Uint32Array;
  val: Uint32Array;
  byEpisode: boolean;
}

export function splitRows(n: number, valFraction: number, random: () => number, episodes?: readonly string[] | null): Split {
  if (!(valFraction >= 0 && valFraction < 1)) throw new Error(`splitRows: valFraction must be in [0, 1), got ${valFraction}`);
  const wantVal = Math.min(Math.round(n * valFraction), n - 1);
  if (wantVal === 0 || n < 2) return { train: Uint32Array.from({ length: n }, (_, i) => i), val: new Uint32Array(0), byEpisode: false };
  if (episodes && episodes.length === n) {
    const ids = shuffle([...new Set(episodes)], random);
    if (ids.length >= 2) {
      const valIds = new Set<string>();
      const counts = new Map<string, number>();
      for (const e of episodes) counts.set(e, (counts.get(e) ?? 0) + 1);
      let taken = 0;
      // Always leave one episode for training.
      for (const id of ids.slice(0, -1)) {
        if (taken >= wantVal) break;
        valIds.add(id);
        taken += counts.get(id) ?? 0;
      }
      const train: number[] = [], val: number[] = [];
      episodes.forEach((e, i) => (valIds.has(e) ? val : train).push(i));
      return { train: Uint32Array.from(train), val: Uint32Array.from(val), byEpisode: true };
    }
  }
  const order = shuffle(Array.from({ length: n }, (_, i) => i), random);
  return { train: Uint32Array.from(order.slice(wantVal)).sort(), val: Uint32Array.from(order.slice(0, wantVal)).sort(), byEpisode: false };
}

/** n draws with replacement from `rows`. */
export function bootstrap(rows: Uint32Array, random: () => number): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let i = 0; i < out.length; i++) out[i] = rows[Math.floor(random() * rows.length)] as number;
  return out;
}

/** Fisher-Yates in place; returns its argument. */
export function shuffle<A extends { length: number; [i: number]: unknown }>(a: A, random: () => number): A {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
