import { afterEach, describe, expect, it } from 'vitest';
import { ProblemSet } from '../../src/base/problem.ts';
import { Controller } from '../../src/control/controller.ts';
import type { PolicyAction } from '../../src/control/gate.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { cmd, isFiniteTwist, twist, ZERO } from './helpers.ts';
import { harness } from './harness.ts';

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function started(...args: Parameters<typeof harness>) {
  const h = harness(...args);
  h.ctl.start();
  h.clock.advance(0);
  cleanup.push(() => h.ctl.dispose());
  return h;
}

describe('Controller: teleop', () => {
  it('is silent while nobody drives', () => {
    const h = started();
    h.clock.advance(1000);
    expect(h.wire).toEqual([]);
    expect(h.ctl.state()).toMatchObject({ driver: 'none', command: null, armed: true, estop: false });
  });

  it('publishes a change at once, then streams at the control rate while the stick is steady', () => {
    const h = started();
    h.clock.advance(5);
    h.input(cmd(true, 0.5));
    expect(h.wire).toEqual([{ t: 5, twist: twist(0.5) }]);
    h.clock.advance(995);
    // One immediate publish plus a tick at every 20 ms deadline from 20 to 1000.
    expect(h.wire).toHaveLength(51);
    expect(h.wire.every((w) => w.twist.linear.x === 0.5)).toBe(true);
    expect(h.ctl.state()).toMatchObject({ driver: 'operator', enable: true, command: twist(0.5), lastPublishAt: 1000 });
  });

  it('sends one zero the moment enable is released, then silence', () => {
    const h = started();
    h.input(cmd(true, 0.5));
    h.clock.advance(33);
    h.input(cmd(false, 0.5));
    expect(h.wire.at(-1)).toEqual({ t: 33, twist: ZERO });
    h.clock.advance(500);
    expect(h.since(34)).toEqual([]);
    expect(h.ctl.state().command).toBeNull();
  });

  it('sends the release zero even when the stick was already centred', () => {
    const h = started();
    h.input(cmd(true));
    h.clock.advance(7);
    h.input(cmd(false));
    expect(h.since(7)).toEqual([{ t: 7, twist: ZERO }]);
  });

  it('limits immediate publishes from a 1 kHz pad and still delivers the last value', () => {
    const h = started({ minPublishGapMs: 4 });
    h.clock.advance(1);
    for (let i = 1; i <= 10; i++) {
      h.input(cmd(true, i / 100));
      h.clock.advance(1);
    }
    // Inputs at t = 1..10 (ticks at 0 and 20 fall outside): sends at 1, 5, 9 and a trailing one at 13.
    h.clock.advance(5);
    expect(h.wire.map((w) => w.t)).toEqual([1, 5, 9, 13]);
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.1));
  });
});

