import { join } from 'node:path';
import { Emitter } from '../base/emitter.ts';
import type { Outcome } from './dataset-types.ts';
import { ChunkPump } from './chunk-pump.ts';
import { encodeEpisodeEnd, encodeEpisodeMetadata, EPISODE_METADATA, type EpisodeEnd } from './episode-metadata.ts';
import { EpisodeTally } from './episode-tally.ts';
import type { EpisodeSummary, EpisodeWriterOptions, EpisodeWriterStats, WriterState } from './episode-writer-types.ts';
import { FRAME_SCHEMA, FRAME_TOPIC, type Frame } from './frame.ts';
import { snapshotJson } from './json-snapshot.ts';
import { McapEncoder } from './mcap-encoder.ts';
import { openIndexed } from './mcap-readable.ts';
import { McapSink } from './mcap-sink.ts';
import { describeWriteError, type RecordError } from './record-error.ts';
import { errorCode, errorText, type RecordFile } from './record-fs.ts';
import { isOdometryType, type RawTopic } from './ros-schemas.ts';

export type { EpisodeSummary, EpisodeWriterOptions, EpisodeWriterStats, WriterState } from './episode-writer-types.ts';

const text = new TextEncoder();
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Records one episode into `<dir>/<id>.mcap.partial` and renames it on close. `frame` and
 * `raw` only copy and enqueue (the control loop never waits on the disk); a pump writes
 * chunks in order. Failures never throw at the caller: they close the episode as
 * incomplete and are reported through `onError`.
 */
export class EpisodeWriter {
  /** Log time (ns) of frame time 0: Unix epoch of the episode start. */
  readonly originNs: bigint;
  readonly partialPath: string;
  readonly finalPath: string;
  private readonly sink: McapSink;
  private readonly pump: ChunkPump;
  private readonly tally: EpisodeTally;
  private readonly errors = new Emitter<RecordError>();
  private readonly topics = new Map<string, { channel: number; odometry: boolean }>();
  private readonly frameChannel: number;
  private readonly t0: number;
  private dropped = 0;
  private state: WriterState = 'recording';
  private failure: RecordError | null = null;
  private salvaged: Promise<boolean> | null = null;
  private closing: Promise<EpisodeSummary> | null = null;
  private outcome: Outcome | null = null;

  static async open(options: EpisodeWriterOptions): Promise<EpisodeWriter> {
    const { dir, id, fs } = options;
    if (!SAFE_ID.test(id)) throw new Error(`EpisodeWriter: episode id ${JSON.stringify(id)} is not a safe file name`);
    if (!(options.chunkMs === undefined || options.chunkMs > 0)) throw new Error(`EpisodeWriter: chunkMs ${options.chunkMs} must be > 0`);
    await fs.mkdir(dir);
    const finalPath = join(dir, `${id}.mcap`);
    if (await fs.exists(finalPath)) throw new Error(`EpisodeWriter: ${finalPath} already exists`);
    const partialPath = `${finalPath}.partial`;
    const cannot = (err: unknown) => new Error(`cannot start recording ${partialPath}: ${describeWriteError(errorCode(err), err)}`);
    let file: RecordFile;
    try {
      file = await fs.create(partialPath, true);
    } catch (err) {
      throw cannot(err);
    }
    const writer = new EpisodeWriter(options, file, partialPath, finalPath);
    try {
      // The header, metadata and channels go to disk at once, so even an episode cut off
      // in its first second is a readable file.
      await writer.sink.flush();
      if (options.syncEachChunk !== false) await fs.syncDir(dir);
    } catch (err) {
      writer.pump.stop();
      await writer.sink.close().catch(() => undefined);
      await fs.remove(partialPath).catch(() => undefined);
      throw cannot(err);
    }
    return writer;
  }

  private constructor(private readonly options: EpisodeWriterOptions, file: RecordFile, partialPath: string, finalPath: string) {
    this.partialPath = partialPath;
    this.finalPath = finalPath;
    const { clock, metadata } = options;
    this.t0 = options.t0 ?? clock.now();
    const parsedStart = Date.parse(metadata.start);
    const startMs = Number.isFinite(parsedStart) ? parsedStart : clock.wallMs() - (clock.now() - this.t0);
    this.originNs = BigInt(Math.round(startMs)) * 1_000_000n;
    this.tally = new EpisodeTally(metadata.obs_fields);
    const encoder = new McapEncoder({ profile: 'intervene', library: 'intervene' });
    encoder.addMetadata(EPISODE_METADATA, encodeEpisodeMetadata(metadata, this.originNs));
    this.sink = new McapSink(encoder, file, options.syncEachChunk !== false);
    const chunkMs = options.chunkMs ?? 1000;
    this.pump = new ChunkPump(this.sink, clock, {
      chunkNs: BigInt(Math.round(chunkMs * 0.5e6)), chunkMs: chunkMs / 2, maxChunkBytes: options.maxChunkBytes ?? 8 << 20,
    }, (err) => this.fail(err));
    this.frameChannel = this.register({ topic: FRAME_TOPIC, schemaName: FRAME_SCHEMA.title, schema: FRAME_SCHEMA }).channel;
    for (const t of options.rawTopics ?? []) this.register(t);
  }

  get id(): string {
    return this.options.id;
  }

  onError(listener: (e: RecordError) => void): () => void {
    return this.errors.on(listener);
  }

  /** Records one control step. Cheap: copies `f` (the caller may reuse it) and enqueues. */
  frame(f: Frame): void {
    if (this.state !== 'recording') {
      this.dropped++;
      return;
    }
    const t = Number.isFinite(f.t) && f.t > 0 ? f.t : 0;
    this.tally.addFrame(f);
    this.enqueue(this.frameChannel, this.originNs + BigInt(Math.round(t * 1e9)), f);
  }

