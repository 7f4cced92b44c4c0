import { describe, expect, it } from 'vitest';
import { ProblemSet } from '../../src/base/problem.ts';
import type { TeleopCommand } from '../../src/input/mapping.ts';
import { Supervisor, type Proposal, type SupervisorConfig } from '../../src/control/supervisor.ts';
import { cmd, twist, ZERO } from './helpers.ts';

function setup(config: Partial<SupervisorConfig> = {}) {
  let now = 0;
  const problems = new ProblemSet(() => now);
  const sup = new Supervisor(problems, config);
  // Every session starts waiting for the enable button to be seen released.
  sup.step({ now, operator: cmd(false), inputAgeMs: 0, linkUp: false });
  const step = (op: TeleopCommand | null, o: { age?: number; link?: boolean; dt?: number; proposal?: Proposal; source?: string } = {}) => {
    now += o.dt ?? 20;
    return sup.step({ now, operator: op, inputAgeMs: o.age ?? 0, linkUp: o.link ?? true, proposal: o.proposal, sourceId: o.source ?? null });
  };
  const problem = (key: string) => problems.list().find((p) => p.key === key);
  return { sup, step, problems, problem };
}

describe('Supervisor: deadman', () => {
  it('stays silent until enable is held, drives while held', () => {
    const { step } = setup();
    expect(step(cmd(false, 0.5)).publish).toBeNull();
    const out = step(cmd(true, 0.5, 0.2));
    expect(out).toMatchObject({ publish: twist(0.5, 0.2), driver: 'operator', enable: true, reason: 'operator' });
  });

  it('sends exactly one zero at once on release, then silence', () => {
    const { step } = setup();
    step(cmd(true, 0.5));
    const release = step(cmd(false, 0.5), { dt: 1 });
    expect(release).toMatchObject({ publish: ZERO, urgent: true, driver: 'none', reason: 'idle' });
    for (let i = 0; i < 5; i++) expect(step(cmd(false, 0.5)).publish).toBeNull();
  });

  it('streams zeros after release with onRelease zero-stream', () => {
    const { step } = setup({ onRelease: 'zero-stream' });
    step(cmd(true, 0.5));
    expect(step(cmd(false)).publish).toEqual(ZERO);
    expect(step(cmd(false))).toMatchObject({ publish: ZERO, urgent: false });
  });
});

describe('Supervisor: stale input', () => {
  it('stops when input is inputTimeoutMs old while enable is held, and raises an alarm', () => {
    const { step, problem } = setup();
    step(cmd(true, 0.5));
    expect(step(cmd(true, 0.5), { age: 499 }).publish).toEqual(twist(0.5));
    const out = step(cmd(true, 0.5), { age: 500 });
    expect(out).toMatchObject({ publish: ZERO, urgent: true, reason: 'input-stale' });
    expect(problem('control.input-stale')?.severity).toBe('error');
    expect(step(cmd(true, 0.5), { age: 600 }).publish).toBeNull();
  });

  it('treats a vanished input source while enable was held as stale at once', () => {
    const { step, problem } = setup();
    step(cmd(true, 0.5));
    expect(step(null)).toMatchObject({ publish: ZERO, reason: 'input-stale' });
    expect(problem('control.input-stale')).toBeDefined();
  });

  it('does not resume when the pad returns with enable still held; needs release and press', () => {
    const { step, problem } = setup();
    step(cmd(true, 0.5));
    step(null);
    expect(step(cmd(true, 0.5)).publish).toBeNull();
    expect(problem('control.input-stale')?.hint).toMatch(/release/i);
    expect(step(cmd(false)).publish).toBeNull();
    expect(problem('control.input-stale')?.severity).toBe('warning');
    expect(step(cmd(true, 0.3))).toMatchObject({ publish: twist(0.3), driver: 'operator' });
    expect(problem('control.input-stale')).toBeUndefined();
  });

  it('ignores silence while nobody needs the input', () => {
    const { step, problem } = setup();
    step(cmd(false));
    expect(step(null).publish).toBeNull();
    expect(step(cmd(false), { age: 5000 }).publish).toBeNull();
    expect(problem('control.input-stale')).toBeUndefined();
    expect(step(cmd(true, 0.2)).publish).toEqual(twist(0.2));
  });
});

