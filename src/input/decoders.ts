import { decodeDs4Bt, decodeDs4Usb, ds4BtRumble, ds4UsbRumble, DS4_USB_REPORT_SIZE } from './ds4.ts';
import {
  DS_BT_REPORT_SIZE, decodeDualSenseBt, decodeDualSenseBtSimple, decodeDualSenseUsb, dualSenseBtRumble, dualSenseUsbRumble,
} from './dualsense.ts';
import type { PadState } from './pad.ts';

/** The HID pads we decode, by USB vendor/product id. */
export type PadFamily = 'ds4' | 'dualsense';
export interface PadModel { vendorId: number; productId: number; family: PadFamily; name: string }
export type Transport = 'usb' | 'bluetooth';
export type ReportDecoder = (report: Uint8Array) => PadState | null;

export const SONY_VENDOR_ID = 0x054c;
export const PAD_MODELS: readonly PadModel[] = [
  { vendorId: SONY_VENDOR_ID, productId: 0x05c4, family: 'ds4', name: 'DualShock 4' },
  { vendorId: SONY_VENDOR_ID, productId: 0x09cc, family: 'ds4', name: 'DualShock 4' },
  // Sony's USB wireless adapter relays a paired DualShock 4 in the USB report format.
  { vendorId: SONY_VENDOR_ID, productId: 0x0ba0, family: 'ds4', name: 'DualShock 4 wireless adapter' },
  { vendorId: SONY_VENDOR_ID, productId: 0x0ce6, family: 'dualsense', name: 'DualSense' },
  { vendorId: SONY_VENDOR_ID, productId: 0x0df2, family: 'dualsense', name: 'DualSense Edge' },
];

export function padModel(vendorId: number, productId: number): PadModel | null {
  return PAD_MODELS.find((m) => m.vendorId === vendorId && m.productId === productId) ?? null;
}

export interface DecoderChoice { decode: ReportDecoder; transport: Transport }

/**
 * Picks the decoder for one report of one device: by model, then report id. Both pads
 * also send a report 0x01 over Bluetooth (the short form, before full reports are
 * enabled); for the DualSense its layout differs from USB's 0x01. `transport`, when the
 * platform says (hidapi: a USB interface number, or -1 over Bluetooth), decides between
 * them; otherwise the length does: 64 to 77 bytes is USB, anything else Bluetooth (10
 * bytes, or padded to 78 where Windows pads every report to the longest). Null for
 * devices we do not know and reports we do not read (feature replies, audio).
 */
export function decoderFor(vendorId: number, productId: number, report: Uint8Array, transport?: Transport): DecoderChoice | null {
  const model = padModel(vendorId, productId);
  if (!model || report.length === 0) return null;
  const id = report[0];
  const viaUsb = transport ? transport === 'usb' : report.length >= DS4_USB_REPORT_SIZE && report.length < DS_BT_REPORT_SIZE;
  const via: Transport = viaUsb ? 'usb' : 'bluetooth';
  if (model.family === 'ds4') {
    if (id === 0x01) return { decode: decodeDs4Usb, transport: via };
    if (id === 0x11) return { decode: decodeDs4Bt, transport: 'bluetooth' };
    return null;
  }
  if (id === 0x01) return { decode: viaUsb ? decodeDualSenseUsb : decodeDualSenseBtSimple, transport: via };
  if (id === 0x31) return { decode: decodeDualSenseBt, transport: 'bluetooth' };
  return null;
}

/** Decodes one report into the standard layout; null for anything unknown or malformed. */
export function decodeReport(vendorId: number, productId: number, report: Uint8Array, transport?: Transport): PadState | null {
  return decoderFor(vendorId, productId, report, transport)?.decode(report) ?? null;
}

/**
 * The output report that sets both rumble motors to `strength` (0..1; 0 stops them).
 * `seq` feeds the DualSense Bluetooth sequence nibble.
 */
export function rumbleReport(family: PadFamily, transport: Transport, strength: number, seq = 0): Uint8Array {
  const s = Number.isFinite(strength) ? Math.min(1, Math.max(0, strength)) : 0;
  const level = Math.round(s * 255);
  const motors = { strong: level, weak: level };
  if (family === 'ds4') return transport === 'usb' ? ds4UsbRumble(motors) : ds4BtRumble(motors);
  return transport === 'usb' ? dualSenseUsbRumble(motors) : dualSenseBtRumble(motors, seq);
}
