import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dataset } from '../../src/record/dataset.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { frameAt, metadataFor, odometryAt, RAW_TOPICS, scanAt, tempDir } from './record-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'intervene.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 20_000 });

describe('intervene inspect, recover and dataset', () => {
  let tmp: ReturnType<typeof tempDir>;
  let ds: Dataset;
  beforeAll(async () => {
    tmp = tempDir('cli');
    ds = await Dataset.open(join(tmp.dir, 'data'));
    const clock = new FakeClock();
    for (const [id, round, ticks] of [['ep-demo', 0, 120], ['ep-r1', 1, 500], ['ep-cut', 1, 300]] as const) {
      const w = await EpisodeWriter.open({ dir: ds.episodesDir, id, metadata: metadataFor(id, { round }), fs: nodeRecordFs, clock, rawTopics: RAW_TOPICS });
      for (let i = 0; i < ticks; i++) {
        const f = frameAt(i);
        const ns = w.originNs + BigInt(Math.round(f.t * 1e9));
        w.frame(f);
        w.raw('/odom', odometryAt(f.t), ns);
        if (i % 5 === 0) w.raw('/scan', scanAt(f.t), ns);
        if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      }
      if (id === 'ep-cut') {
        while (w.stats().queueDepth > 0) await new Promise((r) => setTimeout(r, 5));
        // Keep a copy as the crash left it; the writer then finishes its own file.
        copyFileSync(w.partialPath, join(tmp.dir, 'ep-cut.mcap.partial'));
        await w.close();
      } else {
        await ds.addEpisode(await w.close({ outcome: id === 'ep-r1' ? 'failure' : 'success' }));
      }
    }
    copyFileSync(join(tmp.dir, 'ep-cut.mcap.partial'), join(ds.episodesDir, 'ep-cut.mcap.partial'));
    await nodeRecordFs.remove(join(ds.episodesDir, 'ep-cut.mcap'));
  });
  afterAll(() => tmp.cleanup());

  it.each(['inspect', 'recover', 'dataset'])('%s --help explains the command', (cmd) => {
    const r = run(cmd, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`intervene ${cmd}`);
    expect(r.stdout).toContain('--json');
  });

  it('inspect --json gives the figures of a finished episode', () => {
    const r = run('inspect', join(ds.episodesDir, 'ep-r1.mcap'), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      complete: true, frames: 500, duration_s: 9.98, operator_frames: 100, policy_frames: 400, interventions: 2, problems: [],
      channels: [
        { topic: '/intervene/frame', schema: 'intervene/Frame', count: 500 }, { topic: '/odom', schema: 'nav_msgs/msg/Odometry', count: 500 },
        { topic: '/scan', schema: 'sensor_msgs/msg/LaserScan', count: 100 }, { topic: '/cmd_vel', schema: 'geometry_msgs/msg/Twist', count: 0 },
      ],
    });
  });

  it('inspect reads a cut-off file as far as it goes, and says so', () => {
    const r = run('inspect', join(tmp.dir, 'ep-cut.mcap.partial'), '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { complete: boolean; frames: number; problems: string[] };
    expect(out.complete).toBe(false);
    expect(out.frames).toBeGreaterThan(200);
    expect(out.frames).toBeLessThan(300);
    expect(out.problems.join()).toMatch(/cut off/);
    const human = run('inspect', join(tmp.dir, 'ep-cut.mcap.partial'));
    expect(human.stdout).toMatch(/^complete\s+no/m);
    expect(human.stdout).toMatch(/^\/intervene\/frame\s+intervene\/Frame\s+\d+$/m);
  });

  it('exits 1 with one clear line on a missing or unreadable file, 2 on bad usage', () => {
    const missing = join(tmp.dir, 'nowhere.mcap');
    const r = run('inspect', missing);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`intervene inspect: ${missing}: no such file\n`);
    const junk = join(tmp.dir, 'junk.mcap');
    writeFileSync(junk, 'not a recording at all');
    const bad = run('inspect', junk, '--json');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`intervene inspect: ${junk}: not an MCAP file (the MCAP magic bytes are missing at the start)\n`);
    expect(run('recover', missing).stderr).toBe(`intervene recover: ${missing}: no such file or folder\n`);
    expect(run('dataset', missing).status).toBe(1);
    expect(run('inspect').status).toBe(2);
  });

  it('recover FILE rewrites a partial file into a readable episode', () => {
    const partial = join(tmp.dir, 'ep-cut.mcap.partial');
    const r = run('recover', partial, '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ file: partial, output: join(tmp.dir, 'ep-cut.mcap'), action: 'rewritten', ok: true });
    expect(report.recovered_frames as number).toBeGreaterThan(200);
    expect(existsSync(partial)).toBe(false);
    const inspect = JSON.parse(run('inspect', join(tmp.dir, 'ep-cut.mcap'), '--json').stdout) as { frames: number; end: { status: string } };
    expect(inspect.frames).toBe(report.recovered_frames);
    expect(inspect.end.status).toBe('recovered');
  });

  it('recover DIR recovers a dataset into its manifest; dataset DIR gives per-round figures', () => {
    const r = run('recover', ds.root);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ep-cut: recovered \d+ frames/);
    const manifest = JSON.parse(readFileSync(ds.manifestPath, 'utf8')) as { episodes: { id: string; complete: boolean }[] };
    expect(manifest.episodes.map((e) => [e.id, e.complete])).toEqual([['ep-demo', true], ['ep-r1', true], ['ep-cut', false]]);

    const stats = JSON.parse(run('dataset', ds.root, '--json').stdout) as { episodes: number; rounds: Record<string, unknown>[]; total: Record<string, unknown> };
    expect(stats.episodes).toBe(3);
    expect(stats.rounds).toHaveLength(2);
    expect(stats.rounds[0]).toMatchObject({ round: 0, episodes: 1, frames: 120, operator_frames: 20, interventions: 1, success: 1, failure: 0, quarantined: 0 });
    expect(stats.rounds[1]).toMatchObject({ round: 1, episodes: 2, success: 0, failure: 1, untagged: 1, incomplete: 1 });
    const table = run('dataset', ds.root);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^\s*round\s+episodes\s+frames/m);
    expect(table.stdout).toMatch(/^\s*all\s+3\s/m);
  });
});
