import { describe, expect, it } from 'vitest';
import { estimateShiftMs, resampleToFrames, type Signal } from '../../src/relabel/alignment.ts';
import { compensatedTime, passInfo, type RelabelPass, type RelabelSample } from '../../src/relabel/pass.ts';
import { PassWriter } from '../../src/relabel/pass-writer.ts';
import { readSidecar, SidecarLog } from '../../src/relabel/sidecar.ts';
import { syntheticReactionTime, syntheticRelabel } from '../../src/relabel/synthetic.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { expertAt, MemorySidecarFs, settle, sineFrames } from './relabel-fixture.ts';

const frames = sineFrames(12);
const reference: Signal = { t: frames.map((f) => f.t), a: frames.map((f) => f.expert_action as number[]) };
const rawTrack = (p: RelabelPass): Signal => ({ t: p.samples.filter((s) => s.enable).map((s) => s.replayT), a: p.samples.filter((s) => s.enable).map((s) => s.action) });
const compensatedTrack = (p: RelabelPass): Signal => {
  const { track } = passInfo(p, Number.POSITIVE_INFINITY);
  return { t: track.t, a: track.action };
};

/** Replays a pass's samples into a sidecar at their own wall times on a fake clock, and reads it back. */
async function recordOnFakeClock(pass: RelabelPass): Promise<RelabelPass> {
  const fs = new MemorySidecarFs(), clock = new FakeClock();
  const writer = await PassWriter.open({ log: new SidecarLog(fs, 'ep.relabel.jsonl'), clock, header: pass });
  for (const s of pass.samples) {
    clock.advance(s.wallMs - clock.now());
    writer.add(s);
    await settle(2);
  }
  expect(await writer.end()).toBe(pass.samples.length);
  const { passes, problems } = await readSidecar(fs, 'ep.relabel.jsonl');
  expect(problems).toEqual([]);
  return passes[0] as RelabelPass;
}

describe('estimateShiftMs', () => {
  const shifted = (shiftS: number, dt = 0.005): Signal => {
    const t = Array.from({ length: Math.round(8 / dt) }, (_, i) => 2 + i * dt);
    return { t, a: t.map((x) => expertAt(x - shiftS)) };
  };

  it('recovers a known shift; positive means the track lags', () => {
    expect(estimateShiftMs(shifted(0.137), reference)).toBeCloseTo(137, 0);
    expect(estimateShiftMs(shifted(-0.08), reference)).toBeCloseTo(-80, 0);
    expect(estimateShiftMs(shifted(0.3), reference, { components: [3], stepMs: 10, maxShiftMs: 400 })).toBeCloseTo(300, 0);
  });

  it('is null without overlap', () => {
    expect(estimateShiftMs({ t: [100, 101], a: [[0, 0, 0, 0], [1, 0, 0, 0]] }, reference)).toBeNull();
  });
});

describe('reaction-time compensation', () => {
  for (const speed of [0.25, 1]) {
    it(`at ${speed}x, a 250 ms operator's raw labels lag by delay x speed; compensated, by less than a control period`, async () => {
      const made = syntheticRelabel(frames, { id: 'p', episodeId: 'ep', createdAt: '2026-01-01T00:00:00Z', from: 2, to: 10, speed, delayS: 0.25, latencyMs: 250 });
      expect(made.samples.at(-1)?.wallMs).toBeCloseTo((8 / speed) * 1000, 6);
      const pass = await recordOnFakeClock(made);
      const raw = estimateShiftMs(rawTrack(pass), reference) as number;
      expect(Math.abs(raw - 250 * speed)).toBeLessThan(20);
      const compensated = estimateShiftMs(compensatedTrack(pass), reference) as number;
      expect(Math.abs(compensated)).toBeLessThan(20);
    });
  }

  it('with the latency a synthetic calibration measured (250 ms, jitter 30 ms), noisy labels line up within 20 ms at 0.25x', () => {
    const measured = syntheticReactionTime({ delayS: 0.25, jitterS: 0.03, seed: 5 });
    expect(measured.resultsMs).toHaveLength(12);
    expect(Math.abs((measured.meanMs as number) - 250)).toBeLessThan(25);
    expect(measured.sdMs).toBeGreaterThan(10);
    expect(measured.sdMs).toBeLessThan(60);
    const pass = syntheticRelabel(frames, {
      id: 'p', episodeId: 'ep', createdAt: '2026-01-01T00:00:00Z', from: 2, to: 10, speed: 0.25, delayS: 0.25,
      noiseStd: [0.05, 0, 0, 0.05], seed: 9, latencyMs: measured.meanMs as number,
    });
    const compensated = estimateShiftMs(compensatedTrack(pass), reference) as number;
    expect(Math.abs(compensated)).toBeLessThan(20);
  });

  it('a calibration without jitter measures the delay exactly', () => {
    const m = syntheticReactionTime({ delayS: 0.3, jitterS: 0, seed: 1, trials: 5 });
    expect(m.resultsMs).toHaveLength(5);
    expect(m.meanMs).toBeCloseTo(300, 6);
    expect(m.sdMs).toBeCloseTo(0, 6);
  });
});

describe('resampleToFrames', () => {
  // Speed 0.5, latency 200 ms: labels move 0.1 s earlier. One sample per 0.01 s of replay.
  const samples: RelabelSample[] = Array.from({ length: 51 }, (_, k) => {
    const replayT = 1 + k * 0.01;
    return { wallMs: k * 20, replayT, action: [replayT, 0, 0, -replayT], enable: !(replayT > 1.2 + 1e-9 && replayT < 1.3 - 1e-9) };
  });
  const pass: RelabelPass = { id: 'p', episodeId: 'ep', operator: 'ana', from: 1, to: 1.5, speed: 0.5, latencyMs: 200, createdAt: '2026-01-01T00:00:00Z', status: 'accepted', samples };

  it('gives the compensated, interpolated label per frame; null outside, across gaps and for disabled samples', () => {
    const times = [0.8, 0.895, 0.9, 0.905, 1.0, 1.1, 1.15, 1.2, 1.4, 1.401, 1.5];
    const got = resampleToFrames(pass, times).map((a) => (a ? Math.round((a[0] as number) * 1e6) / 1e6 : null));
    expect(got).toEqual([null, null, 1, 1.005, 1.1, 1.2, null, 1.3, 1.5, null, null]);
    expect(compensatedTime(1.3, 200, 0.5)).toBeCloseTo(1.2, 12);
    // A wider gap allowance bridges the released stretch.
    expect(resampleToFrames(pass, [1.15], { maxGapS: 0.2 })[0]?.[0]).toBeCloseTo(1.25, 9);
  });

  it('passInfo plots enabled samples at compensated times, at most 2000 points', () => {
    const info = passInfo(pass);
    expect(info.samples).toBe(51);
    expect(info.track.t).toHaveLength(42);
    expect(info.track.t[0]).toBeCloseTo(0.9, 12);
    const long = { ...pass, samples: Array.from({ length: 4500 }, (_, k) => ({ wallMs: k * 20, replayT: k * 0.01, action: [k, 0, 0, 0], enable: true })) };
    const plotted = passInfo(long);
    expect(plotted.track.t.length).toBeLessThanOrEqual(2000);
    expect(plotted.track.t.length).toBeGreaterThan(1000);
    expect(plotted.samples).toBe(4500);
  });
});
