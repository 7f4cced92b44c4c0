import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EpisodeRecorder } from '../../src/app/episode-recorder.ts';
import type { DriveSession } from '../../src/app/drive-session.ts';
import type { ControlStep } from '../../src/control/controller.ts';
import { systemClock } from '../../src/base/clock.ts';
import { ProblemSet } from '../../src/base/problem.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import type { RecordFs } from '../../src/record/record-fs.ts';
import type { RobotProfile } from '../../src/app/contract.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real files, but creating one takes `delay` ms: a slow disk, to open the race. */
function slowCreate(delay: number): RecordFs {
  return new Proxy(nodeRecordFs, {
    get(target, key: keyof RecordFs) {
      if (key === 'create') return async (p: string, e?: boolean) => { await sleep(delay); return nodeRecordFs.create(p, e); };
      const v = target[key];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The control steps of a drive session (the recorder's only input besides sensors). */
function session() {
  const listeners: Array<(s: ControlStep) => void> = [];
  const s = {
    controller: { onStep: (l: (s: ControlStep) => void) => { listeners.push(l); return () => undefined; } },
    onRaw: () => () => undefined,
    sensors: { twist: null, scan: null, route: null, expert: null, collisions: null, departures: null },
    rttMs: () => null,
  } as unknown as DriveSession;
  return { s, fire: (st: ControlStep) => listeners.forEach((l) => l(st)) };
}

const tw = { linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
const t0 = systemClock.now();
const step = (n: number) => ({
  at: t0 + n * 20, source: 'tick', tick: { n, deadline: 0, actual: 0, lateMs: 0 },
  operator: { command: { twist: tw, enable: true, turbo: false }, ageMs: 0 },
  decision: { phase: 'manual', policy: null, event: null, proposal: { driver: 'operator' } },
  output: { driver: 'operator', estop: false, armed: true, enable: true, turbo: false, publish: tw, urgent: false, reason: 'operator' }, published: true,
}) as unknown as ControlStep;
const profile = { name: 'p', odomTopic: '/odom', scanTopic: '', cmdTopic: '/cmd_vel', cmdType: 'geometry_msgs/Twist' } as RobotProfile;

async function ticks(ds: Dataset): Promise<number[][]> {
  const out: number[][] = [];
  for (const e of ds.list()) {
    const r = await EpisodeReader.open(join(ds.root, e.file));
    out.push((await r.frames()).map((f) => f.tick as number));
    await r.close();
  }
  return out;
}

async function setup() {
  const root = mkdtempSync(join(tmpdir(), 'intervene-rec-'));
  dirs.push(root);
  const fs = slowCreate(300);
  const dataset = await Dataset.open(root, { fs });
  const rec = new EpisodeRecorder({ clock: systemClock, dataset, fs, appVersion: 't', operator: 'o', problems: new ProblemSet(() => 0) });
  const { s, fire } = session();
  rec.attach(s, profile, { kind: 'robot', profile: 'p' });
  return { dataset, rec, fire };
}

describe('EpisodeRecorder while a slow disk is still opening the episode', () => {
  it('a new episode asked for mid-open keeps every frame in its own episode, in order', async () => {
    const { dataset, rec, fire } = await setup();
    for (let n = 0; n < 10; n++) fire(step(n));
    const ended = rec.endEpisode();
    for (let n = 10; n < 20; n++) fire(step(n));
    await ended;
    await sleep(800);
    for (let n = 20; n < 30; n++) fire(step(n));
    await rec.detach();
    await dataset.flushed();
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    expect(await ticks(dataset)).toEqual([range(0, 10), range(10, 30)]);
  });

  it('a disconnect mid-open still yields the episode with its frames', async () => {
    const { dataset, rec, fire } = await setup();
    for (let n = 0; n < 10; n++) fire(step(n));
    await rec.detach();
    await dataset.flushed();
    expect(await ticks(dataset)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });
});
