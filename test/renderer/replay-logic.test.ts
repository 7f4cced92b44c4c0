import { describe, expect, it } from 'vitest';
import type { LiveState, OperatorInfo, ReplayTimeline } from '../../src/app/contract.ts';
import { parseAppEvent } from '../../renderer/bridge/envelope.ts';
import { liveFrame, liveScene } from '../../renderer/player/live-frame.ts';
import { replayAction } from '../../renderer/replay/replay-keys.ts';
import { actionTwist, interventionRanges, latencyText, nextRange, normalRange, stepSpeed, timecode } from '../../renderer/replay/replay-logic.ts';
import { actionRange, bucketValue, driverAt, markerLabel, timeStep, timeToX, xToTime } from '../../renderer/replay/timeline-geometry.ts';

const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean; ctrlKey: boolean; repeat: boolean }> = {}) =>
  ({ key: k, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, repeat: false, ...mods });

describe('replay speeds and ranges', () => {
  it('steps through the offered speeds and stops at both ends', () => {
    expect(stepSpeed(1, 1)).toBe(2);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.1, -1)).toBe(0.05);
    expect(stepSpeed(0.01, -1)).toBe(0.01);
    expect(stepSpeed(0.25, -1)).toBe(0.2);
    expect(stepSpeed(0.25, 1)).toBe(0.5);
  });

  it('puts [takeover - 3 s, takeover + 1 s] around each takeover, clipped, and cycles through them', () => {
    const markers = [{ t: 10, kind: 'takeover' }, { t: 2, kind: 'takeover' }, { t: 5, kind: 'handback' }, { t: 19.5, kind: 'takeover' }];
    const ranges = interventionRanges(markers, 20);
    expect(ranges).toEqual([{ from: 0, to: 3 }, { from: 7, to: 11 }, { from: 16.5, to: 20 }]);
    expect(nextRange(ranges, null)).toEqual(ranges[0]);
    expect(nextRange(ranges, ranges[0]!)).toEqual(ranges[1]);
    expect(nextRange(ranges, ranges[2]!)).toEqual(ranges[0]);
    expect(nextRange([], null)).toBeNull();
  });

  it('orders a dragged range, keeps it inside the episode and drops a click', () => {
    expect(normalRange(8, 3, 6)).toEqual({ from: 3, to: 6 });
    expect(normalRange(2, 2.01, 6)).toBeNull();
  });

  it('shows time to the millisecond so a frame step is seen', () => {
    expect(timecode(75.0333)).toBe('1:15.033');
    expect(timecode(0)).toBe('0:00.000');
  });
});

describe('latency and ghost command', () => {
  const op = (reactionMs: number | null): OperatorInfo => ({ name: 'ada', reactionMs, reactionSdMs: reactionMs === null ? null : 31.2, trials: 12, measuredAt: null });
  it('says the measured latency, or warns that it is not measured', () => {
    expect(latencyText(op(243.4))).toEqual({ text: 'latency 243 ± 31 ms (12 trials)', measured: true });
    expect(latencyText(op(null)).measured).toBe(false);
    expect(latencyText(op(null)).text).toMatch(/not measured.*ada/);
    expect(latencyText(null).measured).toBe(false);
  });

  it('turns an action vector into the twist it commands', () => {
    expect(actionTwist([0.5, 0, 0.2, -1])).toEqual({ linear: { x: 0.5, y: 0, z: 0.2 }, angular: { x: 0, y: 0, z: -1 } });
    expect(actionTwist(null)).toBeNull();
  });
});

