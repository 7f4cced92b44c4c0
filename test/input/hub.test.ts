import { describe, expect, it } from 'vitest';
import { InputHub } from '../../src/input/hub.ts';
import type { ActiveInput } from '../../src/input/hub.ts';
import { keyboardPad } from '../../src/input/keyboard.ts';
import { Axis, Btn, neutralPad } from '../../src/input/pad.ts';
import type { InputSample, PadState, SourceKind } from '../../src/input/pad.ts';
import { FakeClock } from '../fakes/fake-clock.ts';

const clock = new FakeClock();

function sample(sourceId: string, state: PadState, kind: SourceKind = 'hid'): InputSample {
  return { sourceId, kind, label: sourceId.toUpperCase(), state, t: clock.now() };
}
const neutral = () => neutralPad();
const withAxis = (axis: number, v: number) => { const p = neutralPad(); p.axes[axis] = v; return p; };
const withButton = (b: number, v = 1) => { const p = neutralPad(); p.buttons[b] = v; return p; };

function rig() {
  const hub = new InputHub({ clock });
  const changes: Array<ActiveInput | null> = [];
  hub.onChange((c) => changes.push(c));
  return { hub, changes, id: () => hub.current()?.sourceId ?? null };
}

describe('InputHub', () => {
  it('has no current source until something reports', () => {
    expect(new InputHub({ clock }).current()).toBeNull();
  });

  it('with nobody active, the newest source is current', () => {
    const { hub, id } = rig();
    hub.push(sample('kbd', neutral(), 'keyboard'));
    hub.push(sample('pad', neutral()));
    expect(id()).toBe('pad');
    hub.push(sample('kbd', neutral(), 'keyboard'));
    expect(id()).toBe('pad');
  });

  it('a neutral source does not steal control from one that is driving', () => {
    const { hub, id } = rig();
    hub.push(sample('pad', withButton(Btn.LB)));
    for (let i = 0; i < 10; i++) hub.push(sample('kbd', neutral(), 'keyboard'));
    hub.push(sample('gp', neutral(), 'browser-gamepad'));
    expect(id()).toBe('pad');
  });

  it('the source that most recently became active takes over', () => {
    const { hub, id } = rig();
    hub.push(sample('pad', withButton(Btn.LB)));
    hub.push(sample('kbd', keyboardPad(['ShiftLeft', 'KeyW']), 'keyboard'));
    expect(id()).toBe('kbd');
    // The pad staying active does not flap control back...
    hub.push(sample('pad', withButton(Btn.LB)));
    expect(id()).toBe('kbd');
    // ...but letting go and engaging again does.
    hub.push(sample('pad', neutral()));
    hub.push(sample('pad', withAxis(Axis.LX, 0.8)));
    expect(id()).toBe('pad');
  });

  it('keeps the driver current after it lets go (its neutral state is what counts)', () => {
    const { hub, id } = rig();
    hub.push(sample('pad', withButton(Btn.LB)));
    hub.push(sample('kbd', neutral(), 'keyboard'));
    hub.push(sample('pad', neutral()));
    expect(id()).toBe('pad');
    expect(hub.current()?.state.buttons[Btn.LB]).toBe(0);
  });

  it('counts a stick past the threshold or any pressed button as activity, not drift', () => {
    const { hub, id } = rig();
    hub.push(sample('a', withButton(Btn.A)));
    hub.push(sample('drift', withAxis(Axis.LY, 0.1)));
    expect(id()).toBe('a');
    hub.push(sample('trigger', withButton(Btn.RT, 0.3)));
    expect(id()).toBe('a');
    hub.push(sample('stick', withAxis(Axis.RX, -0.5)));
    expect(id()).toBe('stick');
    hub.push(sample('trigger', withButton(Btn.RT, 0.6)));
    expect(id()).toBe('trigger');
  });

  it('jitter around the threshold does not re-engage a source (hysteresis)', () => {
    const { hub, id } = rig();
    hub.push(sample('worn', withAxis(Axis.LX, 0.16)));
    hub.push(sample('kbd', keyboardPad(['ShiftLeft']), 'keyboard'));
    expect(id()).toBe('kbd');
    for (const v of [0.12, 0.17, 0.1, 0.2, 0.14]) hub.push(sample('worn', withAxis(Axis.LX, v)));
    expect(id()).toBe('kbd');
  });

  it('reports ages and enable per source for the HUD', () => {
    const { hub } = rig();
    const t0 = clock.now();
    hub.push(sample('pad', withButton(Btn.LB)));
    clock.advance(120);
    hub.push(sample('kbd', neutral(), 'keyboard'));
    clock.advance(30);
    expect(hub.sources()).toEqual([
      { id: 'pad', kind: 'hid', label: 'PAD', ageMs: 150, enable: true, active: true },
      { id: 'kbd', kind: 'keyboard', label: 'KBD', ageMs: 30, enable: false, active: false },
    ]);
    expect(hub.current()).toMatchObject({ sourceId: 'pad', t: t0, ageMs: 150 });
    expect(hub.current(t0 + 1000)?.ageMs).toBe(1000);
  });

  it('follows the configured enable button', () => {
    const { hub } = rig();
    hub.setEnableButton(Btn.RT);
    hub.push(sample('pad', withButton(Btn.RT, 0.9)));
    expect(hub.sources()[0]?.enable).toBe(true);
  });

  it('a stale driver stays current: staleness is the supervisor\'s call', () => {
    const { hub, id } = rig();
    hub.push(sample('pad', withButton(Btn.LB)));
    hub.push(sample('kbd', neutral(), 'keyboard'));
    clock.advance(5000);
    hub.push(sample('kbd', neutral(), 'keyboard'));
    expect(id()).toBe('pad');
    expect(hub.current()?.ageMs).toBe(5000);
  });

  it('remove hands control to the next most recently engaged source', () => {
    const { hub, id, changes } = rig();
    hub.push(sample('kbd', keyboardPad(['ShiftLeft']), 'keyboard'));
    hub.push(sample('pad', withButton(Btn.LB)));
    changes.length = 0;
    hub.remove('pad');
    expect(id()).toBe('kbd');
    expect(changes.map((c) => c?.sourceId)).toEqual(['kbd']);
    hub.remove('kbd');
    expect(hub.current()).toBeNull();
    expect(changes.at(-1)).toBeNull();
    hub.remove('kbd');
    expect(changes).toHaveLength(2);
  });

  it('fires onSample for every sample and onChange only when the driving input changes', () => {
    const { hub, changes } = rig();
    const seen: string[] = [];
    const off = hub.onSample((s) => seen.push(s.sourceId));
    hub.push(sample('pad', withButton(Btn.LB)));
    hub.push(sample('pad', withButton(Btn.LB)));
    hub.push(sample('kbd', neutral(), 'keyboard'));
    hub.push(sample('pad', withAxis(Axis.LY, -1)));
    expect(seen).toEqual(['pad', 'pad', 'kbd', 'pad']);
    expect(changes.map((c) => c?.state.axes[Axis.LY])).toEqual([0, -1]);
    off();
    hub.push(sample('pad', neutral()));
    expect(seen).toHaveLength(4);
    expect(changes).toHaveLength(3);
  });

  it('sanitizes what it is given: NaN, out of range, short arrays', () => {
    const { hub } = rig();
    hub.push(sample('gp', { axes: [Number.NaN, 3, -Infinity], buttons: [2, -1] }, 'browser-gamepad'));
    const s = hub.current()?.state;
    expect(s?.axes).toEqual([0, 1, 0, 0]);
    expect(s?.buttons).toHaveLength(17);
    expect(s?.buttons.slice(0, 2)).toEqual([1, 0]);
  });
});
