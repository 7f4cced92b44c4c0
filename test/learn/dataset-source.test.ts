import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watermarkOf } from '../../src/learn/checkpoint.ts';
import { prepareDataset, type DatasetSource } from '../../src/learn/dataset-source.ts';
import { startTrainingFromDataset, TrainerError } from '../../src/learn/trainer.ts';
import { aggregate, type AggregateOptions, type EpisodeData } from '../../src/record/aggregate.ts';
import { Dataset } from '../../src/record/dataset.ts';
import type { EpisodeEntry } from '../../src/record/dataset-types.ts';
import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { relabelLookup } from '../../src/relabel/lookup.ts';
import { NodeSidecarFs } from '../../src/relabel/node-sidecar-fs.ts';
import { readSidecar, sidecarPath } from '../../src/relabel/sidecar.ts';
import { acceptPass, addEpisode, bundleWorker } from './dataset-fixture.ts';
import { SMALL, tempDir } from './learn-fixture.ts';

const tmp = tempDir('dataset-source');
afterAll(() => tmp.cleanup());
const quick = { backend: 'cpu' as const, train: { ensemble: SMALL, epochs: 1, batchSize: 256 } };
let worker = '';
let dataset: Dataset;
let relabelled: EpisodeEntry;

/** The old way: read and aggregate in this thread, as the app did before. */
async function inProcess(entries: readonly EpisodeEntry[], options: AggregateOptions, withPasses = false) {
  const episodes: EpisodeData[] = [];
  for (const entry of entries.filter((e) => !e.quarantined)) {
    const reader = await EpisodeReader.open(join(dataset.root, entry.file));
    episodes.push({ entry, obsFields: reader.metadata?.obs_fields ?? [], frames: await reader.frames() });
    await reader.close();
  }
  if (!withPasses) return aggregate(episodes, options);
  const passes = [];
  for (const e of entries) passes.push(...(await readSidecar(new NodeSidecarFs(), sidecarPath(join(dataset.root, e.file)))).passes);
  return aggregate(episodes, { ...options, relabels: relabelLookup(passes, new Map(episodes.map((e) => [e.entry.id, e.frames]))) });
}

