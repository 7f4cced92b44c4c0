import { describe, expect, it } from 'vitest';
import { decodeDs4Bt, decodeDs4Usb } from '../../src/input/ds4.ts';
import { decodeDualSenseBt, decodeDualSenseBtSimple, decodeDualSenseUsb } from '../../src/input/dualsense.ts';
import { decodeReport, decoderFor } from '../../src/input/decoders.ts';
import { Btn } from '../../src/input/pad.ts';
import type { PadState } from '../../src/input/pad.ts';
import {
  DS4_USB_IDLE, DS_BT_SIMPLE_IDLE, DS_USB_IDLE, ds4Bt, ds4BtReduced, ds4Usb, dsBt, dsBtSimple, dsUsb, idleFields,
} from './reports.ts';
import type { Fields } from './reports.ts';

const encodings: Array<{ name: string; pid: number; build: (f: Fields) => Uint8Array; decode: (r: Uint8Array) => PadState | null; transport: string }> = [
  { name: 'DualShock 4 USB 0x01', pid: 0x09cc, build: ds4Usb, decode: decodeDs4Usb, transport: 'usb' },
  { name: 'DualShock 4 via Sony wireless adapter', pid: 0x0ba0, build: ds4Usb, decode: decodeDs4Usb, transport: 'usb' },
  { name: 'DualShock 4 Bluetooth 0x11', pid: 0x05c4, build: ds4Bt, decode: decodeDs4Bt, transport: 'bluetooth' },
  { name: 'DualShock 4 Bluetooth reduced 0x01', pid: 0x05c4, build: ds4BtReduced, decode: decodeDs4Usb, transport: 'bluetooth' },
  { name: 'DualSense USB 0x01', pid: 0x0ce6, build: dsUsb, decode: decodeDualSenseUsb, transport: 'usb' },
  { name: 'DualSense Bluetooth 0x31', pid: 0x0ce6, build: dsBt, decode: decodeDualSenseBt, transport: 'bluetooth' },
  { name: 'DualSense Bluetooth simple 0x01', pid: 0x0ce6, build: dsBtSimple, decode: decodeDualSenseBtSimple, transport: 'bluetooth' },
  { name: 'DualSense Edge USB 0x01', pid: 0x0df2, build: dsUsb, decode: decodeDualSenseUsb, transport: 'usb' },
  { name: 'DualSense Edge Bluetooth 0x31', pid: 0x0df2, build: dsBt, decode: decodeDualSenseBt, transport: 'bluetooth' },
];

const pressedButtons = (p: PadState) => p.buttons.flatMap((v, i) => (v > 0 ? [i] : []));

describe.each(encodings)('$name', ({ pid, build, decode, transport }) => {
  const read = (over: Partial<Fields>): PadState => {
    const report = build({ ...idleFields(), ...over });
    const choice = decoderFor(0x054c, pid, report);
    expect(choice?.decode).toBe(decode);
    expect(choice?.transport).toBe(transport);
    const state = decodeReport(0x054c, pid, report);
    expect(state).not.toBeNull();
    return state as PadState;
  };

  it('reads the idle pad as centred with nothing pressed', () => {
    const s = read({});
    expect(s.axes).toEqual([0, 0, 0, 0]);
    expect(s.buttons).toHaveLength(17);
    expect(pressedButtons(s)).toEqual([]);
  });

  it('maps stick extremes to -1..1 with up and left negative', () => {
    expect(read({ lx: 0x00, ly: 0x00, rx: 0xff, ry: 0xff }).axes).toEqual([-1, -1, 1, 1]);
    expect(read({ lx: 0xff, ly: 0xff, rx: 0x00, ry: 0x00 }).axes).toEqual([1, 1, -1, -1]);
    const half = read({ lx: 0x40, ry: 0xc0 }).axes;
    expect(half[0]).toBeCloseTo(-0.5, 5);
    expect(half[3]).toBeCloseTo(64 / 127, 5);
  });

  it.each([
    [1, Btn.A], [2, Btn.B], [0, Btn.X], [3, Btn.Y],
  ])('face bit %i (square, cross, circle, triangle) is standard button %i', (bitIndex, btn) => {
    expect(pressedButtons(read({ face: 1 << bitIndex }))).toEqual([btn]);
  });

  it.each([
    [0, Btn.LB], [1, Btn.RB], [4, Btn.BACK], [5, Btn.START], [6, Btn.LS], [7, Btn.RS],
  ])('shoulder bit %i is standard button %i', (bitIndex, btn) => {
    expect(pressedButtons(read({ shoulder: 1 << bitIndex }))).toEqual([btn]);
  });

  it('reads PS as home (16) and ignores the touchpad click', () => {
    expect(pressedButtons(read({ system: 0x01 }))).toEqual([Btn.HOME]);
    expect(pressedButtons(read({ system: 0x02 }))).toEqual([]);
  });

  it.each([
    [0, [Btn.UP]], [1, [Btn.UP, Btn.RIGHT]], [2, [Btn.RIGHT]], [3, [Btn.DOWN, Btn.RIGHT]],
    [4, [Btn.DOWN]], [5, [Btn.DOWN, Btn.LEFT]], [6, [Btn.LEFT]], [7, [Btn.UP, Btn.LEFT]],
    [8, []], [15, []],
  ])('hat %i presses d-pad %j', (hat, btns) => {
    expect(pressedButtons(read({ hat }))).toEqual([...btns].sort((a, b) => a - b));
  });

  it('reads the triggers as analog buttons 6 and 7, not their digital bits', () => {
    const s = read({ l2: 0xff, r2: 0x80, shoulder: 0x04 | 0x08 });
    expect(s.buttons[Btn.LT]).toBe(1);
    expect(s.buttons[Btn.RT]).toBeCloseTo(128 / 255, 6);
    expect(read({ shoulder: 0x0c }).buttons[Btn.LT]).toBe(0);
  });

  it('reads everything at once', () => {
    const s = read({ lx: 0, ly: 0xff, hat: 1, face: 0x0f, shoulder: 0xf3, system: 1, l2: 0xff, r2: 0xff });
    expect(s.axes).toEqual([-1, 1, 0, 0]);
    expect(pressedButtons(s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16]);
  });

  it('rejects short reports and never throws on garbage', () => {
    const good = build(idleFields());
    for (let n = 0; n < 10; n++) expect(decode(good.subarray(0, n))).toBeNull();
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      const len = (seed = (seed * 1103515245 + 12345) >>> 0) % 90;
      const junk = Uint8Array.from({ length: len }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
      expect(() => decodeReport(0x054c, pid, junk)).not.toThrow();
    }
  });
});

