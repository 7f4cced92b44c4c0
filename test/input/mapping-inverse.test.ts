import { describe, expect, it } from 'vitest';
import { defaultMapping, droneMapping, mapPad } from '../../src/input/mapping.ts';
import { padForTwist } from '../../src/input/mapping-inverse.ts';

const tw = (x: number, y: number, z: number, yaw: number) => ({ linear: { x, y, z }, angular: { x: 0, y: 0, z: yaw } });

describe('padForTwist', () => {
  it.each([
    ['rover', defaultMapping(), tw(0.6, 0, 0, -0.4)],
    ['rover turbo', defaultMapping(), tw(1.7, 0, 0, 0.3)],
    ['drone', droneMapping(), tw(1.2, -0.4, 0.3, 0.5)],
  ])('round-trips through mapPad (%s)', (_name, mapping, twist) => {
    const back = mapPad(padForTwist(twist, mapping), mapping);
    expect(back.enable).toBe(true);
    expect(back.twist.linear.x).toBeCloseTo(twist.linear.x, 6);
    expect(back.twist.angular.z).toBeCloseTo(twist.angular.z, 6);
    if (mapping.axis_linear.y >= 0) expect(back.twist.linear.y).toBeCloseTo(twist.linear.y, 6);
    if (mapping.axis_linear.z >= 0) expect(back.twist.linear.z).toBeCloseTo(twist.linear.z, 6);
  });

  it('saturates at the turbo scale rather than exceeding it', () => {
    const m = defaultMapping();
    const back = mapPad(padForTwist(tw(50, 0, 0, 0), m), m);
    expect(back.twist.linear.x).toBeCloseTo(m.scale_linear_turbo.x, 6);
  });
});
