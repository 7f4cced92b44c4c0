import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dataset, type RecoverAllProgress } from '../../src/record/dataset.ts';
import { roundStats } from '../../src/record/dataset-stats.ts';
import type { EpisodeMetadata } from '../../src/record/dataset-types.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FaultyFs } from './faulty-fs.ts';
import { frameAt, metadataFor, odometryAt, RAW_TOPICS, tempDir } from './record-fixture.ts';

describe('Dataset', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fs: FaultyFs;
  const clock = new FakeClock();
  beforeEach(() => {
    tmp = tempDir('dataset');
    fs = new FaultyFs(true);
  });
  afterEach(() => tmp.cleanup());

  async function record(ds: Dataset, id: string, ticks: number, meta: Partial<EpisodeMetadata> = {}, close = true): Promise<EpisodeWriter> {
    const w = await EpisodeWriter.open({ dir: ds.episodesDir, id, metadata: metadataFor(id, meta), fs, clock, rawTopics: RAW_TOPICS });
    for (let i = 0; i < ticks; i++) {
      const f = frameAt(i);
      w.frame(f);
      w.raw('/odom', odometryAt(f.t), w.originNs + BigInt(Math.round(f.t * 1e9)));
      if (i % 25 === 0) await new Promise((r) => setImmediate(r));
    }
    if (close) await ds.addEpisode(await w.close({ outcome: 'success' }));
    return w;
  }

  it('creates its layout and an empty manifest, and lists what is added', async () => {
    const ds = await Dataset.open(join(tmp.dir, 'new'), { fs, clock });
    for (const dir of ['episodes', 'models', 'quarantine']) expect(existsSync(join(tmp.dir, 'new', dir))).toBe(true);
    expect(JSON.parse(readFileSync(ds.manifestPath, 'utf8'))).toEqual({ version: 1, created: '2023-11-14T22:13:20.000Z', episodes: [] });
    expect(ds.nextRound()).toBe(0);
    await record(ds, 'ep-1', 260, { round: 0, policy_version: null });
    await record(ds, 'ep-2', 500, { round: 1 });
    expect(ds.nextRound()).toBe(2);
    const onDisk = JSON.parse(readFileSync(ds.manifestPath, 'utf8')) as { episodes: unknown[] };
    expect(onDisk.episodes).toEqual(ds.list());
    expect(ds.get('ep-2')).toMatchObject({
      file: 'episodes/ep-2.mcap', round: 1, frames: 500, operator_frames: 100, policy_frames: 400, interventions: 2,
      operator_share: 0.2, outcome: 'success', complete: true, quarantined: false, robot: 'rover', world: 'lane', seed: 7,
      policy_version: 'v1', operator: 'tester', collisions: 0, departures: 0,
    });
    expect(ds.get('ep-2')!.distance_m).toBeCloseTo(9.98, 2);
    await expect(Dataset.open(join(tmp.dir, 'absent'), { fs, create: false })).rejects.toThrow(/is not a dataset/);
  });

  it('a crash between writing the new manifest and renaming it leaves the old one intact', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    await record(ds, 'ep-1', 50);
    const before = readFileSync(ds.manifestPath, 'utf8');
    fs.failRename = (from) => from.endsWith('manifest.json.tmp');
    await expect(ds.update('ep-1', { notes: 'lost in the crash', outcome: 'failure' })).rejects.toThrow(/simulated crash/);
    expect(readFileSync(ds.manifestPath, 'utf8')).toBe(before);
    expect(readFileSync(`${ds.manifestPath}.tmp`, 'utf8')).toContain('lost in the crash');
    fs.failRename = () => false;
    const reopened = await Dataset.open(tmp.dir, { fs, clock });
    expect(reopened.get('ep-1')).toMatchObject({ notes: '', outcome: 'success' });
    expect(existsSync(`${ds.manifestPath}.tmp`)).toBe(false);
    expect(reopened.notices).toEqual([]);
  });

  it('quarantines and restores by moving the file, never deleting it, and follows an interrupted move', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    await record(ds, 'ep-1', 50);
    await record(ds, 'ep-2', 50);
    const bytes = readFileSync(join(ds.episodesDir, 'ep-1.mcap'));
    expect(await ds.quarantine('ep-1')).toMatchObject({ file: 'quarantine/ep-1.mcap', quarantined: true });
    expect(existsSync(join(ds.episodesDir, 'ep-1.mcap'))).toBe(false);
    expect(readFileSync(join(ds.quarantineDir, 'ep-1.mcap'))).toEqual(bytes);
    expect(roundStats(ds.list()).total).toMatchObject({ episodes: 1, quarantined: 1, frames: 50 });
    expect(await ds.restore('ep-1')).toMatchObject({ file: 'episodes/ep-1.mcap', quarantined: false });
    expect(readFileSync(join(ds.episodesDir, 'ep-1.mcap'))).toEqual(bytes);
    await expect(ds.quarantine('nope')).rejects.toThrow(/no episode "nope"/);
    // The file moved but the process died before the manifest was written.
    renameSync(join(ds.episodesDir, 'ep-2.mcap'), join(ds.quarantineDir, 'ep-2.mcap'));
    const reopened = await Dataset.open(tmp.dir, { fs, clock });
    expect(reopened.get('ep-2')).toMatchObject({ file: 'quarantine/ep-2.mcap', quarantined: true });
  });

  it('sets a corrupt manifest aside and rebuilds it from the files, keeping the notes it can', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    await record(ds, 'ep-1', 60, { round: 0 });
    await record(ds, 'ep-2', 80, { round: 1 });
    await ds.quarantine('ep-2');
    await ds.update('ep-1', { notes: 'clean demo', outcome: 'success' });
    const good = ds.list();
    const damaged = JSON.parse(readFileSync(ds.manifestPath, 'utf8')) as { episodes: Record<string, unknown>[] };
    damaged.episodes[1]!.frames = 'eighty';
    writeFileSync(ds.manifestPath, JSON.stringify(damaged));
    const rebuilt = await Dataset.open(tmp.dir, { fs, clock });
    expect(rebuilt.notices).toHaveLength(1);
    expect(rebuilt.notices[0]).toMatch(/manifest\.json was damaged \(episode "ep-2": field frames is "eighty"\); kept it as .*manifest\.json\.corrupt and rebuilt the manifest from 2 episode files/);
    expect(JSON.parse(readFileSync(`${ds.manifestPath}.corrupt`, 'utf8'))).toEqual(damaged);
    expect(rebuilt.list().map((e) => ({ ...e, end: good.find((g) => g.id === e.id)!.end }))).toEqual(good);

    writeFileSync(ds.manifestPath, '{"version": 1, "episo');
    const again = await Dataset.open(tmp.dir, { fs, clock });
    expect(again.notices[0]).toMatch(/not valid JSON.*manifest\.json\.corrupt\.1/);
    expect(again.list().map((e) => [e.id, e.frames, e.quarantined])).toEqual([['ep-1', 60, false], ['ep-2', 80, true]]);
  });

  it('recoverAll brings back an unfinished episode and a finished file the manifest missed, with progress', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    await record(ds, 'ep-1', 60);
    // Abandoned as a crash would leave it: never closed, the file stays .partial.
    const cut = await record(ds, 'ep-2', 200, {}, false);
    while (cut.stats().queueDepth > 0 || cut.stats().chunks < 3) await new Promise((r) => setTimeout(r, 5));
    const orphan = await record(ds, 'ep-3', 40, {}, false);
    await orphan.close();
    writeFileSync(join(ds.episodesDir, 'ep-4.mcap.partial'), 'garbage');
    const seen: RecoverAllProgress[] = [];
    const reports = await ds.recoverAll((p) => seen.push(p));
    expect(reports.map((r) => [r.action, r.ok])).toEqual([['rewritten', true], ['unrecoverable', false]]);
    expect(reports[0]!.recovered_frames).toBeGreaterThanOrEqual(150);
    expect(ds.get('ep-2')).toMatchObject({ complete: false, frames: reports[0]!.recovered_frames });
    expect(ds.get('ep-3')).toMatchObject({ complete: true, frames: 40 });
    expect(ds.get('ep-4')).toBeUndefined();
    expect(existsSync(join(ds.episodesDir, 'ep-4.mcap.unrecoverable'))).toBe(true);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ active: false, done: 3, total: 3, current: null });
    expect(last.lines[0]).toMatch(/^ep-2: recovered \d+ frames \([\d.]+ s\); what came after [\d.]+ s was lost$/);
    expect(last.lines[1]).toMatch(/^ep-4: could not be recovered: .*too short to be an MCAP file \(7 bytes\); nothing to recover$/);
    expect(last.lines[2]).toBe('ep-3: a finished episode missing from the manifest was added');
    expect(seen.some((p) => p.active && p.current === 'ep-2')).toBe(true);
    const manifest = readFileSync(ds.manifestPath, 'utf8');
    expect(manifest).not.toMatch(/\.partial/);
    expect(await ds.recoverAll()).toEqual([]);
  });

  it('never lets the manifest name an unfinished file, and hands out unused episode ids', async () => {
    const ds = await Dataset.open(tmp.dir, { fs, clock });
    await record(ds, 'ep-1', 10);
    const entry = ds.get('ep-1')!;
    await expect(ds.add({ ...entry, id: 'ep-x', file: 'episodes/ep-x.mcap.partial' })).rejects.toThrow(/not a finished episode file/);
    const w = await EpisodeWriter.open({ dir: ds.episodesDir, id: await ds.newEpisodeId(clock.wallMs()), metadata: metadataFor('x'), fs, clock });
    expect(w.id).toBe('ep-20231114-221320');
    expect(await ds.newEpisodeId(clock.wallMs())).toBe('ep-20231114-221320-1');
    await w.close();
  });
});
