import { btCrcOk, sealBtOutput, sonyPad, u8 } from './report-bits.ts';
import type { Motors } from './ds4.ts';
import type { PadState } from './pad.ts';

/**
 * DualSense (054c:0ce6) and DualSense Edge (054c:0df2). The state block is LX LY RX RY,
 * L2, R2, a sequence byte, hat+face, shoulder, PS/touchpad/mute. USB report 0x01 (64
 * bytes) carries it from byte 1; Bluetooth report 0x31 (78 bytes) from byte 2, after a
 * sequence/tag byte, and ends in a CRC-32 (Linux hid-playstation: USB offset 1, BT 2).
 * Before the host enables full reports a Bluetooth pad sends a 10-byte "simple" report
 * 0x01 laid out like the DualShock 4's (hat at byte 5, triggers at 8 and 9); decoderFor
 * tells the two 0x01 forms apart.
 */
export const DS_USB_REPORT_SIZE = 64;
export const DS_BT_REPORT_SIZE = 78;
const SIMPLE_SIZE = 10;

function block(report: Uint8Array, o: number): PadState {
  return sonyPad({
    lx: u8(report, o), ly: u8(report, o + 1), rx: u8(report, o + 2), ry: u8(report, o + 3),
    l2: u8(report, o + 4), r2: u8(report, o + 5),
    face: u8(report, o + 7), shoulder: u8(report, o + 8), system: u8(report, o + 9),
  });
}

export function decodeDualSenseUsb(report: Uint8Array): PadState | null {
  if (report.length < DS_USB_REPORT_SIZE || report[0] !== 0x01) return null;
  return block(report, 1);
}

export function decodeDualSenseBt(report: Uint8Array): PadState | null {
  if (report.length < DS_BT_REPORT_SIZE || report[0] !== 0x31) return null;
  if (!btCrcOk(report, DS_BT_REPORT_SIZE)) return null;
  return block(report, 2);
}

/** The short Bluetooth report 0x01 sent before full reports are enabled (may arrive zero-padded). */
export function decodeDualSenseBtSimple(report: Uint8Array): PadState | null {
  if (report.length < SIMPLE_SIZE || report[0] !== 0x01) return null;
  return sonyPad({
    lx: u8(report, 1), ly: u8(report, 2), rx: u8(report, 3), ry: u8(report, 4),
    face: u8(report, 5), shoulder: u8(report, 6), system: u8(report, 7),
    l2: u8(report, 8), r2: u8(report, 9),
  });
}

/** valid_flag0: compatible vibration + haptics select, the pair the kernel sets for rumble. */
const RUMBLE_VALID = 0x03;

/**
 * USB output report 0x02: flags at 1, right (weak) motor at 3, left (strong) at 4. 48
 * bytes, the length the report descriptor declares: Windows rejects longer writes (the
 * Linux driver sends 63 and the pad accepts either).
 */
export function dualSenseUsbRumble(m: Motors): Uint8Array {
  const r = new Uint8Array(48);
  r[0] = 0x02;
  r[1] = RUMBLE_VALID;
  r[3] = m.weak;
  r[4] = m.strong;
  return r;
}

/**
 * Bluetooth output report 0x31 (78 bytes): sequence in the high nibble of byte 1, tag 0x10
 * at byte 2, then the USB fields one byte later, sealed by a CRC.
 */
export function dualSenseBtRumble(m: Motors, seq: number): Uint8Array {
  const r = new Uint8Array(DS_BT_REPORT_SIZE);
  r[0] = 0x31;
  r[1] = (seq & 0x0f) << 4;
  r[2] = 0x10;
  r[3] = RUMBLE_VALID;
  r[5] = m.weak;
  r[6] = m.strong;
  sealBtOutput(r);
  return r;
}
