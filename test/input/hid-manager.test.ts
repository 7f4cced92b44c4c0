import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemSet } from '../../src/base/problem.ts';
import { HidManager } from '../../src/input/hid-manager.ts';
import { HID_PROBLEM } from '../../src/input/hid-problems.ts';
import { Btn } from '../../src/input/pad.ts';
import type { InputSample } from '../../src/input/pad.ts';
import type { HidBackend } from '../../src/input/hid-backend.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { FakeHidBackend, permissionDenied, settle } from './fake-hid.ts';
import { DS4_USB_IDLE, ds4Bt, ds4Usb, dsBt, dsBtSimple, dsUsb, idleFields } from './reports.ts';

const DS4_PATH = '/dev/hidraw3';
const DS4 = { path: DS4_PATH, vendorId: 0x054c, productId: 0x09cc, product: 'Wireless Controller', interface: 3 };
const DS4_ID = `hid:054c:09cc:${DS4_PATH}`;
const DS_PATH = '/dev/hidraw5';
const DS5 = { path: DS_PATH, vendorId: 0x054c, productId: 0x0ce6, interface: 3 };
const DS5_ID = `hid:054c:0ce6:${DS_PATH}`;

interface Rig { clock: FakeClock; problems: ProblemSet; backend: FakeHidBackend; manager: HidManager; samples: InputSample[]; removed: string[] }

let rig: Rig | null = null;
afterEach(() => {
  rig?.manager.dispose();
  rig = null;
});

async function setup(opts: { platform?: string; load?: () => Promise<HidBackend>; plugged?: Array<typeof DS4 | typeof DS5> } = {}): Promise<Rig> {
  const clock = new FakeClock();
  const problems = new ProblemSet(() => clock.now());
  const backend = new FakeHidBackend();
  for (const d of opts.plugged ?? []) backend.plug(d);
  const manager = new HidManager({ clock, problems, load: opts.load ?? (async () => backend), platform: opts.platform ?? 'linux' });
  const samples: InputSample[] = [];
  const removed: string[] = [];
  manager.onSample((s) => samples.push(s));
  manager.onRemoved((id) => removed.push(id));
  await manager.start();
  await settle();
  rig = { clock, problems, backend, manager, samples, removed };
  return rig;
}

async function tick(r: Rig, ms = 1000): Promise<void> {
  r.clock.advance(ms);
  await settle();
}

