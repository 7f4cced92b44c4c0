import { decoderFor, rumbleReport } from './decoders.ts';
import type { PadModel, Transport } from './decoders.ts';
import { transportOf } from './hid-backend.ts';
import type { HidDevice, HidDeviceInfo } from './hid-backend.ts';
import type { InputSample } from './pad.ts';
import type { Clock } from '../base/clock.ts';

/** A blocking read returns at least this often, so close() never waits long on it. */
export const READ_TIMEOUT_MS = 100;
/** Upper bound on reports skipped in one drain, so a flooding device cannot starve us. */
const MAX_DRAIN = 256;
const MAX_RUMBLE_MS = 5000;

export interface HidPadStats { reports: number; decoded: number; skipped: number; undecodable: number }

export function hidSourceId(info: HidDeviceInfo): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return `hid:${hex(info.vendorId)}:${hex(info.productId)}:${info.path}`;
}

/**
 * One open pad: reads reports, always keeping only the newest (a reader slower than the
 * device would otherwise fall ever further behind), decodes it and hands on a sample.
 * A read error means the device is gone.
 */
export class HidPad {
  readonly sourceId: string;
  readonly stats: HidPadStats = { reports: 0, decoded: 0, skipped: 0, undecodable: 0 };
  private transportSeen: Transport | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private stopRumble: (() => void) | null = null;
  private outputSeq = 0;
  private readonly hint: Transport | undefined;

  constructor(
    readonly info: HidDeviceInfo,
    readonly model: PadModel,
    private readonly device: HidDevice,
    private readonly clock: Clock,
    private readonly emit: (sample: InputSample) => void,
    private readonly gone: (pad: HidPad, reason: string) => void,
  ) {
    this.sourceId = hidSourceId(info);
    this.hint = transportOf(info);
  }

  get transport(): Transport | null {
    return this.transportSeen;
  }

  get label(): string {
    if (!this.transportSeen) return this.model.name;
    return `${this.model.name} (${this.transportSeen === 'usb' ? 'USB' : 'Bluetooth'})`;
  }

  start(): void {
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      while (!this.closed) {
        const first = await this.device.read(READ_TIMEOUT_MS);
        if (this.closed) return;
        if (!first) continue;
        let newest = first;
        this.stats.reports++;
        for (let i = 0; i < MAX_DRAIN; i++) {
          const next = await this.device.read(0);
          if (this.closed) return;
          if (!next) break;
          this.stats.reports++;
          this.stats.skipped++;
          // A stray non-state report (a feature echo) must not hide the newest state.
          if (decoderFor(this.info.vendorId, this.info.productId, next, this.hint)) newest = next;
        }
        this.handle(newest);
      }
    } catch (e) {
      if (!this.closed) this.gone(this, e instanceof Error ? e.message : String(e));
    }
  }

  private handle(report: Uint8Array): void {
    const choice = decoderFor(this.info.vendorId, this.info.productId, report, this.hint);
    const state = choice?.decode(report) ?? null;
    if (!choice || !state) {
      this.stats.undecodable++;
      return;
    }
    this.stats.decoded++;
    this.transportSeen = choice.transport;
    this.emit({ sourceId: this.sourceId, kind: 'hid', label: this.label, state, t: this.clock.now() });
  }

  /**
   * Runs both motors at `strength` (0..1) for `ms`, then stops them (the pads keep
   * rumbling until told otherwise). A newer call replaces an older one. False when the
   * write failed or the pad has not yet said how it is connected.
   */
  async rumble(strength: number, ms: number): Promise<boolean> {
    const transport = this.transportSeen;
    if (this.closing || !transport) return false;
    this.stopRumble?.();
    this.stopRumble = null;
    const duration = Number.isFinite(ms) ? Math.min(MAX_RUMBLE_MS, Math.max(0, ms)) : 0;
    const on = duration > 0 ? strength : 0;
    const ok = await this.write(rumbleReport(this.model.family, transport, on, this.outputSeq++));
    if (ok && on > 0) {
      this.stopRumble = this.clock.setTimeout(() => {
        this.stopRumble = null;
        void this.write(rumbleReport(this.model.family, transport, 0, this.outputSeq++));
      }, duration);
    }
    return ok;
  }

  private async write(report: Uint8Array): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.device.write(report);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return (this.closing ??= this.shutDown());
  }

  private async shutDown(): Promise<void> {
    const rumbling = this.stopRumble !== null;
    this.stopRumble?.();
    this.stopRumble = null;
    // A pad keeps rumbling after we let go of it unless told to stop.
    if (rumbling && this.transportSeen) await this.write(rumbleReport(this.model.family, this.transportSeen, 0, this.outputSeq++));
    this.closed = true;
    try {
      await this.device.close();
    } catch {
      // Closing an unplugged device fails; it is gone either way.
    }
  }
}
