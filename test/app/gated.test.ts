import { afterEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src/app/core.ts';
import type { ActingPolicy } from '../../src/app/policy-service.ts';
import { createObservationSpec } from '../../src/learn/observation.ts';
import { keys, makeCore, poseX, sleep, until } from './core-fixture.ts';

/** A fixed policy (drive forward slowly): the gate, not the learner, is under test here. */
function forward(version: string, world: 'lane' | 'forest' = 'lane'): ActingPolicy {
  return { version, obsFields: createObservationSpec({ scanSectors: 36, useRoute: true, world }).fields, act: () => ({ action: [0.5, 0, 0, 0], doubt: 0.1 }) };
}

describe('gated mode: the policy drives, the operator takes over and hands back', () => {
  let core: AppCore | null = null;
  afterEach(async () => {
    await core?.dispose();
    core = null;
  });

  it('refuses gated mode without a policy, then drives, takes over and hands back', async () => {
    core = await makeCore();
    await core.connect({ kind: 'sim', world: 'lane', seed: 1 });
    await until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 8000, 'connected');
    await expect(core.handle('setMode', { mode: 'gated' })).rejects.toThrow(/No policy/);

    core.policy.offer(forward('v1'));
    await core.handle('setMode', { mode: 'gated' });
    // The operator's pad must be there (released) so that a takeover is possible.
    const idle = setInterval(() => void core!.handle('input', keys({ enable: false })), 40);
    try {
      const start = poseX(core.state());
      await until(() => core!.state().driver, (d) => d === 'policy', 3000, 'policy driving');
      await sleep(600);
      expect(poseX(core.state()) - start).toBeGreaterThan(0.1);
      expect(core.state().policy).toMatchObject({ mode: 'gated', version: 'v1', phase: 'autonomous' });

      clearInterval(idle);
      for (let i = 0; i < 10; i++) {
        await core.handle('input', keys({ enable: true, forward: 0 }));
        await sleep(30);
      }
      expect(core.state().driver).toBe('operator');
      expect(core.state().policy.phase).toBe('takeover');
      // A new model offered mid-takeover waits for the handback.
      core.policy.offer(forward('v2'));
      expect(core.state().policy).toMatchObject({ version: 'v1', pendingVersion: 'v2' });

      await core.handle('input', keys({ enable: false }));
      const released = setInterval(() => void core!.handle('input', keys({ enable: false })), 40);
      try {
        await until(() => core!.state().driver, (d) => d === 'policy', 3000, 'handback');
        expect(core.state().policy).toMatchObject({ version: 'v2', pendingVersion: null });
      } finally {
        clearInterval(released);
      }
    } finally {
      clearInterval(idle);
    }
  });

  it('a model trained while the policy drives waits, then takes over at the end of the episode (never mid-takeover)', async () => {
    core = await makeCore();
    await core.connect({ kind: 'sim', world: 'lane', seed: 1 });
    await until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 8000, 'connected');
    core.policy.offer(forward('v1'));
    await core.handle('setMode', { mode: 'gated' });
    const idle = setInterval(() => void core!.handle('input', keys({ enable: false })), 40);
    try {
      await until(() => core!.state().policy.phase, (p) => p === 'autonomous', 3000, 'policy driving');
      core.policy.offer(forward('v2'));
      await sleep(300);
      // Driving on its own, no handback comes: v2 waits ...
      expect(core.state().policy).toMatchObject({ version: 'v1', pendingVersion: 'v2', phase: 'autonomous' });
      // ... until the episode ends.
      core.policy.episodeBoundary();
      expect(core.state().policy).toMatchObject({ version: 'v2', pendingVersion: null });
      clearInterval(idle);
      for (let i = 0; i < 10; i++) {
        await core.handle('input', keys({ enable: true }));
        await sleep(30);
      }
      expect(core.state().policy.phase).toBe('takeover');
      core.policy.offer(forward('v3'));
      core.policy.episodeBoundary();
      expect(core.state().policy).toMatchObject({ version: 'v2', pendingVersion: 'v3' });
    } finally {
      clearInterval(idle);
    }
  });
});
