/**
 * The HID devices, as the manager sees them. One Node implementation (node-hid) lives in
 * node-hid-backend.ts; tests use a fake fed with report bytes.
 */
export interface HidDeviceInfo {
  /** Opaque and unique per device node (hidraw path on Linux, IOService path on macOS). */
  path: string;
  vendorId: number;
  productId: number;
  product?: string;
  serialNumber?: string;
  /** HID usage page/usage of this collection when the platform reports them (0 = unknown). */
  usagePage?: number;
  usage?: number;
  /** hidapi's USB interface number; -1 when the device is not on USB (Bluetooth). */
  interface?: number;
}

/** How a device is connected, when the platform says. */
export function transportOf(info: HidDeviceInfo): 'usb' | 'bluetooth' | undefined {
  if (info.interface === undefined) return undefined;
  return info.interface >= 0 ? 'usb' : 'bluetooth';
}

export interface HidDevice {
  /**
   * The next input report (report id first), or undefined when none arrived within
   * `timeoutMs` (0 = only what is already queued). Rejects when the device is gone.
   */
  read(timeoutMs: number): Promise<Uint8Array | undefined>;
  write(report: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Why an open failed, so the manager can give the right hint. */
export type HidOpenFailure = 'permission' | 'busy' | 'other';

export class HidOpenError extends Error {
  constructor(message: string, readonly failure: HidOpenFailure) {
    super(message);
    this.name = 'HidOpenError';
  }
}

export interface HidBackend {
  list(): Promise<HidDeviceInfo[]>;
  /** Rejects with HidOpenError when the device cannot be opened. */
  open(path: string): Promise<HidDevice>;
}

/** Loads the backend; rejects when the native module or its libraries are missing. */
export type HidBackendLoader = () => Promise<HidBackend>;
