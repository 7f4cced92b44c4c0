import { access, constants } from 'node:fs/promises';
import { HidOpenError } from './hid-backend.ts';
import type { HidBackend, HidDevice, HidDeviceInfo, HidOpenFailure } from './hid-backend.ts';

/** The slice of node-hid 3.x we use, typed here so the module stays optional at build time. */
interface NodeHidDevice {
  read(timeOut?: number): Promise<Buffer | undefined>;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}
interface NodeHidModule {
  devicesAsync(): Promise<Array<{ path?: string; vendorId: number; productId: number; product?: string; serialNumber?: string; usagePage?: number; usage?: number; interface?: number }>>;
  HIDAsync: { open(path: string): Promise<NodeHidDevice> };
  getHidapiVersion(): string;
}

/**
 * node-hid is an optional dependency: a missing package or a missing system library
 * (libusb, libudev) rejects here and the app goes on with its other input sources.
 */
export async function loadNodeHidBackend(): Promise<HidBackend> {
  const name = 'node-hid';
  const imported = (await import(name)) as NodeHidModule & { default?: NodeHidModule };
  const hid = typeof imported.devicesAsync === 'function' ? imported : imported.default;
  if (!hid || typeof hid.devicesAsync !== 'function') throw new Error('node-hid loaded but exports no devicesAsync (need node-hid 3.x)');
  // node-hid loads its native binding lazily; load it now so a missing library fails here.
  hid.getHidapiVersion();
  return new NodeHidBackend(hid);
}

class NodeHidBackend implements HidBackend {
  constructor(private readonly hid: NodeHidModule) {}

  async list(): Promise<HidDeviceInfo[]> {
    const out: HidDeviceInfo[] = [];
    for (const d of await this.hid.devicesAsync()) {
      if (!d.path) continue;
      out.push({ path: d.path, vendorId: d.vendorId, productId: d.productId, product: d.product, serialNumber: d.serialNumber, usagePage: d.usagePage, usage: d.usage, interface: d.interface });
    }
    return out;
  }

  async open(path: string): Promise<HidDevice> {
    try {
      return new NodeHidDeviceAdapter(await this.hid.HIDAsync.open(path));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new HidOpenError(message, await classify(path, message));
    }
  }
}

/** hidapi's open errors are free text; on Linux the device node itself tells us more. */
async function classify(path: string, message: string): Promise<HidOpenFailure> {
  if (/permission denied|EACCES|access is denied|not permitted/i.test(message)) return 'permission';
  if (/busy|exclusive|in use/i.test(message)) return 'busy';
  if (path.startsWith('/dev/')) {
    try {
      await access(path, constants.R_OK | constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') return 'permission';
    }
  }
  return 'other';
}

class NodeHidDeviceAdapter implements HidDevice {
  constructor(private readonly dev: NodeHidDevice) {}

  async read(timeoutMs: number): Promise<Uint8Array | undefined> {
    const data = await this.dev.read(timeoutMs);
    // node-hid answers a timeout with an empty buffer.
    return data && data.length > 0 ? new Uint8Array(data.buffer, data.byteOffset, data.length) : undefined;
  }

  async write(report: Uint8Array): Promise<void> {
    await this.dev.write(Buffer.from(report.buffer, report.byteOffset, report.byteLength));
  }

  close(): Promise<void> {
    return this.dev.close();
  }
}
