/**
 * Per-frame training weights. Every scheme works on frame classes, so it does not care
 * which preset chose the frames; the result is always normalised to a mean of 1, so a
 * learning rate tuned on uniform weights still fits.
 */

/**
 * demonstration: operator-driven outside any takeover (round 0 teleop, mostly).
 * intervention: operator-driven from a takeover until the policy drives again.
 * preIntervention: inside the window just before a takeover (wins over the others).
 * autonomous: not operator-driven (policy or nobody), labelled by an expert or a relabel.
 */
export type FrameClass = 'demonstration' | 'intervention' | 'preIntervention' | 'autonomous';
export const FRAME_CLASSES: readonly FrameClass[] = ['demonstration', 'intervention', 'preIntervention', 'autonomous'];

export type WeightingScheme = 'uniform' | 'balanced' | 'sirius';

/**
 * Sirius (Liu et al., RSS 2023) gives each class a fixed share of the total weight:
 * interventions half of it, pre-intervention samples almost none, and the remaining
 * share spread evenly over everything else. The shares are options here.
 */
export interface SiriusShares {
  /** Share of the total weight held by intervention frames (default 0.5). */
  intervention: number;
  /** Share held by pre-intervention frames (default 0.002). */
  preIntervention: number;
}

export const DEFAULT_SIRIUS: SiriusShares = { intervention: 0.5, preIntervention: 0.002 };

export interface WeightInput {
  cls: FrameClass;
  /** Operator-driven after a takeover, whether or not the pre-intervention window also covers it. */
  intervention: boolean;
  /** A factor from the pre-intervention option (1 unless down-weighted). */
  factor: number;
}

/** Weights for `frames` in order, mean 1 (an empty input gives an empty array). */
export function computeWeights(frames: readonly WeightInput[], scheme: WeightingScheme, sirius: SiriusShares = DEFAULT_SIRIUS): Float32Array {
  checkShares(sirius);
  const n = frames.length;
  const raw = new Float64Array(n);
  const base = scheme === 'uniform' ? null : scheme === 'balanced' ? balancedWeights(frames) : siriusWeights(frames, sirius);
  for (let i = 0; i < n; i++) {
    const f = frames[i] as WeightInput;
    if (!(f.factor > 0) || !Number.isFinite(f.factor)) throw new Error(`computeWeights: factor must be a positive number, got ${f.factor} at ${i}`);
    raw[i] = (base ? (base.get(key(f, scheme)) ?? 1) : 1) * f.factor;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += raw[i] as number;
  const out = new Float32Array(n);
  const scale = n > 0 ? n / sum : 1;
  for (let i = 0; i < n; i++) out[i] = (raw[i] as number) * scale;
  return out;
}

function key(f: WeightInput, scheme: WeightingScheme): string {
  return scheme === 'balanced' ? String(f.intervention) : f.cls;
}

/** IWR: both groups (interventions, the rest) carry half of the total weight each. */
function balancedWeights(frames: readonly WeightInput[]): Map<string, number> {
  const n = frames.length;
  const nI = frames.filter((f) => f.intervention).length;
  if (nI === 0 || nI === n) return new Map();
  return new Map([['true', n / (2 * nI)], ['false', n / (2 * (n - nI))]]);
}

function siriusWeights(frames: readonly WeightInput[], shares: SiriusShares): Map<string, number> {
  const counts = new Map<FrameClass, number>();
  for (const f of frames) counts.set(f.cls, (counts.get(f.cls) ?? 0) + 1);
  const neutral = (counts.get('demonstration') ?? 0) + (counts.get('autonomous') ?? 0);
  const rest = 1 - shares.intervention - shares.preIntervention;
  const out = new Map<string, number>();
  // A class per-frame weight is its share over its count; absent classes give their
  // share away implicitly, because the final normalisation rescales what is present.
  const nInt = counts.get('intervention') ?? 0, nPre = counts.get('preIntervention') ?? 0;
  if (nInt > 0) out.set('intervention', shares.intervention / nInt);
  if (nPre > 0) out.set('preIntervention', shares.preIntervention / nPre);
  if (neutral > 0) {
    out.set('demonstration', rest / neutral);
    out.set('autonomous', rest / neutral);
  }
  return out;
}

function checkShares(s: SiriusShares): void {
  const ok = (v: number): boolean => Number.isFinite(v) && v > 0 && v < 1;
  if (!ok(s.intervention) || !ok(s.preIntervention) || s.intervention + s.preIntervention >= 1) {
    throw new Error(`Sirius shares must be in (0, 1) and sum below 1, got ${JSON.stringify(s)}`);
  }
}