describe('Controller: safety', () => {
  it('stops 0.5 s after the input falls silent and needs release and re-press', () => {
    const h = started();
    h.clock.advance(3);
    h.input(cmd(true, 0.5));
    h.padDies();
    h.clock.advance(499);
    expect(h.wire.every((w) => w.twist.linear.x === 0.5)).toBe(true);
    h.clock.advance(1);
    // At 503 exactly, between ticks (500 and 520): the watchdog, not the next tick.
    expect(h.wire.at(-1)).toEqual({ t: 503, twist: ZERO });
    expect(h.problem('control.input-stale')?.severity).toBe('error');
    h.clock.advance(100);
    const n = h.wire.length;
    h.padLives();
    h.input(cmd(true, 0.5));
    h.clock.advance(200);
    expect(h.wire.slice(n)).toEqual([]);
    h.input(cmd(false));
    h.input(cmd(true, 0.2));
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.2));
    expect(h.problem('control.input-stale')).toBeUndefined();
  });

  it('on link loss sends nothing, and nothing moves after reconnect until arm()', () => {
    const h = started();
    h.input(cmd(true, 0.5));
    h.clock.advance(10);
    h.setLink(false);
    h.ctl.linkLost();
    const lostAt = h.clock.now();
    h.clock.advance(300);
    expect(h.since(lostAt)).toEqual([]);
    expect(h.ctl.state()).toMatchObject({ armed: false, driver: 'none' });
    expect(h.problem('control.disarmed')?.hint).toMatch(/Re-arm/);
    h.setLink(true);
    h.clock.advance(200);
    // Back up but disarmed: only zeros (streamed for a second after the reconnect).
    expect(h.since(lostAt).length).toBeGreaterThan(0);
    expect(h.since(lostAt).every((w) => w.twist.linear.x === 0)).toBe(true);
    expect(h.ctl.arm().ok).toBe(false);
    h.input(cmd(false));
    expect(h.ctl.arm()).toEqual({ ok: true });
    h.clock.advance(100);
    expect(h.since(lostAt).every((w) => w.twist.linear.x === 0)).toBe(true);
    h.input(cmd(true, 0.3));
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.3));
  });

  it('notices a dropped link at the next tick without linkLost()', () => {
    const h = started();
    h.input(cmd(true, 0.5));
    h.setLink(false);
    h.clock.advance(20);
    expect(h.ctl.state().armed).toBe(false);
  });

  it('never publishes NaN or values beyond the limits', () => {
    const h = started({ limits: { linear: 1, angular: 1, vertical: 0.2 } });
    const values = [NaN, Infinity, -Infinity, 5, -5, 0.5];
    for (const v of values) {
      h.input({ twist: twist(v, v, { z: v, y: v }), enable: true, turbo: false });
      h.clock.advance(30);
    }
    expect(h.wire.length).toBeGreaterThan(values.length);
    for (const { twist: t } of h.wire) {
      expect(isFiniteTwist(t)).toBe(true);
      expect(Math.abs(t.linear.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(t.linear.z)).toBeLessThanOrEqual(0.2);
    }
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.5, 0.5, { z: 0.2, y: 0.5 }));
    expect(h.problem('control.nonfinite')).toBeDefined();
  });

  it('latches the e-stop: one zero at once, reset refused while enable is held', () => {
    const h = started();
    h.input(cmd(true, 0.5));
    h.clock.advance(15);
    h.ctl.estop();
    expect(h.wire.at(-1)).toEqual({ t: 15, twist: ZERO });
    h.input(cmd(true, 0.8));
    h.clock.advance(300);
    expect(h.since(16)).toEqual([]);
    expect(h.ctl.resetEstop().ok).toBe(false);
    expect(h.ctl.state().estop).toBe(true);
    h.input(cmd(false));
    expect(h.ctl.resetEstop()).toEqual({ ok: true });
    h.clock.advance(100);
    expect(h.since(16)).toEqual([]);
    h.input(cmd(true, 0.1));
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.1));
  });

  it('sends one zero on dispose if the robot was moving, and then nothing', () => {
    const h = harness();
    h.ctl.start();
    h.input(cmd(true, 0.5));
    h.clock.advance(10);
    h.ctl.dispose();
    expect(h.wire.at(-1)).toEqual({ t: 10, twist: ZERO });
    const n = h.wire.length;
    h.input(cmd(true, 0.5));
    h.clock.advance(100);
    expect(h.wire).toHaveLength(n);
    expect(h.clock.pending()).toBe(0);
  });

  it('reports a throwing publisher as a problem and keeps running', () => {
    const clock = new FakeClock();
    const problems = new ProblemSet(() => clock.now());
    let fail = true;
    let enable = false;
    const ctl = new Controller({
      clock, problems, readOperator: () => ({ command: cmd(enable, 0.2), ageMs: 0 }), linkUp: () => true,
      publish: () => { if (fail) throw new Error('socket closed'); },
    });
    cleanup.push(() => ctl.dispose());
    ctl.start();
    clock.advance(0);
    enable = true;
    clock.advance(20);
    expect(problems.list().find((p) => p.key === 'control.publish')?.message).toMatch(/socket closed/);
    expect(ctl.state().command).toBeNull();
    fail = false;
    clock.advance(20);
    expect(problems.has('control.publish')).toBe(false);
    expect(ctl.state().command).toEqual(twist(0.2));
  });
});

