import { crc32 } from 'node:zlib';
import type { Message } from '@mcap/core';
import type { EpisodeMetadata } from './dataset-types.ts';
import { decodeEpisodeEnd, decodeEpisodeMetadata, EPISODE_END_METADATA, EPISODE_METADATA, type EpisodeEnd } from './episode-metadata.ts';
import { parseFrame } from './frame-parse.ts';
import { FRAME_TOPIC, type Frame } from './frame.ts';
import { ChunkCache } from './chunk-cache.ts';
import { openEpisodeSource, type EpisodeSource } from './episode-source.ts';
import type { ChunkRef } from './mcap-chunk.ts';
import { nodeRecordFs } from './node-record-fs.ts';
import { errorText, type RecordFs } from './record-fs.ts';

export class EpisodeReadError extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

export interface ChannelInfo {
  id: number;
  topic: string;
  schemaName: string;
  schemaEncoding: string;
  messageEncoding: string;
  /** Messages in the readable chunks. */
  count: number;
}

export interface RecordedMessage {
  topic: string;
  /** Seconds since the episode started. */
  t: number;
  logTimeNs: bigint;
  /** Parsed JSON, or the raw bytes for other encodings. */
  msg: unknown;
}

export interface SeekResult {
  t: number;
  /** The last frame at or before `t` (within the look-back), else null. */
  frame: Frame | null;
  /** The last message of every topic at or before `t`, within the look-back. */
  latest: Map<string, RecordedMessage>;
}

const decoder = new TextDecoder();
const CHECK_BLOCK = 4 << 20;

/**
 * Reads an episode file, finished or cut off. A finished file is read through its MCAP
 * index; anything else is scanned and every complete chunk is used. Damage found while
 * reading is listed in `problems` and the damaged chunk is skipped: reading never throws
 * past `open`, which throws an EpisodeReadError when the file cannot be read at all.
 */
export class EpisodeReader {
  readonly metadata: EpisodeMetadata | null;
  readonly end: EpisodeEnd | null;
  /** Log time (ns) of episode time 0. */
  readonly originNs: bigint;
  private readonly cache: ChunkCache;
  private framesMemo: Frame[] | null = null;
  private readonly maxSpan: bigint;

  static async open(path: string, options: { fs?: RecordFs } = {}): Promise<EpisodeReader> {
    const fs = options.fs ?? nodeRecordFs;
    let file;
    try {
      file = await fs.openRead(path);
    } catch (err) {
      throw new EpisodeReadError(path, (err as { code?: string }).code === 'ENOENT' ? 'no such file' : `cannot open: ${errorText(err)}`);
    }
    try {
      return new EpisodeReader(path, await openEpisodeSource(file));
    } catch (err) {
      await file.close().catch(() => undefined);
      throw new EpisodeReadError(path, errorText(err));
    }
  }

  private constructor(readonly path: string, private readonly source: EpisodeSource) {
    const last = (name: string) => source.metadata.filter((m) => m.name === name).at(-1)?.metadata;
    const meta = last(EPISODE_METADATA);
    const decoded = meta ? decodeEpisodeMetadata(meta) : null;
    this.metadata = decoded?.metadata ?? null;
    const end = last(EPISODE_END_METADATA);
    this.end = end ? decodeEpisodeEnd(end) : null;
    const chunks = source.chunks;
    this.originNs = decoded?.originNs ?? chunks.reduce<bigint | null>((m, c) => (m === null || c.startTime < m ? c.startTime : m), null) ?? 0n;
    this.maxSpan = chunks.reduce((m, c) => (c.endTime - c.startTime > m ? c.endTime - c.startTime : m), 0n);
    this.cache = new ChunkCache(source);
  }

  /** The file had a valid summary (it was finished, by the writer or by recovery). */
  get indexed(): boolean {
    return this.source.indexed;
  }

  /** Finished, undamaged, and not marked incomplete by its end record. */
  get complete(): boolean {
    return this.source.indexed && this.problems.length === 0 && (this.end?.complete ?? true);
  }

  /** Damage found so far (at open, and while reading chunks). */
  get problems(): readonly string[] {
    return [...this.source.problems, ...this.cache.problems];
  }

  get durationS(): number {
    const last = this.source.chunks.reduce((m, c) => (c.endTime > m ? c.endTime : m), this.originNs);
    return Number(last - this.originNs) / 1e9;
  }

  channels(): ChannelInfo[] {
    return [...this.source.prefix.channels.values()].map((c) => {
      const schema = this.source.prefix.schemas.get(c.schemaId);
      return {
        id: c.id, topic: c.topic, schemaName: schema?.name ?? '', schemaEncoding: schema?.encoding ?? '',
        messageEncoding: c.messageEncoding, count: this.source.counts?.get(c.id) ?? 0,
      };
    });
  }

  /** Messages per topic counted from the chunks themselves (damaged ones left out). */
  async countMessages(): Promise<Map<string, number>> {
    const byId = new Map<number, number>();
    for (const ref of this.source.chunks) {
      for (const m of (await this.cache.get(ref)) ?? []) byId.set(m.channelId, (byId.get(m.channelId) ?? 0) + 1);
    }
    return new Map(this.channels().map((c) => [c.topic, byId.get(c.id) ?? 0]));
  }

