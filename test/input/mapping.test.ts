import { describe, expect, it } from 'vitest';
import { applyDeadzone, defaultMapping, droneMapping, mapPad } from '../../src/input/mapping.ts';
import type { TeleopMapping } from '../../src/input/mapping.ts';
import { Axis, Btn, neutralPad } from '../../src/input/pad.ts';
import type { PadState } from '../../src/input/pad.ts';

function pad(axes: Partial<Record<number, number>>, buttons: number[] = []): PadState {
  const p = neutralPad();
  for (const [i, v] of Object.entries(axes)) p.axes[Number(i)] = v as number;
  for (const b of buttons) p.buttons[b] = 1;
  return p;
}

const HELD = [Btn.LB];

describe('applyDeadzone', () => {
  it('zeroes inside the deadzone and rescales outside it, as joy does', () => {
    expect(applyDeadzone(0.05, 0.05)).toBe(0);
    expect(applyDeadzone(-0.04, 0.05)).toBe(0);
    expect(applyDeadzone(1, 0.05)).toBe(1);
    expect(applyDeadzone(-1, 0.05)).toBe(-1);
    expect(applyDeadzone(0.525, 0.05)).toBeCloseTo(0.5, 10);
    expect(applyDeadzone(-0.525, 0.05)).toBeCloseTo(-0.5, 10);
  });

  it('clamps and treats NaN/Inf as centred', () => {
    expect(applyDeadzone(3, 0.05)).toBe(1);
    expect(applyDeadzone(Number.NaN, 0.05)).toBe(0);
    expect(applyDeadzone(Number.POSITIVE_INFINITY, 0.05)).toBe(0);
  });
});