describe('training from the dataset folder: the worker reads and aggregates', () => {
  beforeAll(async () => {
    worker = await bundleWorker();
    dataset = await Dataset.open(join(tmp.dir, 'ds'));
    await addEpisode(dataset, 'demo', 0, 600);
    relabelled = await addEpisode(dataset, 'r1', 1, 1000);
    await addEpisode(dataset, 'r2', 2, 750);
    await addEpisode(dataset, 'gone', 0, 500);
    await dataset.quarantine('gone');
    // Policy-driven ticks 160-240 of r1 (3.2-4.8 s) get a relabelled action.
    await acceptPass(dataset.root, relabelled, 3.2, 4.8, [0.9, 0, 0, -0.2]);
  }, 60_000);

  it('prepares in the worker exactly the rows aggregate() makes in-process, then trains on them', async () => {
    const source: DatasetSource = { root: dataset.root, episodes: dataset.list(), preset: 'hgdagger', relabels: false };
    const job = startTrainingFromDataset(source, { workerUrl: worker, ...quick });
    const prepared = await job.prepared;
    const expected = await inProcess(dataset.list(), { preset: 'hgdagger' });
    expect(expected.weight.length).toBeGreaterThan(200);
    expect(prepared).toEqual({
      rows: expected.weight.length, preset: 'hgdagger', stats: expected.stats, obsFields: expected.obsFields,
      watermark: watermarkOf(expected.provenance.map((p) => p.episode)), warmStarted: false, alignedMs: {},
    });
    expect(Object.keys(prepared.watermark.episodes).sort()).toEqual(['demo', 'r1', 'r2']);
    const result = await job.result;
    expect(result.metrics.trainFrames + result.metrics.valFrames).toBe(expected.weight.length);

    // The same preparation in this thread gives the very arrays, not just the counts.
    const here = await prepareDataset(source);
    if (!here.ok) throw new Error(here.message);
    expect(here.set.obs).toEqual(expected.obs);
    expect(here.set.act).toEqual(expected.act);
    expect(here.set.provenance).toEqual(expected.provenance);
  }, 60_000);

  it("accepted relabel passes upgrade 'hgdagger' to 'hgdagger+relabel' and add their labels", async () => {
    const job = startTrainingFromDataset({ root: dataset.root, episodes: dataset.list(), preset: 'hgdagger', relabels: true }, { workerUrl: worker, ...quick });
    const prepared = await job.prepared;
    const expected = await inProcess(dataset.list(), { preset: 'hgdagger+relabel' }, true);
    expect(prepared.preset).toBe('hgdagger+relabel');
    expect(prepared.stats.byLabel.relabel).toBeGreaterThan(50);
    expect(prepared.stats).toEqual(expected.stats);
    expect(prepared.rows).toBe(expected.weight.length);
    await job.result;

    // Without the flag the passes are not read and the preset stays as asked.
    const plain = await prepareDataset({ root: dataset.root, episodes: dataset.list(), preset: 'hgdagger', relabels: false });
    expect(plain.ok && plain.preset).toBe('hgdagger');
  }, 60_000);

  it("lines each operator's live labels up by their measured reaction time; relabels still win", async () => {
    const source: DatasetSource = { root: dataset.root, episodes: dataset.list(), preset: 'hgdagger', relabels: true, reactionMs: { tester: 200, nobody: 300 } };
    const job = startTrainingFromDataset(source, { workerUrl: worker, ...quick });
    const prepared = await job.prepared;
    // Only operators who drove these episodes are named.
    expect(prepared.alignedMs).toEqual({ tester: 200 });
    expect(prepared.preset).toBe('hgdagger+relabel');
    await job.result;

    const here = await prepareDataset(source);
    const asRecorded = await prepareDataset({ ...source, reactionMs: {} });
    if (!here.ok || !asRecorded.ok) throw new Error('unusable');
    expect(asRecorded.alignedMs).toEqual({});
    // The demonstration's last 0.2 s have no later command to pair with; nothing else is lost.
    expect(here.set.weight.length).toBe(asRecorded.set.weight.length - 10);
    let operator = 0, relabel = 0;
    here.set.provenance.forEach((p, row) => {
      const got = here.set.act[row * 4] as number;
      if (p.label === 'operator') {
        operator++;
        // The fixture's operator commands 0.5 + 0.1 sin(t): the label is the command 0.2 s (10 ticks) later.
        expect(got).toBe(Math.fround(0.5 + 0.1 * Math.sin((p.index + 10) * 0.02)));
      } else {
        relabel++;
        expect(got).toBe(Math.fround(0.9));
      }
    });
    expect(operator).toBeGreaterThan(500);
    expect(relabel).toBeGreaterThan(50);
  }, 60_000);

  it('too few labelled rows ends the job as unusable with the message for the operator', async () => {
    const only = dataset.list().filter((e) => e.id === 'r2');
    const job = startTrainingFromDataset({ root: dataset.root, episodes: only, preset: 'bc', relabels: false, obsFields: undefined }, { workerUrl: worker, ...quick });
    const message = 'Only 0 labelled frames for preset bc; drive at least 200 (a few seconds of demonstration).';
    await expect(job.prepared).rejects.toMatchObject({ kind: 'unusable', message });
    await expect(job.result).rejects.toBeInstanceOf(TrainerError);
  }, 30_000);

  it('an episode file that is gone makes the dataset unreadable, not the worker crash', async () => {
    const ghost = { ...dataset.list()[0] as EpisodeEntry, id: 'ghost', file: 'episodes/ghost.mcap' };
    const prep = await prepareDataset({ root: dataset.root, episodes: [ghost], preset: 'bc', relabels: false });
    expect(prep).toMatchObject({ ok: false, message: expect.stringMatching(/^could not read the dataset: .*ghost\.mcap: no such file/) as unknown });
  });

  it('cancel while the worker is still reading ends the job at once', async () => {
    const job = startTrainingFromDataset({ root: dataset.root, episodes: dataset.list(), preset: 'hgdagger', relabels: true }, { workerUrl: worker, ...quick });
    job.cancel();
    await expect(job.prepared).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(job.result).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