  /** Every valid frame, in time order. */
  async frames(): Promise<Frame[]> {
    if (!this.framesMemo) {
      const frames: Frame[] = [];
      let invalid = 0;
      for await (const m of this.messages(FRAME_TOPIC)) {
        const f = parseFrame(m.msg);
        if (f) frames.push(f);
        else invalid++;
      }
      if (invalid > 0) this.cache.problems.push(`${invalid} frames are not valid frames and were skipped`);
      this.framesMemo = frames.sort((a, b) => a.t - b.t);
    }
    return this.framesMemo;
  }

  /** Messages of one topic (or all, with null) between two episode times, in time order. */
  async *messages(topic: string | null = null, fromS = -Infinity, toS = Infinity): AsyncGenerator<RecordedMessage> {
    const from = this.toNs(fromS);
    const to = this.toNs(toS);
    const ids = this.channelIds(topic);
    const refs = this.chunksBetween(from, to);
    let prefetched = 0;
    for (const [i, ref] of refs.entries()) {
      if (i >= prefetched) prefetched = await this.cache.prefetch(refs, i);
      const messages = (await this.cache.get(ref)) ?? [];
      for (const m of messages) {
        if (ids.has(m.channelId) && (from === null || m.logTime >= from) && (to === null || m.logTime <= to)) {
          const out = this.toRecorded(m);
          if (out) yield out;
        }
      }
    }
  }

  /** State at episode time `t`: the frame and the latest message of each topic. */
  async seek(tSeconds: number, lookbackS = 2): Promise<SeekResult> {
    const target = this.toNs(tSeconds) ?? this.originNs;
    const from = target - BigInt(Math.round(lookbackS * 1e9));
    const best = new Map<number, Message>();
    for (const ref of this.chunksBetween(from, target)) {
      for (const m of (await this.cache.get(ref)) ?? []) {
        if (m.logTime > target || m.logTime < from) continue;
        const prev = best.get(m.channelId);
        if (!prev || m.logTime >= prev.logTime) best.set(m.channelId, m);
      }
    }
    const latest = new Map<string, RecordedMessage>();
    for (const m of best.values()) {
      const r = this.toRecorded(m);
      if (r) latest.set(r.topic, r);
    }
    const frameMsg = latest.get(FRAME_TOPIC);
    return { t: tSeconds, frame: frameMsg ? parseFrame(frameMsg.msg) : null, latest };
  }

  /**
   * Checks the whole data section against the CRC in its DataEnd record, which also covers
   * what reading frames does not look at (message indexes, metadata). Returns the problem,
   * or null when the CRC matches or the file has none (cut-off files).
   */
  async verifyChecksum(): Promise<string | null> {
    const section = this.source.dataSection;
    if (!section) return null;
    let crc = 0;
    for (let at = 0; at < section.end; at += CHECK_BLOCK) {
      crc = crc32(await this.source.read(at, Math.min(CHECK_BLOCK, section.end - at)), crc);
    }
    return crc === section.crc ? null : `the data section does not match its checksum (CRC ${crc}, expected ${section.crc})`;
  }

  async close(): Promise<void> {
    await this.source.close();
  }

  dispose(): void {
    void this.close();
  }

  private toNs(s: number): bigint | null {
    return Number.isFinite(s) ? this.originNs + BigInt(Math.round(s * 1e9)) : null;
  }

  private channelIds(topic: string | null): Set<number> {
    const all = [...this.source.prefix.channels.values()];
    return new Set(all.filter((c) => topic === null || c.topic === topic).map((c) => c.id));
  }

  /** Chunks that may hold messages in [from, to], in time order (chunks are sorted by start). */
  private chunksBetween(from: bigint | null, to: bigint | null): ChunkRef[] {
    const chunks = this.source.chunks;
    let hi = chunks.length;
    if (to !== null) {
      let lo = 0;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (chunks[mid]!.startTime <= to) lo = mid + 1;
        else hi = mid;
      }
    }
    let lo = hi;
    // Chunks may overlap in time, so step back past any chunk that could still reach `from`.
    while (lo > 0 && (from === null || chunks[lo - 1]!.startTime + this.maxSpan >= from)) lo--;
    return chunks.slice(lo, hi).filter((c) => from === null || c.endTime >= from);
  }

  private toRecorded(m: Message): RecordedMessage | null {
    const channel = this.source.prefix.channels.get(m.channelId);
    if (!channel) return null;
    let msg: unknown = m.data;
    if (channel.messageEncoding === 'json') {
      try {
        msg = JSON.parse(decoder.decode(m.data)) as unknown;
      } catch {
        this.cache.problems.push(`a message on ${channel.topic} at log time ${m.logTime} is not valid JSON`);
        return null;
      }
    }
    return { topic: channel.topic, t: Number(m.logTime - this.originNs) / 1e9, logTimeNs: m.logTime, msg };
  }
}