describe('Supervisor: link loss and arming', () => {
  it('disarms on link loss: one zero, then nothing moves until arm()', () => {
    const { sup, step, problem } = setup();
    step(cmd(true, 0.5));
    expect(step(cmd(true, 0.5), { link: false })).toMatchObject({ publish: ZERO, urgent: true, armed: false, reason: 'disarmed' });
    expect(problem('control.disarmed')?.hint).toMatch(/Re-arm \(R\)/);
    expect(step(cmd(true, 0.5), { link: false }).publish).toBeNull();
    // Reconnect: zeros for a robot that may still hold the last command; nothing moves.
    expect(step(cmd(true, 0.5))).toMatchObject({ publish: ZERO, armed: false });
    expect(step(cmd(true, 0.5)).publish).toEqual(ZERO);
    const refused = sup.arm();
    expect(refused.ok).toBe(false);
    expect(problem('control.disarmed')?.message).toMatch(/Release the enable button/);
    expect(step(cmd(true, 0.5)).publish).toEqual(ZERO);
    step(cmd(false));
    expect(sup.arm()).toEqual({ ok: true });
    expect(problem('control.disarmed')).toBeUndefined();
    expect(step(cmd(true, 0.4))).toMatchObject({ publish: twist(0.4), armed: true });
  });

  it('refuses to arm while the link is down', () => {
    const { sup, step } = setup();
    step(cmd(false));
    sup.linkLost();
    expect(sup.arm().ok).toBe(false);
    expect(step(cmd(false), { link: false }).armed).toBe(false);
    expect(sup.arm()).toMatchObject({ ok: false, reason: expect.stringMatching(/link is down/) });
  });

  it('is not disarmed before the link has ever been up', () => {
    const { step } = setup();
    expect(step(cmd(true, 0.5), { link: false })).toMatchObject({ publish: null, armed: true, reason: 'link-down' });
    expect(step(cmd(true, 0.5))).toMatchObject({ publish: twist(0.5), armed: true });
  });
});

describe('Supervisor: sanitizing', () => {
  it('never lets NaN or Infinity through, and raises a problem that expires', () => {
    const { step, problem } = setup({ faultHoldMs: 100 });
    const bad = { twist: twist(NaN, 0.3), enable: true, turbo: false };
    expect(step(bad).publish).toEqual(ZERO);
    expect(problem('control.nonfinite')?.severity).toBe('error');
    const inf = { twist: twist(0.2, 0, { z: -Infinity }), enable: true, turbo: false };
    expect(step(inf).publish).toEqual(ZERO);
    expect(step(cmd(true, 0.2), { dt: 50 }).publish).toEqual(twist(0.2));
    expect(problem('control.nonfinite')).toBeDefined();
    step(cmd(true, 0.2), { dt: 60 });
    expect(problem('control.nonfinite')).toBeUndefined();
  });

  it('clamps each component to its limit and says so', () => {
    const { step, problem } = setup({ limits: { linear: 1, angular: 2, vertical: 0.5 } });
    const wild = { twist: twist(3, -9, { y: -4, z: 7, roll: 5, pitch: -5 }), enable: true, turbo: true };
    expect(step(wild).publish).toEqual(twist(1, -2, { y: -1, z: 0.5, roll: 2, pitch: -2 }));
    expect(problem('control.clamped')).toBeDefined();
    expect(step(cmd(true, 0.9, 1.9)).publish).toEqual(twist(0.9, 1.9));
    expect(problem('control.clamped')).toBeUndefined();
  });

  it('rejects bad configuration, naming the value', () => {
    expect(() => setup({ limits: { linear: NaN, angular: 1, vertical: 1 } })).toThrow(/linear/);
    expect(() => setup({ inputTimeoutMs: -1 })).toThrow(/inputTimeoutMs/);
  });
});

