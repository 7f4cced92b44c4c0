import { HidOpenError } from '../../src/input/hid-backend.ts';
import type { HidBackend, HidDevice, HidDeviceInfo } from '../../src/input/hid-backend.ts';

/**
 * A HID device fed by the test. A read with nothing queued parks until the test pushes
 * (then answers "timed out", as hidapi does), so the reader's loop runs for real.
 */
export class FakeHidDevice implements HidDevice {
  readonly queue: Uint8Array[] = [];
  readonly writes: Uint8Array[] = [];
  reads = 0;
  closed = false;
  private gone: Error | null = null;
  private wake: (() => void) | null = null;
  failWrites = false;

  /** Queues reports as if they all arrived while the reader was busy. */
  push(...reports: Uint8Array[]): void {
    this.queue.push(...reports);
    this.poke();
  }

  unplug(): void {
    this.gone = new Error('could not read data from device');
    this.poke();
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async read(timeoutMs: number): Promise<Uint8Array | undefined> {
    this.reads++;
    if (this.gone) throw this.gone;
    if (this.closed) throw new Error('device has been closed');
    const next = this.queue.shift();
    if (next || timeoutMs === 0) return next;
    await new Promise<void>((resolve) => (this.wake = resolve));
    return undefined;
  }

  async write(report: Uint8Array): Promise<void> {
    if (this.gone || this.closed || this.failWrites) throw new Error('could not write');
    this.writes.push(report.slice());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.poke();
  }
}

export class FakeHidBackend implements HidBackend {
  devices: HidDeviceInfo[] = [];
  readonly opened = new Map<string, FakeHidDevice>();
  readonly openFailures = new Map<string, HidOpenError>();
  listError: Error | null = null;
  opens = 0;

  plug(info: HidDeviceInfo): void {
    this.devices.push(info);
  }

  /** Takes the device off the list and fails its pending read, as a real unplug does. */
  unplug(path: string): void {
    this.devices = this.devices.filter((d) => d.path !== path);
    this.opened.get(path)?.unplug();
  }

  async list(): Promise<HidDeviceInfo[]> {
    if (this.listError) throw this.listError;
    return this.devices.map((d) => ({ ...d }));
  }

  async open(path: string): Promise<HidDevice> {
    this.opens++;
    const failure = this.openFailures.get(path);
    if (failure) throw failure;
    const device = new FakeHidDevice();
    this.opened.set(path, device);
    return device;
  }

  device(path: string): FakeHidDevice {
    const d = this.opened.get(path);
    if (!d) throw new Error(`no open device at ${path}`);
    return d;
  }
}

export const permissionDenied = (path: string): HidOpenError =>
  new HidOpenError(`cannot open device with path ${path}: Failed to open a device with path '${path}': Permission denied`, 'permission');

/** Lets the reader loops and scans run their awaits. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
