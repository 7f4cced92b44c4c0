import { Emitter } from '../base/emitter.ts';
import { padModel } from './decoders.ts';
import type { PadModel, Transport } from './decoders.ts';
import { HidOpenError } from './hid-backend.ts';
import type { HidBackend, HidBackendLoader, HidDeviceInfo } from './hid-backend.ts';
import { HidPad } from './hid-pad.ts';
import type { HidPadStats } from './hid-pad.ts';
import { busyProblem, HID_PROBLEM, openProblem, permissionProblem, scanProblem, unavailableProblem } from './hid-problems.ts';
import { loadNodeHidBackend } from './node-hid-backend.ts';
import type { InputSample } from './pad.ts';
import type { Clock } from '../base/clock.ts';
import type { Disposable } from '../base/disposable.ts';
import type { ProblemInput, ProblemSet } from '../base/problem.ts';

export interface HidManagerOptions {
  clock: Clock;
  problems: ProblemSet;
  /** Defaults to node-hid. */
  load?: HidBackendLoader;
  /** Chooses the hints; defaults to process.platform. */
  platform?: string;
  /** Hot-plug rescan period. */
  scanIntervalMs?: number;
}

export interface HidPadInfo {
  sourceId: string;
  label: string;
  path: string;
  vendorId: number;
  productId: number;
  model: PadModel;
  transport: Transport | null;
  stats: HidPadStats;
}

/**
 * Finds supported pads (HID), keeps them open while plugged, and emits their samples.
 * Hot-plug is a rescan every second: node-hid has no plug events, and a second is well
 * inside what an operator waits after plugging in. Failures are problems, never throws:
 * without HID the app drives with the keyboard and browser gamepads.
 */
export class HidManager implements Disposable {
  private readonly samples = new Emitter<InputSample>();
  private readonly removals = new Emitter<string>();
  private readonly pads = new Map<string, HidPad>();
  private readonly opening = new Set<string>();
  private backend: HidBackend | null = null;
  private scanning: Promise<void> | null = null;
  private cancelTimer: (() => void) | null = null;
  private started = false;
  private disposed = false;
  private readonly platform: string;
  private readonly interval: number;

  constructor(private readonly opts: HidManagerOptions) {
    this.platform = opts.platform ?? process.platform;
    this.interval = opts.scanIntervalMs ?? 1000;
  }

  onSample(listener: (sample: InputSample) => void): () => void {
    return this.samples.on(listener);
  }

  /** Fires with the sourceId of a pad that was unplugged or failed. */
  onRemoved(listener: (sourceId: string) => void): () => void {
    return this.removals.on(listener);
  }

  /** Loads the backend and starts scanning; resolves after the first scan. */
  async start(): Promise<void> {
    if (this.started || this.disposed) return;
    this.started = true;
    try {
      const backend = await (this.opts.load ?? loadNodeHidBackend)();
      if (this.disposed) return;
      this.backend = backend;
      this.opts.problems.clear(HID_PROBLEM.unavailable);
    } catch (e) {
      if (!this.disposed) this.opts.problems.raise(unavailableProblem(errorText(e), this.platform));
      return;
    }
    await this.scan();
  }

  get available(): boolean {
    return this.backend !== null;
  }

  list(): HidPadInfo[] {
    return [...this.pads.values()].map((p) => ({
      sourceId: p.sourceId, label: p.label, path: p.info.path, vendorId: p.info.vendorId,
      productId: p.info.productId, model: p.model, transport: p.transport, stats: { ...p.stats },
    }));
  }

  /** Rumbles one pad (strength 0..1 for `ms`); false for an unknown source or a failed write. */
  rumble(sourceId: string, strength: number, ms: number): Promise<boolean> {
    const pad = [...this.pads.values()].find((p) => p.sourceId === sourceId);
    return pad ? pad.rumble(strength, ms) : Promise.resolve(false);
  }

  /** One rescan now (also what the timer runs); overlapping calls share one scan. */
  scan(): Promise<void> {
    if (!this.backend || this.disposed) return Promise.resolve();
    this.scanning ??= this.scanOnce(this.backend).finally(() => {
      this.scanning = null;
      this.schedule();
    });
    return this.scanning;
  }

  private schedule(): void {
    if (this.disposed) return;
    this.cancelTimer?.();
    this.cancelTimer = this.opts.clock.setTimeout(() => {
      this.cancelTimer = null;
      void this.scan();
    }, this.interval);
  }

  private async scanOnce(backend: HidBackend): Promise<void> {
    const { problems } = this.opts;
    let listed: HidDeviceInfo[];
    try {
      listed = await backend.list();
      problems.clear(HID_PROBLEM.scan);
    } catch (e) {
      problems.raise(scanProblem(errorText(e)));
      return;
    }
    if (this.disposed) return;
    const wanted = new Map<string, { info: HidDeviceInfo; model: PadModel }>();
    for (const info of listed) {
      const model = padModel(info.vendorId, info.productId);
      if (model && isGamepadCollection(info)) wanted.set(info.path, { info, model });
    }
    for (const [path, pad] of this.pads) {
      if (!wanted.has(path)) this.drop(pad);
    }
    const failed = { permission: [] as string[], busy: [] as string[], other: [] as string[] };
    const opens = [...wanted.values()]
      .filter(({ info }) => !this.pads.has(info.path) && !this.opening.has(info.path))
      .map(async ({ info, model }) => {
        const failure = await this.open(backend, info, model);
        if (failure) failed[failure.kind].push(failure.text);
      });
    await Promise.all(opens);
    if (this.disposed) return;
    this.report(HID_PROBLEM.permission, failed.permission, (d) => permissionProblem(d, this.platform));
    this.report(HID_PROBLEM.busy, failed.busy, busyProblem);
    this.report(HID_PROBLEM.open, failed.other, openProblem);
  }

  private report(key: string, items: string[], make: (items: string[]) => ProblemInput): void {
    if (items.length > 0) this.opts.problems.raise(make(items));
    else this.opts.problems.clear(key);
  }

  private async open(backend: HidBackend, info: HidDeviceInfo, model: PadModel): Promise<{ kind: 'permission' | 'busy' | 'other'; text: string } | null> {
    const name = `${model.name} at ${info.path}`;
    this.opening.add(info.path);
    try {
      const device = await backend.open(info.path);
      if (this.disposed) {
        await device.close().catch(() => undefined);
        return null;
      }
      const pad = new HidPad(info, model, device, this.opts.clock, (s) => this.samples.fire(s), (p) => this.drop(p));
      this.pads.set(info.path, pad);
      pad.start();
      return null;
    } catch (e) {
      if (e instanceof HidOpenError) return { kind: e.failure, text: e.failure === 'other' ? `${name}: ${e.message}` : name };
      return { kind: 'other', text: `${name}: ${errorText(e)}` };
    } finally {
      this.opening.delete(info.path);
    }
  }

  private drop(pad: HidPad): void {
    if (this.pads.get(pad.info.path) !== pad) return;
    this.pads.delete(pad.info.path);
    void pad.close();
    this.removals.fire(pad.sourceId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (const pad of this.pads.values()) void pad.close();
    this.pads.clear();
    this.opts.problems.clearPrefix('input.hid');
    this.samples.dispose();
    this.removals.dispose();
  }
}

/**
 * Windows and macOS list every HID collection of a device; only the game pad (or
 * joystick) collection carries input reports. 0 means the platform did not say.
 */
function isGamepadCollection(info: HidDeviceInfo): boolean {
  if (!info.usagePage) return true;
  return info.usagePage === 0x01 && (info.usage === 0x05 || info.usage === 0x04);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