describe('Supervisor: e-stop', () => {
  it('latches: one zero at once, nothing moves until reset, reset refused while enable is held', () => {
    const { sup, step, problem } = setup();
    step(cmd(true, 0.5));
    sup.estop();
    expect(problem('control.estop')?.severity).toBe('error');
    expect(step(cmd(true, 0.5), { dt: 0 })).toMatchObject({ publish: ZERO, urgent: true, estop: true, reason: 'estop' });
    for (let i = 0; i < 3; i++) expect(step(cmd(true, 0.5)).publish).toBeNull();
    expect(sup.resetEstop()).toMatchObject({ ok: false });
    expect(problem('control.estop')?.message).toMatch(/Release the enable button/);
    step(cmd(false));
    expect(sup.resetEstop()).toEqual({ ok: true });
    expect(problem('control.estop')).toBeUndefined();
    expect(step(cmd(true, 0.1)).publish).toEqual(twist(0.1));
  });

  it('sends one zero on e-stop even when idle', () => {
    const { sup, step } = setup();
    step(cmd(false));
    sup.estop();
    expect(step(cmd(false)).publish).toEqual(ZERO);
    expect(step(cmd(false)).publish).toBeNull();
  });
});

describe('Supervisor: policy', () => {
  const policy = (x: number, ageMs: number): Proposal => ({ driver: 'policy', twist: twist(x), ageMs });

  it('lets a fresh policy drive and stops it when silent past policyTimeoutMs', () => {
    const { step, problem } = setup();
    expect(step(cmd(false), { proposal: policy(0.4, 10) })).toMatchObject({ publish: twist(0.4), driver: 'policy' });
    expect(step(cmd(false), { proposal: policy(0.4, 199) }).publish).toEqual(twist(0.4));
    expect(step(cmd(false), { proposal: policy(0.4, 200) })).toMatchObject({ publish: ZERO, urgent: true, reason: 'policy-stale' });
    expect(problem('control.policy-stale')?.severity).toBe('error');
    expect(step(cmd(false), { proposal: policy(0.4, 260) }).publish).toBeNull();
    expect(step(cmd(false), { proposal: policy(0.3, 0) }).publish).toEqual(twist(0.3));
    expect(problem('control.policy-stale')).toBeUndefined();
  });

  it('zeroes a NaN policy action', () => {
    const { step } = setup();
    expect(step(cmd(false), { proposal: { driver: 'policy', twist: twist(0, NaN), ageMs: 0 } }).publish).toEqual(ZERO);
  });

  it('pauses the policy when the operator cannot take over (no input)', () => {
    const { step, problem } = setup();
    expect(step(null, { proposal: policy(0.4, 0) })).toMatchObject({ publish: ZERO, reason: 'input-stale' });
    expect(problem('control.input-stale')).toBeDefined();
  });
});

describe('Supervisor: a fresh press is needed whenever control changes hands', () => {
  it('does not drive a new session while enable is already held; release and press first', () => {
    const problems = new ProblemSet(() => 0);
    const sup = new Supervisor(problems);
    const at = (now: number, enable: boolean) => sup.step({ now, operator: cmd(enable, 1), inputAgeMs: 0, linkUp: true });
    expect(at(0, true).publish).toBeNull();
    expect(at(20, true)).toMatchObject({ publish: null, reason: 'await-release' });
    expect(problems.has('control.await-release')).toBe(true);
    expect(at(40, false).publish).toBeNull();
    expect(at(60, true)).toMatchObject({ publish: twist(1), driver: 'operator' });
    expect(problems.has('control.await-release')).toBe(false);
  });

  it('stops when another source takes over with enable held, until it is released and pressed', () => {
    const { step } = setup();
    expect(step(cmd(true, 0.3), { source: 'pad-a' }).publish).toEqual(twist(0.3));
    const handover = step(cmd(true, 1), { source: 'pad-b' });
    expect(handover).toMatchObject({ publish: ZERO, urgent: true, driver: 'none' });
    expect(step(cmd(true, 1), { source: 'pad-b' }).publish).toBeNull();
    step(cmd(false), { source: 'pad-b' });
    expect(step(cmd(true, 1), { source: 'pad-b' }).publish).toEqual(twist(1));
  });

  it('streams zeros for a second after the link returns, so one lost zero cannot leave the robot moving', () => {
    const { step, sup } = setup();
    step(cmd(true, 0.5));
    step(cmd(true, 0.5), { link: false });
    step(cmd(false), { link: false });
    const zeros = [];
    for (let i = 0; i < 60; i++) zeros.push(step(cmd(false)).publish);
    expect(zeros.slice(0, 45).every((z) => z !== null && z.linear.x === 0)).toBe(true);
    expect(zeros.at(-1)).toBeNull();
    expect(sup.isArmed).toBe(false);
  });
});

