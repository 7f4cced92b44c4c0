import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/base/clock.ts';
import { AppCore } from '../../src/app/core.ts';
import type { AppEvent, LiveState, ReactionState, RelabelPassInfo, ReplayOpened, ReplayState } from '../../src/app/contract.ts';
import { ProfileStore } from '../../src/app/profile-store.ts';
import { MemoryTextStore } from '../../src/app/text-store.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { acceptedPasses } from '../../src/learn/dataset-source.ts';
import { NodeSidecarFs } from '../../src/relabel/node-sidecar-fs.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { startSimulator } from '../../src/sim/index.ts';
import { keys, poseX, sleep, until } from './core-fixture.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function recordedCore() {
  const root = mkdtempSync(join(tmpdir(), 'intervene-replay-'));
  dirs.push(root);
  const dataset = await Dataset.open(root);
  const profiles = new ProfileStore(new MemoryTextStore());
  await profiles.load();
  const core = new AppCore({
    clock: systemClock, host: 'console', version: 'test', profiles,
    startSim: ({ world, seed }) => startSimulator({ world, seed, port: 0, speed: 1 }),
    record: { dataset, fs: nodeRecordFs, operator: 'ada' },
  });
  const events: AppEvent[] = [];
  core.onEvent((e) => events.push(e));
  await core.connect({ kind: 'sim', world: 'lane', seed: 3 });
  await until(() => core.state(), (s) => s.link.status === 'connected' && s.pose !== null, 5000, 'connected');
  const input = (k: Parameters<typeof keys>[0]) => core.handle('input', keys(k));
  // Drive 1.5 s: an episode to replay.
  await input({ enable: false });
  const end = Date.now() + 1500;
  while (Date.now() < end) {
    await input({ enable: true, forward: 1 });
    await sleep(40);
  }
  await input({ enable: false });
  await core.handle('newEpisode', undefined);
  await until(() => dataset.list(), (l) => l.length === 1, 5000, 'episode in the dataset');
  return { core, dataset, events, input, id: (dataset.list()[0] as { id: string }).id };
}

const last = <T extends AppEvent['type']>(events: AppEvent[], type: T) =>
  events.filter((e): e is Extract<AppEvent, { type: T }> => e.type === type).at(-1);

