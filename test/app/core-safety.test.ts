import { afterEach, describe, expect, it } from 'vitest';
import { openApiSession } from '../../src/app/api-session.ts';
import type { AppCore } from '../../src/app/core.ts';
import { Btn } from '../../src/input/pad.ts';
import { keys, makeCore, poseX, sleep, until } from './core-fixture.ts';

/** Safety across connections: latches, fresh presses, UI connections that come and go. */
describe('AppCore safety across connections', () => {
  let core: AppCore | null = null;
  afterEach(async () => {
    await core?.dispose();
    core = null;
  });

  const connected = () => until(() => core!.state(), (s) => s.link.status === 'connected' && s.pose !== null, 8000, 'connected');
  async function drive(ms: number, enable = true): Promise<void> {
    for (let t = 0; t < ms; t += 30) {
      await core!.handle('input', keys({ enable, forward: 1 }));
      await sleep(30);
    }
  }

  it('keeps the e-stop latched through disconnect, a pending connect and a new connection', async () => {
    core = await makeCore();
    await core.connect({ kind: 'sim', world: 'lane', seed: 1 });
    await connected();
    await core.handle('estop', undefined);
    await core.handle('disconnect', undefined);
    expect(core.state().estop).toBe(true);
    const pending = core.connect({ kind: 'sim', world: 'lane', seed: 2 });
    await core.handle('estop', undefined);
    await pending;
    await connected();
    expect(core.state().estop).toBe(true);
    const before = poseX(core.state());
    await core.handle('input', keys({ enable: false }));
    await drive(400);
    expect(Math.abs(poseX(core.state()) - before)).toBeLessThan(0.01);
    await core.handle('input', keys({ enable: false }));
    await core.handle('resetEstop', undefined);
    expect(core.state().estop).toBe(false);
  });

  it('does not drive a new connection while the deadman was already held; a fresh press does', async () => {
    core = await makeCore();
    // The key is held all along: the keyboard repeats its state while connecting.
    const held = setInterval(() => void core!.handle('input', keys({ enable: true, forward: 1 })), 30);
    await core.handle('input', keys({ enable: true, forward: 1 }));
    await core.connect({ kind: 'sim', world: 'lane', seed: 1 });
    const start = await connected();
    clearInterval(held);
    await drive(500);
    expect(Math.abs(poseX(core.state()) - poseX(start))).toBeLessThan(0.01);
    expect(core.state().problems.map((p) => p.key)).toContain('control.await-release');
    await core.handle('input', keys({ enable: false }));
    await drive(700);
    expect(poseX(core.state()) - poseX(start)).toBeGreaterThan(0.1);
  });

  it('gives each UI connection its own input sources and drops them when it closes', async () => {
    core = await makeCore();
    const a = openApiSession(core, () => {});
    const b = openApiSession(core, () => {});
    const input = (s: typeof a, enable: boolean) => s.receive({ kind: 'call', id: 1, method: 'input', params: keys({ enable }) });
    input(a, false);
    input(b, true);
    await sleep(20);
    const ids = core.state().inputs.map((i) => i.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    b.dispose();
    expect(core.state().inputs.map((i) => i.id)).toEqual(ids.filter((id) => id.startsWith(ids[0]!.split('/')[0]!)));
    a.dispose();
    expect(core.state().inputs).toEqual([]);
  });

  it('latches the e-stop from the gamepad combo Back + Start', async () => {
    core = await makeCore();
    const buttons = new Array<number>(17).fill(0);
    buttons[Btn.BACK] = 1;
    buttons[Btn.START] = 1;
    await core.handle('input', { sourceId: 'pad', kind: 'browser-gamepad', label: 'Pad', axes: [0, 0, 0, 0], buttons });
    expect(core.state().estop).toBe(true);
  });

  it('a disconnect asked during a connect wins, and dispose leaves nothing running', async () => {
    core = await makeCore();
    const pending = core.connect({ kind: 'sim', world: 'lane', seed: 1 });
    await core.handle('disconnect', undefined);
    await pending;
    expect(core.state().link.status).toBe('idle');
    expect(core.state().target).toBeNull();
    const again = core.connect({ kind: 'sim', world: 'forest', seed: 1 });
    await core.dispose();
    await again.catch(() => undefined);
    expect(core.current()).toBeNull();
    core = null;
  });
});
