/**
 * Training straight from the dataset folder: what the worker is told (where the episodes
 * are, which to use, the preset) and the preparation it runs itself — read the episodes,
 * read the accepted relabel passes beside them, aggregate. Parsing tens of thousands of
 * frames takes long enough to spoil control ticks, so it never runs on the loop's thread.
 */
import { join } from 'node:path';
import { aggregate, PRESET_RULES, withRelabels, type AggregatePreset, type AggregateStats, type EpisodeData, type RelabelLookup, type TrainingSet } from '../record/aggregate.ts';
import { withOperatorLag } from '../record/label-lag.ts';
import type { EpisodeEntry } from '../record/dataset-types.ts';
import { EpisodeReader } from '../record/episode-reader.ts';
import { nodeRecordFs } from '../record/node-record-fs.ts';
import type { RecordFs } from '../record/record-fs.ts';
import { relabelLookup } from '../relabel/lookup.ts';
import { NodeSidecarFs } from '../relabel/node-sidecar-fs.ts';
import type { RelabelPass } from '../relabel/pass.ts';
import { readSidecar, sidecarPath } from '../relabel/sidecar.ts';
import type { SidecarFs } from '../relabel/sidecar-fs.ts';
import { watermarkOf, type DatasetWatermark } from './checkpoint.ts';
import type { TrainData, WarmStart } from './train.ts';

/** Fewer labelled rows than this is a mistake, not a dataset. */
export const MIN_ROWS = 200;

export interface DatasetSource {
  /** The dataset folder; entry files are relative to it. */
  root: string;
  /** Entries to train on; those flagged quarantined are skipped. */
  episodes: readonly EpisodeEntry[];
  preset: AggregatePreset;
  /** Observation layout to produce (the active policy's); default: the first episode's. */
  obsFields?: readonly string[] | undefined;
  /**
   * Read accepted relabel passes from each episode's sidecar (`<episode>.relabel.jsonl`)
   * for the HG-DAgger presets; 'hgdagger' becomes 'hgdagger+relabel' when there are any.
   */
  relabels: boolean;
  /**
   * Operators' measured reaction times (ms) by name. Each listed operator's live labels are
   * paired with the state they answered, one reaction time earlier (withOperatorLag);
   * episodes of operators not listed keep their labels as recorded.
   */
  reactionMs?: Readonly<Record<string, number>>;
}

/** What preparation found; sent to the host before training starts. */
export interface PreparedInfo {
  rows: number;
  /** The preset actually used ('hgdagger' upgrades when accepted passes exist). */
  preset: AggregatePreset;
  stats: AggregateStats;
  obsFields: string[];
  /** Frames per episode id in the set: the checkpoint's watermark. */
  watermark: DatasetWatermark;
  /** Whether the offered warm start fitted the set's observation layout and was used. */
  warmStarted: boolean;
  /** The reaction times (ms) that operator labels in the set were lined up by, per operator. */
  alignedMs: Record<string, number>;
}

export type Preparation = { ok: true; set: TrainingSet; preset: AggregatePreset; alignedMs: Record<string, number> } | { ok: false; message: string };

export interface PrepareIo {
  recordFs?: RecordFs;
  sidecarFs?: SidecarFs;
}

/** Reads and aggregates; a dataset that cannot be used comes back as a message, never a throw. */
export async function prepareDataset(source: DatasetSource, io: PrepareIo = {}): Promise<Preparation> {
  let preset = source.preset;
  let set: TrainingSet;
  let alignedMs: Record<string, number> = {};
  try {
    const episodes = await loadEpisodes(source, io.recordFs ?? nodeRecordFs);
    const hg = preset === 'hgdagger' || preset === 'hgdagger+relabel';
    const passes = hg && source.relabels ? await acceptedPasses(source, io.sidecarFs ?? new NodeSidecarFs()) : null;
    // Accepted relabel passes feed the next HG-DAgger training without being asked for.
    if (passes && passes.length > 0) preset = 'hgdagger+relabel';
    const frames = new Map(episodes.map((e) => [e.entry.id, e.frames]));
    let relabels: RelabelLookup | undefined;
    if (preset === 'hgdagger+relabel' && passes) relabels = relabelLookup(passes, frames);
    alignedMs = alignedOperators(episodes, source.reactionMs);
    const lagOf = (e: EpisodeEntry): number => (alignedMs[e.operator] ?? 0) / 1000;
    const aligned = Object.keys(alignedMs).length > 0 ? withOperatorLag(PRESET_RULES[preset], lagOf, frames) : undefined;
    // Relabels still win where they exist; elsewhere the live labels, lined up.
    const rule = aligned && relabels ? withRelabels(aligned, relabels) : aligned;
    set = aggregate(episodes, { preset, obsFields: source.obsFields, relabels, rule });
  } catch (err) {
    return { ok: false, message: `could not read the dataset: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (set.weight.length < MIN_ROWS) {
    return { ok: false, message: `Only ${set.weight.length} labelled frames for preset ${preset}${source.obsFields ? ' from this robot or world' : ''}; drive at least ${MIN_ROWS} (a few seconds of demonstration).` };
  }
  return { ok: true, set, preset, alignedMs };
}

export function preparedInfo(set: TrainingSet, preset: AggregatePreset, warmStarted: boolean, alignedMs: Record<string, number> = {}): PreparedInfo {
  return { rows: set.weight.length, preset, stats: set.stats, obsFields: [...set.obsFields], watermark: watermarkOf(set.provenance.map((p) => p.episode)), warmStarted, alignedMs: { ...alignedMs } };
}

/** The operators of these episodes with a usable measured reaction time. */
function alignedOperators(episodes: readonly EpisodeData[], reactionMs: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!reactionMs) return out;
  for (const { entry } of episodes) {
    const ms = Object.hasOwn(reactionMs, entry.operator) ? reactionMs[entry.operator] : undefined;
    if (ms !== undefined && Number.isFinite(ms) && ms > 0) out[entry.operator] = ms;
  }
  return out;
}

export function toTrainData(set: TrainingSet): TrainData {
  return { obs: set.obs, act: set.act, weight: set.weight, obsFields: set.obsFields, actionFields: set.actionFields, episodes: set.provenance.map((p) => p.episode) };
}

/** A warm start only continues a model that reads the same observation layout. */
export function fittingWarmStart(warm: WarmStart | null | undefined, obsFields: readonly string[]): WarmStart | null {
  return warm && warm.obsNorm.fields.join() === obsFields.join() ? warm : null;
}

async function loadEpisodes(source: DatasetSource, fs: RecordFs): Promise<EpisodeData[]> {
  const out: EpisodeData[] = [];
  for (const entry of source.episodes) {
    if (entry.quarantined) continue;
    const reader = await EpisodeReader.open(join(source.root, entry.file), { fs });
    try {
      out.push({ entry, obsFields: reader.metadata?.obs_fields ?? [], frames: await reader.frames() });
    } finally {
      await reader.close();
    }
  }
  return out;
}

/** Accepted relabel passes of the usable episodes, read from the sidecars beside them. */
export async function acceptedPasses(source: Pick<DatasetSource, 'root' | 'episodes'>, fs: SidecarFs): Promise<RelabelPass[]> {
  const out: RelabelPass[] = [];
  for (const entry of source.episodes) {
    if (entry.quarantined) continue;
    const { passes } = await readSidecar(fs, sidecarPath(join(source.root, entry.file)));
    out.push(...passes.filter((p) => p.status === 'accepted'));
  }
  return out;
}