describe('HidManager', () => {
  it('turns a captured idle DualShock 4 report into a neutral sample', async () => {
    const r = await setup({ plugged: [DS4] });
    r.clock.advance(12);
    r.backend.device(DS4_PATH).push(DS4_USB_IDLE);
    await settle();
    expect(r.samples).toHaveLength(1);
    const s = r.samples[0];
    expect(s).toMatchObject({ sourceId: DS4_ID, kind: 'hid', label: 'DualShock 4 (USB)', t: 12 });
    expect(s?.state.axes).toEqual([0, 0, 0, 0]);
    expect(s?.state.buttons.every((b) => b === 0)).toBe(true);
    expect(r.manager.list()).toMatchObject([{ sourceId: DS4_ID, transport: 'usb', model: { family: 'ds4' } }]);
  });

  it('picks up a pad plugged in later within one rescan, and a replug after unplug', async () => {
    const r = await setup();
    expect(r.manager.list()).toEqual([]);
    r.backend.plug(DS4);
    await tick(r, 999);
    expect(r.manager.list()).toEqual([]);
    await tick(r, 1);
    expect(r.manager.list().map((p) => p.sourceId)).toEqual([DS4_ID]);

    r.backend.unplug(DS4_PATH);
    await settle();
    expect(r.removed).toEqual([DS4_ID]);
    expect(r.manager.list()).toEqual([]);
    const first = r.backend.device(DS4_PATH);

    r.backend.plug(DS4);
    await tick(r);
    const second = r.backend.device(DS4_PATH);
    expect(second).not.toBe(first);
    second.push(ds4Usb({ ...idleFields(), face: 2 }));
    await settle();
    expect(r.samples.at(-1)?.state.buttons[Btn.A]).toBe(1);
    expect(r.removed).toEqual([DS4_ID]);
  });

  it('drops a pad that vanished from the list even if its read never failed', async () => {
    const r = await setup({ plugged: [DS4] });
    const dev = r.backend.device(DS4_PATH);
    r.backend.devices = [];
    await tick(r);
    expect(r.removed).toEqual([DS4_ID]);
    expect(dev.closed).toBe(true);
  });

  it('drops a pad whose read fails, and reopens it if it is still listed', async () => {
    const r = await setup({ plugged: [DS4] });
    r.backend.device(DS4_PATH).unplug();
    await settle();
    expect(r.removed).toEqual([DS4_ID]);
    await tick(r);
    expect(r.backend.opens).toBe(2);
    expect(r.manager.list()).toHaveLength(1);
  });

  it('drains to the newest report: a backlog yields one sample of the latest state', async () => {
    const r = await setup({ plugged: [DS4] });
    const dev = r.backend.device(DS4_PATH);
    const backlog = Array.from({ length: 25 }, (_, i) => ds4Usb({ ...idleFields(), lx: i * 10 }));
    dev.push(...backlog);
    await settle();
    expect(r.samples).toHaveLength(1);
    expect(r.samples[0]?.state.axes[0]).toBeCloseTo((240 - 128) / 127, 6);
    expect(r.manager.list()[0]?.stats).toMatchObject({ reports: 25, skipped: 24, decoded: 1 });
    dev.push(ds4Usb({ ...idleFields(), lx: 0 }));
    await settle();
    expect(r.samples.map((s) => s.state.axes[0])).toHaveLength(2);
    expect(r.samples[1]?.state.axes[0]).toBe(-1);
  });

  it('keeps the newest state when a stray non-state report ends the backlog', async () => {
    const r = await setup({ plugged: [DS4] });
    r.backend.device(DS4_PATH).push(ds4Usb({ ...idleFields(), face: 8 }), Uint8Array.from([0x05, 0, 0]));
    await settle();
    expect(r.samples).toHaveLength(1);
    expect(r.samples[0]?.state.buttons[Btn.Y]).toBe(1);
  });

  it('ignores other vendors and non-gamepad collections', async () => {
    const r = await setup();
    r.backend.plug({ path: 'x', vendorId: 0x045e, productId: 0x028e });
    r.backend.plug({ ...DS4, path: 'y', usagePage: 0xff00, usage: 1 });
    r.backend.plug({ ...DS4, path: 'z', usagePage: 0x01, usage: 0x05 });
    await tick(r);
    expect(r.manager.list().map((p) => p.path)).toEqual(['z']);
  });

  it('reads a Bluetooth DualSense (interface -1) in its short and full forms', async () => {
    const r = await setup({ plugged: [{ ...DS5, interface: -1 }] });
    const dev = r.backend.device(DS_PATH);
    const padded = new Uint8Array(78);
    padded.set(dsBtSimple({ ...idleFields(), hat: 0 }));
    dev.push(padded);
    await settle();
    expect(r.samples.at(-1)).toMatchObject({ sourceId: DS5_ID, label: 'DualSense (Bluetooth)' });
    expect(r.samples.at(-1)?.state.buttons[Btn.UP]).toBe(1);
    dev.push(dsBt({ ...idleFields(), r2: 255 }));
    await settle();
    expect(r.samples.at(-1)?.state.buttons[Btn.RT]).toBe(1);
  });

  it('raises a permission problem with the udev fix on Linux, and clears it once the pad opens', async () => {
    const clockless = new FakeHidBackend();
    clockless.plug(DS4);
    clockless.openFailures.set(DS4_PATH, permissionDenied(DS4_PATH));
    const r = await setup({ load: async () => clockless });
    const p = r.problems.list().find((x) => x.key === HID_PROBLEM.permission);
    expect(p?.severity).toBe('error');
    expect(p?.message).toContain(DS4_PATH);
    expect(p?.hint).toContain('KERNEL=="hidraw*", ATTRS{idVendor}=="054c", MODE="0660", TAG+="uaccess"');
    expect(p?.hint).toContain('/etc/udev/rules.d/');
    expect(p?.hint).toContain('sudo udevadm control --reload-rules && sudo udevadm trigger');
    expect(r.manager.list()).toEqual([]);

    clockless.openFailures.clear();
    await tick(r);
    expect(r.problems.has(HID_PROBLEM.permission)).toBe(false);
    expect(r.manager.list()).toHaveLength(1);
  });

  it('gives platform hints elsewhere', async () => {
    const backend = new FakeHidBackend();
    backend.plug(DS4);
    backend.openFailures.set(DS4_PATH, permissionDenied(DS4_PATH));
    const r = await setup({ load: async () => backend, platform: 'darwin' });
    expect(r.problems.list()[0]?.hint).toContain('Input Monitoring');
  });

  it.each([
    ["Cannot find package 'node-hid' imported from /app/src/input/node-hid-backend.ts", 'npm install node-hid'],
    ['libusb-1.0.so.0: cannot open shared object file: No such file or directory', 'sudo apt install libusb-1.0-0'],
  ])('raises input.hid.unavailable when loading fails (%s) and keeps running', async (error, fix) => {
    const r = await setup({ load: async () => Promise.reject(new Error(error)) });
    const p = r.problems.list();
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ key: 'input.hid.unavailable', severity: 'warning' });
    expect(p[0]?.message).toContain(error);
    expect(p[0]?.hint).toContain(fix);
    expect(r.manager.available).toBe(false);
    expect(await r.manager.rumble(DS4_ID, 1, 100)).toBe(false);
    await tick(r, 5000);
    expect(r.clock.pending()).toBe(0);
  });

  it('raises a scan problem when listing fails, and clears it when listing works again', async () => {
    const r = await setup();
    r.backend.listError = new Error('hid_enumerate failed');
    await tick(r);
    expect(r.problems.has(HID_PROBLEM.scan)).toBe(true);
    r.backend.listError = null;
    await tick(r);
    expect(r.problems.has(HID_PROBLEM.scan)).toBe(false);
  });

  it('dispose closes the pads, stops scanning and clears its problems', async () => {
    const r = await setup({ plugged: [DS4] });
    r.backend.listError = new Error('x');
    await tick(r);
    r.manager.dispose();
    await settle();
    expect(r.backend.device(DS4_PATH).closed).toBe(true);
    expect(r.clock.pending()).toBe(0);
    expect(r.problems.list()).toEqual([]);
  });
});

