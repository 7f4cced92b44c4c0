import { describe, expect, it } from 'vitest';
import { Gate, type PolicyAction, type PolicySource } from '../../src/control/gate.ts';
import { cmd, twist } from './helpers.ts';

function fakePolicy(): PolicySource & { next: PolicyAction | null } {
  return { next: { twist: twist(0.4), doubt: 0.1 }, act() { return this.next; } };
}

describe('Gate: teleop mode', () => {
  it('proposes the operator exactly while enable is held', () => {
    const gate = new Gate();
    expect(gate.step(0, cmd(false), false)).toMatchObject({ phase: 'idle', proposal: { driver: 'none' } });
    expect(gate.step(20, cmd(true), false)).toMatchObject({ phase: 'manual', proposal: { driver: 'operator' } });
    expect(gate.step(40, null, false).proposal).toEqual({ driver: 'none' });
  });
});

describe('Gate: gated mode', () => {
  it('settles before the policy first drives, then proposes its latest action with its age', () => {
    const policy = fakePolicy();
    const gate = new Gate({ mode: 'gated', settleMs: 300 }, policy);
    expect(gate.step(0, cmd(false), false)).toMatchObject({ phase: 'settling', proposal: { driver: 'none' } });
    expect(gate.step(299, cmd(false), false).phase).toBe('settling');
    expect(gate.step(300, cmd(false), false)).toMatchObject({
      phase: 'autonomous', event: null, proposal: { driver: 'policy', twist: twist(0.4), ageMs: 0 }, policy: { doubt: 0.1 },
    });
    policy.next = null;
    expect(gate.step(350, cmd(false), false).proposal).toEqual({ driver: 'policy', twist: twist(0.4), ageMs: 50 });
  });

  it('takes over on the intervention button and hands back after the settle time', () => {
    const gate = new Gate({ mode: 'gated', settleMs: 300 }, fakePolicy());
    gate.step(0, cmd(false), false);
    gate.step(300, cmd(false), false);
    expect(gate.step(320, cmd(true), false)).toMatchObject({ phase: 'takeover', event: 'takeover', proposal: { driver: 'operator' } });
    expect(gate.step(340, cmd(true), false).event).toBeNull();
    expect(gate.step(360, cmd(false), false)).toMatchObject({ phase: 'settling', proposal: { driver: 'none' } });
    expect(gate.step(659, cmd(false), false).phase).toBe('settling');
    expect(gate.step(660, cmd(false), false)).toMatchObject({ phase: 'autonomous', event: 'handback', proposal: { driver: 'policy' } });
  });

  it('a press during the settle time is a new takeover and restarts the settle on release', () => {
    const gate = new Gate({ mode: 'gated', settleMs: 300 }, fakePolicy());
    gate.step(0, cmd(false), false);
    gate.step(300, cmd(false), false);
    gate.step(320, cmd(true), false);
    gate.step(340, cmd(false), false);
    expect(gate.step(400, cmd(true), false)).toMatchObject({ phase: 'takeover', event: 'takeover' });
    gate.step(500, cmd(false), false);
    expect(gate.step(700, cmd(false), false).phase).toBe('settling');
    expect(gate.step(800, cmd(false), false)).toMatchObject({ phase: 'autonomous', event: 'handback' });
  });

  it('holds while a latch blocks motion and settles again once it clears', () => {
    const gate = new Gate({ mode: 'gated', settleMs: 300 }, fakePolicy());
    gate.step(0, cmd(false), false);
    gate.step(300, cmd(false), false);
    gate.step(320, cmd(true), false);
    // E-stop or link loss during the takeover: the operator lets go, the latch holds.
    expect(gate.step(340, cmd(false), true)).toMatchObject({ phase: 'held', proposal: { driver: 'none' } });
    expect(gate.step(2000, cmd(false), true).phase).toBe('held');
    expect(gate.step(2020, cmd(false), false).phase).toBe('settling');
    expect(gate.step(2319, cmd(false), false).phase).toBe('settling');
    expect(gate.step(2320, cmd(false), false)).toMatchObject({ phase: 'autonomous', event: 'handback' });
  });

  it('proposes a policy that never acted as silent', () => {
    const gate = new Gate({ mode: 'gated', settleMs: 0 });
    expect(gate.step(0, cmd(false), false).proposal).toEqual({ driver: 'policy', twist: null, ageMs: Infinity });
  });

  it('forgets the old policy on swap and resets the phase on a mode change', () => {
    const gate = new Gate({ mode: 'gated', settleMs: 0 }, fakePolicy());
    gate.step(0, cmd(false), false);
    gate.setPolicy(null);
    expect(gate.step(20, cmd(false), false).proposal).toMatchObject({ twist: null });
    gate.configure({ mode: 'teleop' });
    expect(gate.step(40, cmd(false), false).phase).toBe('idle');
    expect(() => gate.configure({ settleMs: -5 })).toThrow(/-5/);
  });
});