describe('report validation', () => {
  it('decodes the captured idle reports', () => {
    expect(decodeDs4Usb(DS4_USB_IDLE)?.axes).toEqual([0, 0, 0, 0]);
    const ds = decodeDualSenseUsb(DS_USB_IDLE);
    expect(ds?.axes[0]).toBeCloseTo(-2 / 128, 6);
    expect(ds?.axes[2]).toBeCloseTo(4 / 127, 6);
    expect(ds?.buttons.every((b) => b === 0)).toBe(true);
    expect(decodeDualSenseBtSimple(DS_BT_SIMPLE_IDLE)?.buttons.every((b) => b === 0)).toBe(true);
  });

  it('drops Bluetooth frames whose CRC does not match', () => {
    for (const build of [ds4Bt, dsBt]) {
      const r = build({ ...idleFields(), face: 2 });
      const bad = r.slice();
      bad[5] = (bad[5] ?? 0) ^ 0x10;
      expect(decodeReport(0x054c, build === ds4Bt ? 0x09cc : 0x0ce6, r)).not.toBeNull();
      expect(decodeReport(0x054c, build === ds4Bt ? 0x09cc : 0x0ce6, bad)).toBeNull();
    }
  });

  it('rejects wrong report ids for each decoder', () => {
    expect(decodeDs4Usb(ds4Bt(idleFields()))).toBeNull();
    expect(decodeDs4Bt(ds4Usb(idleFields()))).toBeNull();
    expect(decodeDualSenseUsb(dsBt(idleFields()))).toBeNull();
    expect(decodeDualSenseBt(dsUsb(idleFields()))).toBeNull();
    expect(decodeDualSenseBtSimple(dsBt(idleFields()))).toBeNull();
  });

  it('tells the two DualSense 0x01 forms apart, never mixing layouts', () => {
    // In the USB layout byte 5 is L2 and byte 8 the hat; in the short Bluetooth form byte 5 is the hat.
    const usb = dsUsb({ ...idleFields(), l2: 0x00, hat: 2 });
    const simple = dsBtSimple({ ...idleFields(), hat: 0 });
    const padded = new Uint8Array(78);
    padded.set(simple);
    const up = (r: Uint8Array, t?: 'usb' | 'bluetooth') => pressedButtons(decodeReport(0x054c, 0x0ce6, r, t) as PadState);
    expect(up(usb)).toEqual([Btn.RIGHT]);
    expect(up(simple)).toEqual([Btn.UP]);
    // Windows pads every report to the longest one (78 bytes over Bluetooth).
    expect(up(padded)).toEqual([Btn.UP]);
    // When the platform names the transport, that decides.
    expect(up(usb, 'usb')).toEqual([Btn.RIGHT]);
    expect(up(padded, 'bluetooth')).toEqual([Btn.UP]);
    expect(decodeReport(0x054c, 0x0ce6, simple, 'usb')).toBeNull();
    expect(decoderFor(0x054c, 0x09cc, ds4BtReduced(idleFields()), 'usb')?.transport).toBe('usb');
  });

  it('knows nothing of other devices or report ids', () => {
    expect(decoderFor(0x045e, 0x028e, ds4Usb(idleFields()))).toBeNull();
    expect(decoderFor(0x054c, 0x09cc, Uint8Array.from([0x05, 1, 2, 3]))).toBeNull();
    expect(decoderFor(0x054c, 0x0ce6, Uint8Array.from([0x11, ...new Array<number>(77).fill(0)]))).toBeNull();
    expect(decodeReport(0x054c, 0x09cc, new Uint8Array(0))).toBeNull();
  });
});