describe('mapPad with the default mapping', () => {
  const m = defaultMapping();

  it('is silent without the deadman, whatever the sticks say', () => {
    const c = mapPad(pad({ [Axis.LY]: -1, [Axis.LX]: -1 }), m);
    expect(c.enable).toBe(false);
    expect(c.twist).toEqual({ linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  });

  it('flips W3C signs to ROS: stick up drives forward, stick left turns left', () => {
    const c = mapPad(pad({ [Axis.LY]: -1, [Axis.LX]: -1 }, HELD), m);
    expect(c.enable).toBe(true);
    expect(c.twist.linear.x).toBeCloseTo(1.0);
    expect(c.twist.angular.z).toBeCloseTo(1.2);
    const back = mapPad(pad({ [Axis.LY]: 1, [Axis.LX]: 1 }, HELD), m);
    expect(back.twist.linear.x).toBeCloseTo(-1.0);
    expect(back.twist.angular.z).toBeCloseTo(-1.2);
  });

  it('maps the right stick to linear.z (up positive) and leaves linear.y disabled', () => {
    const c = mapPad(pad({ [Axis.RY]: -1, [Axis.RX]: -1 }, HELD), m);
    expect(c.twist.linear.z).toBeCloseTo(0.8);
    expect(c.twist.linear.y).toBe(0);
    expect(c.twist.angular.x).toBe(0);
    expect(c.twist.angular.y).toBe(0);
  });

  it('applies the deadzone with rescale before scaling', () => {
    expect(mapPad(pad({ [Axis.LY]: -0.04 }, HELD), m).twist.linear.x).toBe(0);
    expect(mapPad(pad({ [Axis.LY]: -0.525 }, HELD), m).twist.linear.x).toBeCloseTo(0.5, 10);
  });

  it('uses the turbo scales while turbo and deadman are held', () => {
    const c = mapPad(pad({ [Axis.LY]: -1, [Axis.LX]: 1 }, [Btn.LB, Btn.RB]), m);
    expect(c.turbo).toBe(true);
    expect(c.twist.linear.x).toBeCloseTo(2.0);
    expect(c.twist.angular.z).toBeCloseTo(-2.4);
  });

  it('does not drive on turbo alone (the deadman is always required)', () => {
    const c = mapPad(pad({ [Axis.LY]: -1 }, [Btn.RB]), m);
    expect(c).toMatchObject({ enable: false, turbo: false });
    expect(c.twist.linear.x).toBe(0);
  });

  it('counts an analog button as pressed from 0.5', () => {
    const p = pad({ [Axis.LY]: -1 });
    p.buttons[Btn.LB] = 0.49;
    expect(mapPad(p, m).enable).toBe(false);
    p.buttons[Btn.LB] = 0.5;
    expect(mapPad(p, m).enable).toBe(true);
  });

  it('turns NaN and Inf into zero output, and NaN buttons into released', () => {
    const c = mapPad(pad({ [Axis.LY]: Number.NaN, [Axis.LX]: Number.NEGATIVE_INFINITY }, HELD), m);
    expect(c.twist.linear.x).toBe(0);
    expect(c.twist.angular.z).toBe(0);
    const p = pad({ [Axis.LY]: -1 });
    p.buttons[Btn.LB] = Number.NaN;
    expect(mapPad(p, m).enable).toBe(false);
  });

  it('clamps over-range axes to the scale', () => {
    expect(mapPad(pad({ [Axis.LY]: -7 }, HELD), m).twist.linear.x).toBeCloseTo(1.0);
  });

  it('reads a missing axis (short pad) as centred and never emits -0', () => {
    const c = mapPad({ axes: [], buttons: [0, 0, 0, 0, 1] }, m);
    expect(c.enable).toBe(true);
    expect(Object.is(c.twist.linear.x, 0)).toBe(true);
    expect(Object.is(c.twist.angular.z, 0)).toBe(true);
  });
});

describe('mapPad options', () => {
  it('disables an output with axis index -1', () => {
    const m: TeleopMapping = { ...defaultMapping(), axis_angular: { yaw: -1, pitch: -1, roll: -1 } };
    expect(mapPad(pad({ [Axis.LX]: -1 }, HELD), m).twist.angular.z).toBe(0);
  });

  it('disables turbo with button index -1', () => {
    const m: TeleopMapping = { ...defaultMapping(), enable_turbo_button: -1 };
    const c = mapPad(pad({ [Axis.LY]: -1 }, [Btn.LB, Btn.RB]), m);
    expect(c.turbo).toBe(false);
    expect(c.twist.linear.x).toBeCloseTo(1.0);
  });

  it('inverts per axis after the sign flip', () => {
    const m: TeleopMapping = { ...defaultMapping(), invert: { ...defaultMapping().invert, yaw: true } };
    expect(mapPad(pad({ [Axis.LX]: -1 }, HELD), m).twist.angular.z).toBeCloseTo(-1.2);
  });

  it('maps pitch and roll to angular.y and angular.x', () => {
    const m: TeleopMapping = {
      ...defaultMapping(),
      axis_angular: { yaw: -1, pitch: Axis.RY, roll: Axis.RX },
      scale_angular: { yaw: 0, pitch: 0.5, roll: 0.25 },
    };
    const t = mapPad(pad({ [Axis.RY]: -1, [Axis.RX]: -1 }, HELD), m).twist;
    expect(t.angular.y).toBeCloseTo(0.5);
    expect(t.angular.x).toBeCloseTo(0.25);
  });
});

describe('droneMapping (RC Mode 2)', () => {
  const m = droneMapping();
  it('left stick climbs and yaws, right stick flies forward and sideways', () => {
    const t = mapPad(pad({ [Axis.LY]: -1, [Axis.LX]: -1, [Axis.RY]: -1, [Axis.RX]: -1 }, HELD), m).twist;
    expect(t.linear.z).toBeGreaterThan(0);
    expect(t.angular.z).toBeGreaterThan(0);
    expect(t.linear.x).toBeGreaterThan(0);
    expect(t.linear.y).toBeGreaterThan(0);
    expect(t.linear.x).toBeCloseTo(m.scale_linear.x);
  });

  it('right stick right strafes right (negative y, ROS left-positive)', () => {
    expect(mapPad(pad({ [Axis.RX]: 1 }, HELD), m).twist.linear.y).toBeCloseTo(-m.scale_linear.y);
  });
});
