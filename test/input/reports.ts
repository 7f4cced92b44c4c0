import { crc32 } from 'node:zlib';

/**
 * Builders for real-layout Sony input reports. The CRC comes from zlib, not from the code
 * under test, so a wrong CRC routine in src/ fails the Bluetooth tests.
 */
export interface Fields {
  lx: number; ly: number; rx: number; ry: number;
  /** d-pad hat: 0 = up, clockwise to 7; 8 = released. */
  hat: number;
  /** bits 0..3 = square, cross, circle, triangle. */
  face: number;
  /** bits 0..7 = L1, R1, L2, R2, share/create, options, L3, R3. */
  shoulder: number;
  /** bit 0 = PS, bit 1 = touchpad click. */
  system: number;
  l2: number; r2: number;
}

export const idleFields = (): Fields => ({ lx: 0x80, ly: 0x80, rx: 0x80, ry: 0x80, hat: 8, face: 0, shoulder: 0, system: 0, l2: 0, r2: 0 });

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((b) => parseInt(b, 16)));

/** A DualShock 4 USB report as captured at rest: sticks 0x80, hat 8, counter and IMU noise. */
export const DS4_USB_IDLE = hex(`
  01 80 80 80 80 08 00 c4 00 00 26 0c 00 f0 ff f9 ff ee ff ea 00 68 1f 0e 05 00 00 00 00 00
  1b 00 00 00 00 80 00 00 00 80 00 00 00 00 80 00 00 00 80 00 00 00 00 80 00 00 00 80 00 00
  00 00 80 00`);

/** A DualSense USB report at rest: sticks a little off centre, as real ones are. */
export const DS_USB_IDLE = hex(`
  01 7e 81 84 84 00 00 4b 08 00 00 00 ac 0a af 14 f2 ff 0a 00 f2 ff b8 ff ff 1d 9e 08 da 8f
  e8 ae 1b fc 3e 00 26 f9 7f 87 0b bd 09 09 00 00 00 00 00 92 a0 e8 ae 29 08 00 b0 7e c8 76
  f8 cc a2 2b`);

/** The DualSense's short Bluetooth report before full reports are enabled, at rest. */
export const DS_BT_SIMPLE_IDLE = hex('01 7d 7e 83 82 08 00 00 00 00');

/** DS4 block: LX LY RX RY, hat|face<<4, shoulder, system (+counter), L2, R2. */
function ds4Block(f: Fields, counter = 0x2c): number[] {
  return [f.lx, f.ly, f.rx, f.ry, (f.hat & 0x0f) | (f.face << 4), f.shoulder, f.system | (counter & 0xfc), f.l2, f.r2];
}

/** DualSense block: LX LY RX RY, L2, R2, seq, hat|face<<4, shoulder, system. */
function dsBlock(f: Fields): number[] {
  return [f.lx, f.ly, f.rx, f.ry, f.l2, f.r2, 0x4b, (f.hat & 0x0f) | (f.face << 4), f.shoulder, f.system];
}

export function sealInputCrc(r: Uint8Array): Uint8Array {
  const at = r.length - 4;
  const crc = crc32(Buffer.concat([Buffer.from([0xa1]), Buffer.from(r.subarray(0, at))]));
  new DataView(r.buffer, r.byteOffset).setUint32(at, crc, true);
  return r;
}

export function ds4Usb(f: Fields): Uint8Array {
  const r = DS4_USB_IDLE.slice();
  r.set(ds4Block(f), 1);
  return r;
}

/** Full Bluetooth report 0x11: flags 0xc0 0x00, then the USB fields, CRC at 74. */
export function ds4Bt(f: Fields): Uint8Array {
  const r = new Uint8Array(78);
  r.set([0x11, 0xc0, 0x00], 0);
  r.set(DS4_USB_IDLE.subarray(1, 72), 3);
  r.set(ds4Block(f), 3);
  return sealInputCrc(r);
}

/** Reduced Bluetooth report 0x01: report id and the first nine USB fields. */
export function ds4BtReduced(f: Fields): Uint8Array {
  return Uint8Array.from([0x01, ...ds4Block(f)]);
}

export function dsUsb(f: Fields): Uint8Array {
  const r = DS_USB_IDLE.slice();
  r.set(dsBlock(f), 1);
  return r;
}

/** Bluetooth report 0x31: sequence/tag byte, then the USB fields one byte later, CRC at 74. */
export function dsBt(f: Fields): Uint8Array {
  const r = new Uint8Array(78);
  r[0] = 0x31;
  r[1] = 0x30;
  r.set(DS_USB_IDLE.subarray(1, 64), 2);
  r.set(dsBlock(f), 2);
  return sealInputCrc(r);
}

export function dsBtSimple(f: Fields): Uint8Array {
  return Uint8Array.from([0x01, f.lx, f.ly, f.rx, f.ry, (f.hat & 0x0f) | (f.face << 4), f.shoulder, f.system, f.l2, f.r2]);
}
