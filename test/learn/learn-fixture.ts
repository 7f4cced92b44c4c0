import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/learn/model.ts';
import type { TrainData } from '../../src/learn/train.ts';

export const FIELDS = ['x0', 'x1', 'x2'];
export const ACTIONS = ['a0', 'a1'];

/** A known smooth function of three inputs in [-1, 1]. */
export function target(x: ArrayLike<number>): [number, number] {
  const x0 = x[0] as number, x1 = x[1] as number, x2 = x[2] as number;
  return [Math.sin(2 * x0) + 0.5 * x1, x1 * x2 - 0.3 * x0];
}

/** n rows of the known function, `episodes` equal episodes. */
export function knownData(n: number, seed: number, episodes = 6): TrainData {
  const random = seededRandom(seed);
  const obs = new Float32Array(n * 3), act = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 3; j++) obs[i * 3 + j] = random() * 2 - 1;
    act.set(target(obs.subarray(i * 3, i * 3 + 3)), i * 2);
  }
  return {
    obs, act, weight: new Float32Array(n).fill(1), obsFields: FIELDS, actionFields: ACTIONS,
    episodes: Array.from({ length: n }, (_, i) => `ep${i % episodes}`),
  };
}

export function tempDir(name: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `intervene-${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const SMALL = { members: 3, hidden: [16, 16], activation: 'relu' as const };
