import { makeCircle, type Circle } from './geometry.ts';
import type { Rng } from './prng.ts';

export const FOREST = {
  xMin: -10,
  xMax: 310,
  halfWidth: 7,
  /** Trees grow this far outside the corridor too, so its edges look like forest. */
  outside: 4,
  /** No trees before this x: the take-off area. */
  clearUntil: 8,
  radius: [0.15, 0.45],
  height: [8, 14],
  /** Free space between neighbouring trunks, so a path always exists. */
  minGap: 2.2,
  /** Trees per square metre. */
  density: 1 / 16,
} as const;

export interface Tree extends Circle { height: number }

/** Seeded dart throwing: random trunks, never closer than FOREST.minGap to each other. */
export function plantTrees(rng: Rng): Tree[] {
  const F = FOREST;
  const y0 = -F.halfWidth - F.outside, y1 = F.halfWidth + F.outside;
  const target = Math.round((F.xMax - F.clearUntil) * (y1 - y0) * F.density);
  const cell = 4;
  const cells = new Map<string, Tree[]>();
  const key = (x: number, y: number): string => `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
  const trees: Tree[] = [];
  for (let attempt = 0; attempt < target * 30 && trees.length < target; attempt++) {
    const x = rng.range(F.clearUntil, F.xMax), y = rng.range(y0, y1);
    const r = rng.range(F.radius[0], F.radius[1]);
    const height = rng.range(F.height[0], F.height[1]);
    if (crowded(cells, x, y, r, cell)) continue;
    const tree: Tree = { ...makeCircle(x, y, r), height };
    trees.push(tree);
    const k = key(x, y);
    const list = cells.get(k);
    if (list) list.push(tree);
    else cells.set(k, [tree]);
  }
  return trees;
}

function crowded(cells: Map<string, Tree[]>, x: number, y: number, r: number, cell: number): boolean {
  const i = Math.floor(x / cell), j = Math.floor(y / cell);
  for (let di = -1; di <= 1; di++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (const t of cells.get(`${i + di},${j + dj}`) ?? []) {
        const need = t.r + r + FOREST.minGap;
        if ((t.x - x) ** 2 + (t.y - y) ** 2 < need * need) return true;
      }
    }
  }
  return false;
}
