/**
 * A trained ensemble on disk, one folder per version (the dataset's models/vN/):
 * weights.bin holds every float32 exactly (member by member, layer by layer, weights then
 * biases, little-endian), so a loaded policy gives bit-identical outputs; model.json holds
 * the shape, both normalisations, metrics, backend, the dataset watermark, the parent
 * version and the creation time. model.json is written last: a folder without it is an
 * interrupted save, not a model.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isObject } from '../ros/messages.ts';
import { checkWeights, EnsemblePolicy, layerSizes, type EnsembleConfig, type EnsembleWeights, type LayerWeights } from './ensemble.ts';
import { parseNormStats, type NormStats } from './observation-norm.ts';
import type { TrainMetrics } from './train.ts';

/** What the model saw: frames per episode id, and their total. */
export interface DatasetWatermark {
  episodes: Record<string, number>;
  frames: number;
}

export interface CheckpointMeta {
  metrics: TrainMetrics | null;
  backend: string;
  watermark: DatasetWatermark;
  /** The version it was warm-started from; null for a fresh start. */
  parent: string | null;
  /** Unix epoch milliseconds (Clock.wallMs). */
  createdMs: number;
}

export interface Checkpoint extends CheckpointMeta {
  weights: EnsembleWeights;
  obsNorm: NormStats;
  actNorm: NormStats;
}

const FORMAT = 1;

export async function saveCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const { weights, obsNorm, actNorm, ...meta } = checkpoint;
  checkWeights(weights);
  await mkdir(dir, { recursive: true });
  const chunks = weights.members.flatMap((layers) => layers.flatMap((l) => [l.w, l.b]));
  const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  await writeFile(join(dir, 'weights.bin'), bytes);
  const json = { format: FORMAT, config: weights.config, obsDim: weights.obsDim, actDim: weights.actDim, obsNorm, actNorm, ...meta };
  await writeFile(join(dir, 'model.json.tmp'), `${JSON.stringify(json, null, 2)}\n`);
  await rename(join(dir, 'model.json.tmp'), join(dir, 'model.json'));
}

/** Reads and validates a checkpoint folder; throws an Error naming what is wrong. */
export async function loadCheckpoint(dir: string): Promise<Checkpoint> {
  const raw: unknown = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const bad = (why: string): never => { throw new Error(`checkpoint ${dir}: ${why}`); };
  if (!isObject(raw)) return bad('model.json is not an object');
  if (raw.format !== FORMAT) return bad(`unsupported format ${JSON.stringify(raw.format)}`);
  const config = parseConfig(raw.config) ?? bad('config must be {members, hidden, activation}');
  const { obsDim, actDim } = raw;
  if (!isCount(obsDim) || !isCount(actDim)) return bad('obsDim and actDim must be positive integers');
  const obsNorm = parseNormStats(raw.obsNorm), actNorm = parseNormStats(raw.actNorm);
  if (typeof obsNorm === 'string') return bad(`obsNorm: ${obsNorm}`);
  if (typeof actNorm === 'string') return bad(`actNorm: ${actNorm}`);
  const sizes = layerSizes(config, obsDim, actDim);
  const bytes = await readFile(join(dir, 'weights.bin'));
  const perMember = sizes.slice(1).reduce((sum, m, l) => sum + (sizes[l] as number) * m + m, 0);
  if (bytes.byteLength !== perMember * config.members * 4) return bad(`weights.bin holds ${bytes.byteLength} bytes, the shape needs ${perMember * config.members * 4}`);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let at = 0;
  const take = (n: number): Float32Array => floats.slice(at, (at += n));
  const members: LayerWeights[][] = Array.from({ length: config.members }, () =>
    sizes.slice(1).map((m, l) => ({ w: take((sizes[l] as number) * m), b: take(m) })));
  const weights: EnsembleWeights = { config, obsDim, actDim, members };
  const watermark = raw.watermark;
  if (!isObject(watermark) || !isObject(watermark.episodes) || typeof watermark.frames !== 'number') return bad('watermark must be {episodes, frames}');
  return {
    weights, obsNorm, actNorm,
    metrics: isObject(raw.metrics) ? (raw.metrics as unknown as TrainMetrics) : null,
    backend: typeof raw.backend === 'string' ? raw.backend : 'unknown',
    watermark: { episodes: { ...(watermark.episodes as Record<string, number>) }, frames: watermark.frames },
    parent: typeof raw.parent === 'string' ? raw.parent : null,
    createdMs: typeof raw.createdMs === 'number' ? raw.createdMs : 0,
  };
}

export function policyFromCheckpoint(checkpoint: Pick<Checkpoint, 'weights' | 'obsNorm' | 'actNorm'>): EnsemblePolicy {
  return new EnsemblePolicy(checkpoint.weights, checkpoint.obsNorm, checkpoint.actNorm);
}

/** Frames per episode from a training set's provenance. */
export function watermarkOf(episodes: readonly string[]): DatasetWatermark {
  const counts: Record<string, number> = {};
  for (const e of episodes) counts[e] = (counts[e] ?? 0) + 1;
  return { episodes: counts, frames: episodes.length };
}

function parseConfig(v: unknown): EnsembleConfig | null {
  if (!isObject(v) || !isCount(v.members) || !Array.isArray(v.hidden) || !v.hidden.every(isCount)) return null;
  if (v.activation !== 'relu' && v.activation !== 'tanh') return null;
  return { members: v.members, hidden: [...(v.hidden as number[])], activation: v.activation };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