describe('replay keys', () => {
  it('maps the transport keys outside a relabel pass', () => {
    expect(replayAction(key(' '), false)).toEqual({ kind: 'playPause' });
    expect(replayAction(key('ArrowRight'), false)).toEqual({ kind: 'seekBy', seconds: 1 });
    expect(replayAction(key('ArrowLeft', { altKey: true }), false)).toEqual({ kind: 'seekBy', seconds: -10 });
    expect(replayAction(key('ArrowLeft', { shiftKey: true }), false)).toEqual({ kind: 'step', frames: -1 });
    expect(replayAction(key('.'), false)).toEqual({ kind: 'step', frames: 1 });
    expect(replayAction(key(']'), false)).toEqual({ kind: 'speed', dir: 1 });
    expect(replayAction(key('L'), false)).toEqual({ kind: 'loop' });
    expect(replayAction(key('i'), false)).toEqual({ kind: 'nextIntervention' });
    expect(replayAction(key('r'), false)).toEqual({ kind: 'relabel' });
    expect(replayAction(key('a'), false)).toEqual({ kind: 'acceptSelected' });
    expect(replayAction(key('j'), false)).toEqual({ kind: 'calibrate' });
    expect(replayAction(key('Escape'), false)).toEqual({ kind: 'escape' });
    expect(replayAction(key('Enter'), false)).toBeNull();
  });

  it('leaves driving keys alone: Shift letters, Ctrl chords, and everything but stop keys during a pass', () => {
    expect(replayAction(key('a', { shiftKey: true }), false)).toBeNull();
    expect(replayAction(key('ArrowRight', { ctrlKey: true }), false)).toBeNull();
    expect(replayAction(key('d'), true)).toBeNull();
    expect(replayAction(key('ArrowLeft', { shiftKey: true }), true)).toBeNull();
    expect(replayAction(key('r'), true)).toBeNull();
    expect(replayAction(key('Enter'), true)).toEqual({ kind: 'keepPass' });
    expect(replayAction(key('Backspace'), true)).toEqual({ kind: 'discardPass' });
    expect(replayAction(key(' '), true)).toEqual({ kind: 'playPause' });
    expect(replayAction(key('Escape'), true)).toEqual({ kind: 'escape' });
  });
});

describe('timeline geometry', () => {
  const tl: ReplayTimeline = {
    durationS: 10, bucketS: 1,
    bands: [{ from: 0, to: 4, driver: 'policy' }, { from: 4, to: 10, driver: 'operator' }],
    doubt: { min: [0.1, null], max: [0.3, null] },
    operator: [{ min: [0, -0.5], max: [1, 0] }, { min: [], max: [] }, { min: [], max: [] }, { min: [3, 3], max: [3, 3] }],
    policy: [{ min: [0.2], max: [0.4] }, { min: [], max: [] }, { min: [], max: [] }, { min: [], max: [] }],
    markers: [{ t: 4, kind: 'takeover' }], activeActions: [0],
  };
  it('maps time to x and back inside the plot', () => {
    const span = { width: 1056, durationS: 10 };
    expect(xToTime(timeToX(3.5, span), span)).toBeCloseTo(3.5);
    expect(xToTime(0, span)).toBe(0);
    expect(xToTime(5000, span)).toBe(10);
  });

  it('reads drivers, buckets and ranges of the active actions only', () => {
    expect(driverAt(tl.bands, 3.9)).toBe('policy');
    expect(driverAt(tl.bands, 4)).toBe('operator');
    expect(bucketValue(tl.doubt, 0)).toBeCloseTo(0.2);
    expect(bucketValue(tl.doubt, 1)).toBeNull();
    const r = actionRange(tl);
    expect(r.lo).toBeLessThan(-0.5);
    expect(r.hi).toBeGreaterThan(1);
    expect(r.hi).toBeLessThan(3);
    expect(markerLabel('takeover')).toBe('T');
    expect(markerLabel('collision')).toBe('✕');
    expect(timeStep(60, 600)).toBe(10);
  });
});

describe('players and events', () => {
  it('shows live state as a frame keyed by its target', () => {
    const s = { t: 5000, simTime: 12.5, pose: null, twist: null, command: null, driver: 'operator', policy: { doubt: 0.2 },
      target: { kind: 'sim', world: 'forest', seed: 1 } } as unknown as LiveState;
    expect(liveFrame(s)).toMatchObject({ t: 12.5, driver: 'operator', doubt: 0.2 });
    expect(liveScene(s)).toMatchObject({ robot: 'quadrotor', clock: 'Sim time' });
    expect(liveScene({ ...s, target: null, simTime: null }).clock).toBeNull();
  });

  it('accepts a replay closing (null) and the replay events', () => {
    expect(parseAppEvent({ type: 'replay', replay: null })).toEqual({ type: 'replay', replay: null });
    expect(typeof parseAppEvent({ type: 'passes', episodeId: 'e', passes: [] })).toBe('object');
    expect(typeof parseAppEvent({ type: 'state', state: null })).toBe('string');
  });
});