describe('HidManager rumble', () => {
  const outputCrcOk = (r: Uint8Array) => crc32(Buffer.concat([Buffer.from([0xa2]), Buffer.from(r.subarray(0, 74))])) === new DataView(r.buffer).getUint32(74, true);

  async function padWith(info: typeof DS4 | typeof DS5, report: Uint8Array) {
    const r = await setup({ plugged: [info] });
    const dev = r.backend.device(info.path);
    dev.push(report);
    await settle();
    return { r, dev, id: `hid:054c:${info.productId.toString(16).padStart(4, '0')}:${info.path}` };
  }

  it('writes DS4 USB output report 0x05 and stops the motors after the duration', async () => {
    const { r, dev, id } = await padWith(DS4, DS4_USB_IDLE);
    expect(await r.manager.rumble(id, 0.5, 200)).toBe(true);
    const on = dev.writes[0] as Uint8Array;
    expect(on).toHaveLength(32);
    expect([...on.subarray(0, 6)]).toEqual([0x05, 0x01, 0x00, 0x00, 128, 128]);
    expect(on.subarray(6).every((b) => b === 0)).toBe(true);
    await tick(r, 199);
    expect(dev.writes).toHaveLength(1);
    await tick(r, 1);
    expect(dev.writes).toHaveLength(2);
    expect([...(dev.writes[1] as Uint8Array).subarray(0, 6)]).toEqual([0x05, 0x01, 0, 0, 0, 0]);
  });

  it('writes DualSense USB output report 0x02', async () => {
    const { r, dev, id } = await padWith(DS5, dsUsb(idleFields()));
    expect(await r.manager.rumble(id, 1, 100)).toBe(true);
    const on = dev.writes[0] as Uint8Array;
    expect(on).toHaveLength(48);
    expect([...on.subarray(0, 5)]).toEqual([0x02, 0x03, 0x00, 255, 255]);
  });

  it('writes CRC-sealed Bluetooth reports (DS4 0x11, DualSense 0x31)', async () => {
    const ds4 = await padWith({ ...DS4, interface: -1 }, ds4Bt(idleFields()));
    await ds4.r.manager.rumble(ds4.id, 1, 100);
    const a = ds4.dev.writes[0] as Uint8Array;
    expect(a).toHaveLength(78);
    expect([a[0], a[1], a[3], a[6], a[7]]).toEqual([0x11, 0xc4, 0x01, 255, 255]);
    expect(outputCrcOk(a)).toBe(true);
    ds4.r.manager.dispose();

    const ds = await padWith({ ...DS5, interface: -1 }, dsBt(idleFields()));
    await ds.r.manager.rumble(ds.id, 1, 100);
    await ds.r.manager.rumble(ds.id, 1, 100);
    const [b, c] = ds.dev.writes as [Uint8Array, Uint8Array];
    expect([b[0], b[2], b[3], b[5], b[6]]).toEqual([0x31, 0x10, 0x03, 255, 255]);
    expect(c[1]).toBe(b[1] !== undefined ? (b[1] + 0x10) & 0xff : -1);
    expect(outputCrcOk(b) && outputCrcOk(c)).toBe(true);
  });

  it('a newer rumble replaces the older one\'s stop, and dispose stops a running rumble', async () => {
    const { r, dev, id } = await padWith(DS4, DS4_USB_IDLE);
    await r.manager.rumble(id, 1, 100);
    await tick(r, 50);
    await r.manager.rumble(id, 0.2, 500);
    await tick(r, 100);
    expect(dev.writes).toHaveLength(2);
    r.manager.dispose();
    await settle();
    expect(dev.writes).toHaveLength(3);
    expect(dev.writes[2]?.[5]).toBe(0);
    expect(dev.closed).toBe(true);
    await tick(r, 1000);
    expect(dev.writes).toHaveLength(3);
  });

  it('refuses unknown sources, pads not yet heard from, and failed writes', async () => {
    const r = await setup({ plugged: [DS4] });
    expect(await r.manager.rumble('hid:054c:09cc:/dev/nope', 1, 100)).toBe(false);
    expect(await r.manager.rumble(DS4_ID, 1, 100)).toBe(false);
    const dev = r.backend.device(DS4_PATH);
    dev.push(DS4_USB_IDLE);
    await settle();
    dev.failWrites = true;
    expect(await r.manager.rumble(DS4_ID, 1, 100)).toBe(false);
    expect(r.clock.pending()).toBe(1); // only the rescan timer
  });
});
