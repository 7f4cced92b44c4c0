import { describe, expect, it } from 'vitest';
import type { LinkHealth, LiveState, RobotProfile } from '../../src/app/contract.ts';
import { clockTime, degPerSec, fixed, linkDetail, signedSpeed, targetLabel } from '../../renderer/hud/format.ts';
import { keyboardLayoutFor } from '../../renderer/input/input-capture.ts';
import { defaultProfile } from '../../renderer/dialog/profile-fields.ts';

const twist = (x: number, y = 0) => ({ linear: { x, y, z: 0 }, angular: { x: 0, y: 0, z: 0 } });

describe('HUD formatting', () => {
  it('shows reversing as a negative speed and never "-0.00"', () => {
    expect(signedSpeed(twist(-0.5))).toBeCloseTo(-0.5);
    expect(signedSpeed(twist(0.3, 0.4))).toBeCloseTo(0.5);
    expect(fixed(-0.001, 2)).toBe('0.00');
    expect(degPerSec(Math.PI)).toBe('180 °/s');
    expect(clockTime(75.25)).toBe('1:15.2');
  });

  it('says what is connected and how well', () => {
    expect(targetLabel({ kind: 'sim', world: 'forest', seed: 3 }, 'x')).toBe('Simulator · forest · seed 3');
    expect(targetLabel(null, '')).toBe('No robot');
    const link: LinkHealth = { status: 'reconnecting', url: 'ws://r', rttMs: null, attempt: 2, retryInMs: 1500, topics: [], lastError: 'refused' };
    expect(linkDetail(link)).toBe('retry 2 in 1.5 s');
    expect(linkDetail({ ...link, status: 'connected', rttMs: 3.4 })).toBe('RTT 3 ms');
    expect(linkDetail({ ...link, status: 'failed' })).toBe('refused');
  });
});

describe('keyboardLayoutFor', () => {
  const state = (target: LiveState['target']) => ({ target } as LiveState);
  it('flies the forest quadrotor in mode 2 and drives everything else like a rover', () => {
    expect(keyboardLayoutFor(null, [])).toBe('rover');
    expect(keyboardLayoutFor(state({ kind: 'sim', world: 'lane', seed: 1 }), [])).toBe('rover');
    expect(keyboardLayoutFor(state({ kind: 'sim', world: 'forest', seed: 1 }), [])).toBe('mode2');
  });

  it('follows the stick a robot profile reads for forward', () => {
    const drone: RobotProfile = { ...defaultProfile('drone'), mapping: { ...defaultProfile().mapping, axis_linear: { x: 3, y: 2, z: 1 } } };
    expect(keyboardLayoutFor(state({ kind: 'robot', profile: 'drone' }), [drone])).toBe('mode2');
    expect(keyboardLayoutFor(state({ kind: 'robot', profile: 'other' }), [drone])).toBe('rover');
  });
});
