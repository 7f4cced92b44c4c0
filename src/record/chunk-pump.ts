import type { Clock } from '../base/clock.ts';
import type { McapSink } from './mcap-sink.ts';

export interface ChunkPumpOptions {
  /** A chunk is closed once it spans this much log time... */
  chunkNs: bigint;
  /** ...or has been open this long by the clock (the producer went quiet). */
  chunkMs: number;
  maxChunkBytes: number;
}

/** A snapshot waiting for the pump, which serialises it off the caller's time. */
interface Pending { channel: number; logTime: bigint; value: unknown; bytes: number }

const text = new TextEncoder();

/**
 * Moves queued messages into chunks and chunks to the file, strictly in order, on the
 * event loop between control ticks. A failed write stops it and goes to `onFail`.
 */
export class ChunkPump {
  private queue: Pending[] = [];
  private queued = 0;
  private bytes = 0;
  private running: Promise<void> | null = null;
  private flushDue = false;
  private chunkFirst: bigint | null = null;
  private chunkOpenedAt = 0;
  private written = 0;
  private stopped = false;
  private readonly sequences: number[] = [];
  private cancelTimer: () => void = () => undefined;

  constructor(
    private readonly sink: McapSink,
    private readonly clock: Clock,
    private readonly options: ChunkPumpOptions,
    private readonly onFail: (err: unknown) => void,
  ) {
    const check = (): void => {
      if (this.stopped) return;
      if (this.chunkFirst !== null && this.clock.now() - this.chunkOpenedAt >= options.chunkMs) {
        this.flushDue = true;
        this.kick();
      }
      this.cancelTimer = this.clock.setTimeout(check, options.chunkMs / 4);
    };
    this.cancelTimer = this.clock.setTimeout(check, options.chunkMs / 4);
  }

  get depth(): number {
    return this.queued;
  }

  get queueBytes(): number {
    return this.bytes;
  }

  get chunks(): number {
    return this.written;
  }

  push(channel: number, logTime: bigint, value: unknown, bytes: number): void {
    this.queue.push({ channel, logTime, value, bytes });
    this.queued++;
    this.bytes += bytes;
    this.kick();
  }

  /** Writes everything queued (the open chunk stays open for the caller to finish). */
  async drain(): Promise<void> {
    this.cancelTimer();
    this.kick();
    while (this.running) await this.running;
  }

  /** Stops for good and drops what is queued; returns how many messages that was. */
  stop(): number {
    this.stopped = true;
    this.cancelTimer();
    const dropped = this.queued;
    this.queue = [];
    this.queued = 0;
    this.bytes = 0;
    return dropped;
  }

  /** Settles once nothing is being written. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private kick(): void {
    if (this.stopped) return;
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.run())
      .catch((err: unknown) => this.onFail(err))
      .finally(() => (this.running = null));
  }

  private async run(): Promise<void> {
    const { encoder } = this.sink;
    while (!this.stopped && (this.queue.length > 0 || this.flushDue)) {
      const batch = this.queue;
      this.queue = [];
      for (const m of batch) {
        if (this.stopped) return;
        if (this.chunkFirst !== null) {
          const span = m.logTime - this.chunkFirst;
          // Either way: log time that jumps back a long way also closes the chunk.
          if (span >= this.options.chunkNs || -span >= this.options.chunkNs || encoder.chunkBytes >= this.options.maxChunkBytes) {
            if (!(await this.writeChunk())) return;
          }
        }
        if (this.chunkFirst === null) {
          this.chunkFirst = m.logTime;
          this.chunkOpenedAt = this.clock.now();
        }
        this.queued--;
        this.bytes -= m.bytes;
        let json: string | undefined;
        try {
          json = JSON.stringify(m.value);
        } catch {
          json = undefined;
        }
        if (json === undefined) continue;
        const sequence = (this.sequences[m.channel] = (this.sequences[m.channel] ?? 0) + 1);
        encoder.addMessage({ channelId: m.channel, sequence, logTime: m.logTime, publishTime: m.logTime, data: text.encode(json) });
      }
      if (this.flushDue) {
        this.flushDue = false;
        if (!(await this.writeChunk())) return;
      }
    }
  }

  private async writeChunk(): Promise<boolean> {
    this.chunkFirst = null;
    try {
      if (await this.sink.flush()) this.written++;
      return true;
    } catch (err) {
      this.onFail(err);
      return false;
    }
  }
}