  /** Records a raw ROS message (copied; unknown topics get a schemaless channel). */
  raw(topic: string, msg: unknown, logTimeNs?: bigint): void {
    if (this.state !== 'recording') {
      this.dropped++;
      return;
    }
    const entry = this.topics.get(topic) ?? this.register({ topic, schemaName: '', schema: null });
    if (entry.odometry) this.tally.addOdometry(msg);
    const now = this.originNs + BigInt(Math.round(Math.max(0, this.options.clock.now() - this.t0) * 1e6));
    this.enqueue(entry.channel, logTimeNs ?? now, msg);
  }

  /** Declares a raw topic (with its schema) before its first message. */
  addTopic(t: RawTopic): void {
    if (!this.topics.has(t.topic) && this.state === 'recording') this.register(t);
  }

  stats(): EpisodeWriterStats {
    return {
      state: this.state, frames: this.tally.frameCount, durationS: this.tally.durationS, bytes: this.sink.bytes,
      queueDepth: this.pump.depth, queueBytes: this.pump.queueBytes, chunks: this.pump.chunks, dropped: this.dropped,
    };
  }

  /** Finishes the file and renames it; on a write error, closes it as incomplete. */
  close(options: { outcome?: Outcome | null; status?: string } = {}): Promise<EpisodeSummary> {
    this.closing ??= this.finishUp(options.outcome ?? null, options.status ?? 'closed');
    return this.closing;
  }

  /** For owners that cannot wait: closes in the background. */
  dispose(): void {
    void this.close();
  }

  private register(t: RawTopic): { channel: number; odometry: boolean } {
    const { encoder } = this.sink;
    const schemaId = t.schema ? encoder.addSchema(t.schemaName, 'jsonschema', text.encode(JSON.stringify(t.schema))) : 0;
    const entry = { channel: encoder.addChannel(schemaId, t.topic, 'json'), odometry: isOdometryType(t.schemaName) };
    this.topics.set(t.topic, entry);
    return entry;
  }

  private enqueue(channel: number, logTime: bigint, data: unknown): void {
    let snap;
    try {
      snap = snapshotJson(data);
    } catch {
      this.dropped++;
      return;
    }
    this.pump.push(channel, logTime, snap.value, snap.bytes);
    if (this.pump.queueBytes > (this.options.maxQueueBytes ?? 64 << 20)) {
      this.fail(Object.assign(new Error('the disk is not keeping up with the recording'), { code: 'ESLOW' }));
    }
  }

  private fail(err: unknown): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.state = 'failed';
    this.dropped += this.pump.stop();
    const code = errorCode(err);
    this.failure = {
      episodeId: this.id,
      file: this.partialPath,
      code,
      message: `recording of episode ${this.id} stopped: ${describeWriteError(code, err)}; the episode is closed as incomplete`,
      hint: code === 'ENOSPC' ? 'Free disk space; the next episode records normally.' : 'Check the disk; earlier episodes are untouched.',
    };
    this.salvaged = (async () => {
      await this.pump.idle();
      const ok = await this.sink.salvage(() => encodeEpisodeEnd(this.endRecord(false, 'write-error')));
      return ok && (await this.verifyAndRename());
    })();
    this.errors.fire(this.failure);
  }

  private async finishUp(outcome: Outcome | null, status: string): Promise<EpisodeSummary> {
    this.outcome = outcome;
    let renamed = false;
    if (this.state === 'recording') {
      this.state = 'closing';
      await this.pump.drain();
    }
    if (this.state === 'closing') {
      try {
        this.pump.stop();
        await this.sink.finish(encodeEpisodeEnd(this.endRecord(true, status)));
        await this.options.fs.rename(this.partialPath, this.finalPath);
        await this.options.fs.syncDir(this.options.dir);
        this.state = 'closed';
        renamed = true;
      } catch (err) {
        this.fail(err);
      }
    }
    if (this.salvaged) renamed = await this.salvaged;
    this.errors.dispose();
    return {
      ...this.tally.result(),
      id: this.id,
      file: renamed ? this.finalPath : this.partialPath,
      complete: this.state === 'closed',
      error: this.failure?.message ?? null,
      metadata: this.options.metadata,
      start: this.options.metadata.start,
      end: new Date(this.options.clock.wallMs()).toISOString(),
      outcome,
      status: this.state === 'closed' ? status : 'write-error',
      bytes: this.sink.bytes,
    };
  }

  private endRecord(complete: boolean, status: string): EpisodeEnd {
    const lastNs = this.sink.encoder.committedEndTime;
    return {
      end: new Date(this.options.clock.wallMs()).toISOString(),
      outcome: this.outcome,
      complete,
      status: complete ? status : 'write-error',
      error: this.failure?.message ?? null,
      lost_after_s: complete ? null : lastNs === null ? 0 : Number(lastNs - this.originNs) / 1e9,
    };
  }

  /** After a salvage: rename only a file that @mcap/core can open. */
  private async verifyAndRename(): Promise<boolean> {
    const { fs } = this.options;
    try {
      const file = await fs.openRead(this.partialPath);
      try {
        await openIndexed(file);
      } finally {
        await file.close();
      }
      await fs.rename(this.partialPath, this.finalPath);
      await fs.syncDir(this.options.dir);
      return true;
    } catch (err) {
      if (this.failure) this.failure.message += ` (the file stays ${this.partialPath}: ${errorText(err)}; it is recovered at the next start)`;
      return false;
    }
  }
}