describe('Replay and relabel in the app core, against the simulator and real files', () => {
  it('replays a recorded drive with the robot held, records a relabel pass beside the episode, and accepts it', async () => {
    const { core, dataset, events, input, id } = await recordedCore();
    try {
      const opened = await core.handle('openReplay', { id }) as ReplayOpened;
      expect(opened.state.durationS).toBeGreaterThan(1);
      expect(opened.state.frameCount).toBeGreaterThan(50);
      expect(opened.timeline.bands.some((b) => b.driver === 'operator')).toBe(true);
      expect(opened.passes).toEqual([]);

      // Held: the stick that drives the ghost never moves the robot.
      await until(() => core.state(), (s) => Math.abs(s.twist?.linear.x ?? 1) < 0.01, 5000, 'the robot to stop');
      const x0 = poseX(core.state());
      for (let i = 0; i < 10; i++) {
        await input({ enable: true, forward: 1 });
        await sleep(30);
      }
      expect(core.state().driver).toBe('none');
      expect(core.state().problems.some((p) => p.key === 'control.held')).toBe(true);
      expect(Math.abs(poseX(core.state()) - x0)).toBeLessThan(0.02);
      await input({ enable: false });

      // Play at 0.5x: position moves at half the wall clock.
      const start = await core.handle('replayControl', { seekS: 0.2, speed: 0.5, play: true }) as ReplayState;
      const t0 = Date.now();
      await sleep(400);
      const mid = core.desk!.replay.state()!;
      const expected = start.positionS + ((Date.now() - t0) / 1000) * 0.5;
      expect(mid.positionS).toBeGreaterThan(start.positionS + 0.1);
      expect(Math.abs(mid.positionS - expected)).toBeLessThan(0.05);
      expect(last(events, 'replay')?.replay?.playing).toBe(true);
      const stepped = await core.handle('replayControl', { play: false, seekS: 1, stepFrames: 1 }) as ReplayState;
      expect(stepped.playing).toBe(false);
      expect(stepped.positionS).toBeGreaterThan(1);
      expect(stepped.positionS).toBeLessThan(1.05);

      // A pass over [0.5, 0.9] at 1x while holding enable + forward.
      await input({ enable: true, forward: 1 });
      const relabel = await core.handle('startRelabel', { from: 0.5, to: 0.9, speed: 1 }) as ReplayState;
      expect(relabel.relabel?.from).toBe(0.5);
      const pumping = setInterval(() => void input({ enable: true, forward: 1 }), 30);
      await until(() => core.desk!.replay.state()!.relabel, (r) => r === null, 5000, 'the pass to end at its range end');
      clearInterval(pumping);
      await input({ enable: false });
      const passes = await until(() => last(events, 'passes'), (e) => e !== undefined, 3000, 'passes event');
      const pass = passes!.passes[0] as RelabelPassInfo;
      expect(pass.status).toBe('pending');
      expect(pass.samples).toBeGreaterThan(10);
      expect(pass.track.action.every((a) => (a[0] as number) > 0.5)).toBe(true);
      expect(pass.latencyMs).toBe(0);
      expect(core.state().problems.some((p) => p.key === 'relabel.latency')).toBe(true);
      const file = join(dataset.root, (dataset.get(id) as { file: string }).file.replace(/\.mcap$/, '.relabel.jsonl'));
      expect(existsSync(file)).toBe(true);

      const accepted = await core.handle('setPassStatus', { episodeId: id, passId: pass.id, status: 'accepted' }) as RelabelPassInfo;
      expect(accepted.status).toBe('accepted');
      expect(readFileSync(file, 'utf8')).toContain('"status":"accepted"');
      // What the training worker reads: the accepted pass, beside its episode.
      const forTraining = await acceptedPasses({ root: dataset.root, episodes: dataset.list() }, new NodeSidecarFs());
      expect(forTraining.map((p) => p.id)).toEqual([pass.id]);

      // Closing ends the hold; a fresh press drives again.
      await core.handle('closeReplay', undefined);
      expect(last(events, 'replay')?.replay).toBeNull();
      const before = poseX(core.state());
      const until2 = Date.now() + 600;
      while (Date.now() < until2) {
        await input({ enable: true, forward: 1 });
        await sleep(30);
      }
      await until(() => core.state(), (s: LiveState) => poseX(s) > before + 0.05, 3000, 'the robot to drive after the replay');
    } finally {
      await core.dispose();
    }
  }, 30_000);

  it('measures the operator\'s reaction time with the stick and keeps it per operator', async () => {
    const { core, events, input } = await recordedCore();
    try {
      await core.handle('setOperator', { name: 'grace' });
      await input({ enable: false });
      const started = await core.handle('startReaction', { trials: 3 }) as ReactionState;
      expect(started.state).toBe('running');
      // Answer every flash 180 ms after the core showed it, then let go.
      const seen = new Set<AppEvent>();
      core.onEvent((e) => {
        if (e.type !== 'reaction' || !e.reaction.stimulus || seen.has(e)) return;
        seen.add(e);
        setTimeout(() => void input({ enable: false, turn: 1 }).then(() => sleep(150)).then(() => input({ enable: false })), 180);
      });
      await until(() => last(events, 'reaction')?.reaction, (r) => r?.state === 'done', 25_000, 'the calibration to finish');
      const done = last(events, 'reaction')!.reaction;
      expect(done.resultsMs.length).toBe(3);
      // 180 ms after the event left the core, plus the event loop's delays.
      expect(done.meanMs).toBeGreaterThan(170);
      expect(done.meanMs).toBeLessThan(450);
      const ops = await until(() => last(events, 'operators'), (e) => e?.operators.some((o) => o.name === 'grace' && o.reactionMs !== null) ?? false, 3000, 'operators event');
      expect(ops!.current).toBe('grace');
    } finally {
      await core.dispose();
    }
  }, 40_000);
});