describe('Controller: gated mode', () => {
  function withPolicy() {
    const policy = { next: { twist: twist(0.4), doubt: 0.2 } as PolicyAction | null, act() { return this.next; } };
    const h = started({ mode: 'gated', settleMs: 300 }, policy);
    return { h, policy };
  }

  it('lets the policy drive, hands control to the operator at once, and back after the settle time', () => {
    const { h } = withPolicy();
    h.clock.advance(300);
    expect(h.ctl.state()).toMatchObject({ driver: 'policy', phase: 'autonomous', command: twist(0.4) });
    h.clock.advance(5);
    h.input(cmd(true, -0.3));
    expect(h.wire.at(-1)).toEqual({ t: 305, twist: twist(-0.3) });
    expect(h.ctl.state()).toMatchObject({ driver: 'operator', phase: 'takeover' });
    h.clock.advance(50);
    h.input(cmd(false));
    expect(h.wire.at(-1)).toEqual({ t: 355, twist: ZERO });
    h.clock.advance(280);
    expect(h.since(356)).toEqual([]);
    h.clock.advance(40);
    expect(h.since(356)[0]?.twist).toEqual(twist(0.4));
    expect(h.ctl.state().phase).toBe('autonomous');
  });

  it('stops on e-stop during a takeover, and the policy stays stopped until reset plus the settle time', () => {
    const { h } = withPolicy();
    h.clock.advance(300);
    h.input(cmd(true, 0.6));
    h.clock.advance(10);
    h.ctl.estop();
    expect(h.wire.at(-1)?.twist).toEqual(ZERO);
    const at = h.clock.now() + 1;
    h.input(cmd(false));
    h.clock.advance(500);
    expect(h.since(at)).toEqual([]);
    expect(h.ctl.resetEstop().ok).toBe(true);
    const resetAt = h.clock.now();
    h.clock.advance(280);
    expect(h.since(at)).toEqual([]);
    h.clock.advance(40);
    expect(h.since(at)[0]?.t).toBeGreaterThanOrEqual(resetAt + 300);
  });

  it('stops on link loss during a takeover and waits for arm()', () => {
    const { h } = withPolicy();
    h.clock.advance(300);
    h.clock.advance(5);
    h.input(cmd(true, 0.6));
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.6));
    h.setLink(false);
    h.ctl.linkLost();
    h.input(cmd(false));
    h.setLink(true);
    const n = h.wire.length;
    h.clock.advance(1000);
    // Only reconnect zeros, for a robot that may still hold the last command.
    expect(h.wire.slice(n).length).toBeGreaterThan(0);
    expect(h.wire.slice(n).every((w) => w.twist.linear.x === 0 && w.twist.angular.z === 0)).toBe(true);
    expect(h.ctl.arm().ok).toBe(true);
    h.clock.advance(320);
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.4));
  });

  it('pauses the policy when the pad goes silent; it resumes only after a press and release', () => {
    const { h } = withPolicy();
    h.clock.advance(300);
    h.padDies();
    h.clock.advance(200);
    // The pad's last sample was at 0: at 500 nobody could take over any more.
    expect(h.wire.at(-1)).toEqual({ t: 500, twist: ZERO });
    expect(h.problem('control.input-stale')).toBeDefined();
    h.padLives();
    h.input(cmd(false));
    const n = h.wire.length;
    h.clock.advance(1000);
    expect(h.wire.slice(n)).toEqual([]);
    h.input(cmd(true, 0.2));
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.2));
    h.input(cmd(false));
    h.clock.advance(320);
    expect(h.wire.at(-1)?.twist).toEqual(twist(0.4));
    expect(h.problem('control.input-stale')).toBeUndefined();
  });

  it('stops when the policy falls silent for policyTimeoutMs, and says so', () => {
    const { h, policy } = withPolicy();
    h.clock.advance(300);
    policy.next = null;
    const silentFrom = h.clock.now();
    h.clock.advance(400);
    const zero = h.since(silentFrom).find((w) => w.twist.linear.x === 0);
    expect(zero?.t).toBeGreaterThanOrEqual(silentFrom + 200);
    expect(zero?.t).toBeLessThanOrEqual(silentFrom + 220);
    expect(h.since((zero?.t ?? 0) + 1)).toEqual([]);
    expect(h.problem('control.policy-stale')).toBeDefined();
  });

  it('emits steps with provenance and state changes', () => {
    const { h } = withPolicy();
    const sources: string[] = [];
    const phases: string[] = [];
    cleanup.push(h.ctl.onStep((s) => sources.push(s.source)));
    cleanup.push(h.ctl.onState((s) => phases.push(s.phase)));
    h.clock.advance(300);
    h.input(cmd(true, 0.1));
    expect(sources).toContain('tick');
    expect(sources.at(-1)).toBe('input');
    expect(phases).toEqual(['autonomous', 'takeover']);
  });
});