describe('Supervisor: a fresh press on the new source is a press', () => {
  it('lets a source that was just pressed take over at once', () => {
    const problems = new ProblemSet(() => 0);
    const sup = new Supervisor(problems);
    sup.step({ now: 0, operator: cmd(false), inputAgeMs: 0, linkUp: true, sourceId: 'a' });
    expect(sup.step({ now: 20, operator: cmd(true, 0.3), inputAgeMs: 0, linkUp: true, sourceId: 'a', engagedAt: 20 }).publish).toEqual(twist(0.3));
    // Tab a closes; tab b's Shift goes down now: its own press, not a held-over one.
    expect(sup.step({ now: 40, operator: cmd(true, 0.5), inputAgeMs: 0, linkUp: true, sourceId: 'b', engagedAt: 40 }).publish).toEqual(twist(0.5));
    // A source engaged long ago that falls back into control must press again.
    expect(sup.step({ now: 1000, operator: cmd(true, 0.7), inputAgeMs: 0, linkUp: true, sourceId: 'c', engagedAt: 100 })).toMatchObject({ driver: 'none' });
  });
});

describe('Supervisor: axes the robot does not have', () => {
  it('zeroes a component whose limit is 0 without calling it a clamp', () => {
    const { step, problem } = setup({ limits: { linear: 1, angular: 1, vertical: 0 } });
    const out = step({ twist: { linear: { x: 0.5, y: 0, z: 0.3 }, angular: { x: 0, y: 0, z: 0 } }, enable: true, turbo: false });
    expect(out.publish).toEqual(twist(0.5));
    expect(problem('control.clamped')).toBeUndefined();
  });
});

describe('Supervisor: hold (a replay has the stick)', () => {
  it('stops a driving robot at once, blocks the operator and the policy, and needs a fresh press after', () => {
    const { sup, step, problem } = setup();
    expect(step(cmd(true, 0.5)).driver).toBe('operator');
    sup.hold('an episode is open in the replay');
    const stop = step(cmd(true, 0.5));
    expect(stop).toMatchObject({ publish: ZERO, urgent: true, driver: 'none', reason: 'held' });
    expect(problem('control.held')?.message).toContain('replay');
    expect(sup.blocked(true)).toBe(true);
    // The stick drives the ghost now, never the robot.
    expect(step(cmd(true, 1)).publish).toBeNull();
    for (let i = 0; i < 3; i++) {
      const policy = step(cmd(false), { proposal: { driver: 'policy', twist: twist(0.3), ageMs: 0 } });
      expect(policy.driver).toBe('none');
      expect(policy.publish === null || policy.publish.linear.x === 0).toBe(true);
    }
    step(cmd(true, 1));
    sup.hold(null);
    expect(problem('control.held')).toBeUndefined();
    // Still held from the replay: released, then pressed again, before anything moves.
    expect(step(cmd(true, 0.5)).reason).toBe('await-release');
    step(cmd(false));
    expect(step(cmd(true, 0.5)).publish).toEqual(twist(0.5));
  });

  it('a hold ended with enable released lets the next press drive', () => {
    const { sup, step } = setup();
    sup.hold('replay');
    step(cmd(false));
    sup.hold(null);
    expect(step(cmd(true, 0.5)).publish).toEqual(twist(0.5));
  });

  it('a second hold and a release without a hold change nothing', () => {
    const { sup, step } = setup();
    sup.hold(null);
    expect(step(cmd(true, 0.5)).publish).toEqual(twist(0.5));
    sup.hold('a');
    sup.hold('b');
    expect(step(cmd(true, 0.5)).reason).toBe('held');
  });
});
