import { describe, expect, it } from 'vitest';
import type { RendererInput } from '../../src/app/contract.ts';
import { neutralPad } from '../../src/input/pad.ts';
import { SourceSender } from '../../renderer/input/source-sender.ts';

function recorder() {
  const sent: RendererInput[] = [];
  const gone: string[] = [];
  return { sent, gone, sink: { input: (i: RendererInput) => sent.push(i), gone: (id: string) => gone.push(id) } };
}

describe('SourceSender', () => {
  it('sends each change at once and nothing when nothing changed', () => {
    const r = recorder();
    const s = new SourceSender(r.sink, 'keyboard', 'keyboard', 'Keyboard');
    const pad = neutralPad();
    s.set(pad, false, 0);
    s.set(neutralPad(), false, 10);
    expect(r.sent).toHaveLength(1);
    const forward = neutralPad();
    forward.axes[1] = -1;
    s.set(forward, true, 20);
    expect(r.sent).toHaveLength(2);
    expect(r.sent[1]).toMatchObject({ sourceId: 'keyboard', kind: 'keyboard', label: 'Keyboard', axes: [0, -1, 0, 0] });
  });

  it('repeats the state every 50 ms only while live', () => {
    const r = recorder();
    const s = new SourceSender(r.sink, 'keyboard', 'keyboard', 'Keyboard');
    const held = neutralPad();
    held.buttons[4] = 1;
    s.set(held, true, 0);
    for (let t = 10; t <= 200; t += 10) s.tick(t);
    // Sent at 0, then heartbeats at 50, 100, 150, 200.
    expect(r.sent).toHaveLength(5);
    s.set(neutralPad(), false, 210);
    for (let t = 220; t <= 500; t += 10) s.tick(t);
    expect(r.sent).toHaveLength(6);
    expect(r.sent[5]?.buttons[4]).toBe(0);
  });

  it('does not let the caller mutate what was sent', () => {
    const r = recorder();
    const s = new SourceSender(r.sink, 'k', 'keyboard', 'K');
    const pad = neutralPad();
    s.set(pad, true, 0);
    pad.axes[0] = 1;
    expect(r.sent[0]?.axes[0]).toBe(0);
    s.set(pad, true, 1);
    expect(r.sent).toHaveLength(2);
  });

  it('reports gone once, and only for a source that was heard', () => {
    const r = recorder();
    const s = new SourceSender(r.sink, 'gamepad-0', 'browser-gamepad', 'Pad');
    s.gone();
    expect(r.gone).toEqual([]);
    s.set(neutralPad(), true, 0);
    s.gone();
    s.gone();
    expect(r.gone).toEqual(['gamepad-0']);
    s.tick(1000);
    expect(r.sent).toHaveLength(1);
  });
});
