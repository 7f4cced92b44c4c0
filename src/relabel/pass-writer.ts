/**
 * Streams one relabel pass into its episode's sidecar while the operator drives. `add`
 * is called on every control tick and never waits on the disk: samples are buffered and
 * appended as one line at most every `flushMs`, each append followed by an fsync in the
 * background. A crash loses at most the buffered half second and leaves the pass
 * `incomplete`; a write error (a full disk) stops the pass and is reported, never thrown
 * into the tick.
 */
import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import { headerOf, headerProblem, type RelabelPassHeader, type RelabelSample } from './pass.ts';
import { encodeRow, type SidecarLog } from './sidecar.ts';

export interface PassWriterOptions {
  log: SidecarLog;
  clock: Clock;
  header: RelabelPassHeader;
  /** Longest a sample waits in memory (default 500 ms). */
  flushMs?: number;
}

export class PassWriter {
  private rows: number[][] = [];
  private written = 0;
  private dropped = 0;
  private failure: Error | null = null;
  private ended = false;
  private cancelTimer: (() => void) | null = null;
  private inflight: Promise<void> = Promise.resolve();
  private readonly errors = new Emitter<Error>();
  private readonly log: SidecarLog;
  private readonly flushMs: number;

  private constructor(private readonly opts: PassWriterOptions) {
    this.log = opts.log;
    this.flushMs = opts.flushMs ?? 500;
  }

  /** Writes the pass header durably; rejects (nothing else written) when the disk refuses. */
  static async open(opts: PassWriterOptions): Promise<PassWriter> {
    const bad = headerProblem(opts.header);
    if (bad) throw new Error(`PassWriter: bad header (${bad}): ${JSON.stringify(opts.header)}`);
    if (!(opts.flushMs === undefined || opts.flushMs > 0)) throw new Error(`PassWriter: flushMs must be > 0, got ${opts.flushMs}`);
    const writer = new PassWriter(opts);
    await opts.log.append([{ kind: 'pass', ...headerOf(opts.header) }]);
    await opts.log.sync();
    return writer;
  }

  get id(): string {
    return this.opts.header.id;
  }

  /** Samples accepted so far (written or buffered). */
  get samples(): number {
    return this.written + this.rows.length;
  }

  /** Samples lost because they were not finite or came after a write error. */
  get droppedSamples(): number {
    return this.dropped;
  }

  /** The write error that stopped this pass, if any. */
  get error(): Error | null {
    return this.failure;
  }

  onError(listener: (err: Error) => void): () => void {
    return this.errors.on(listener);
  }

  add(sample: RelabelSample): void {
    if (this.ended) throw new Error(`PassWriter.add: pass ${this.id} has ended`);
    const finite = Number.isFinite(sample.wallMs) && Number.isFinite(sample.replayT) && sample.action.length === 4 && sample.action.every(Number.isFinite);
    if (this.failure || !finite) { this.dropped++; return; }
    this.rows.push(encodeRow(sample));
    this.cancelTimer ??= this.opts.clock.setTimeout(() => { this.cancelTimer = null; void this.flush(); }, this.flushMs);
  }

  /** Appends what is buffered; resolves once written (the fsync follows in the background). */
  flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.failure || this.rows.length === 0) return this.inflight;
    const rows = this.rows;
    this.rows = [];
    this.inflight = this.log.append([{ kind: 'samples', pass: this.id, rows }]).then(
      () => {
        this.written += rows.length;
        this.log.sync().catch((err: unknown) => this.fail(err));
      },
      (err: unknown) => this.fail(err),
    );
    return this.inflight;
  }

  /** Finishes the pass durably and returns its sample count; rejects with the write error if any. */
  async end(): Promise<number> {
    if (this.ended) throw new Error(`PassWriter.end: pass ${this.id} has already ended`);
    this.ended = true;
    await this.flush();
    const before = this.failure;
    if (before) throw before;
    try {
      await this.log.append([{ kind: 'end', pass: this.id, samples: this.written }]);
      await this.log.sync();
    } catch (err) {
      this.fail(err);
      throw this.failure ?? err;
    }
    return this.written;
  }

  /** Stops without an end line: the pass stays `incomplete` in the sidecar. */
  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.ended = true;
    this.rows = [];
    this.errors.dispose();
  }

  private fail(err: unknown): void {
    if (this.failure) return;
    const cause = err instanceof Error ? err.message : String(err);
    this.failure = Object.assign(new Error(`Relabel pass ${this.id} could not be saved to ${this.log.path}: ${cause}`), { cause: err });
    this.dropped += this.rows.length;
    this.rows = [];
    this.errors.fire(this.failure);
  }
}
