import type { Message } from '@mcap/core';
import { decodeChunk, type ChunkRef } from './mcap-chunk.ts';
import type { EpisodeSource } from './episode-source.ts';
import { errorText } from './record-fs.ts';

const KEEP = 4;
/** A pass over many chunks reads them in spans up to this size: one read, not one per chunk. */
const SPAN = 4 << 20;

/**
 * Decoded chunks, the few most recent kept (replay seeks near where it was). A chunk that
 * fails to decode is reported once in `problems` and read as empty from then on.
 */
export class ChunkCache {
  readonly problems: string[] = [];
  private readonly recent = new Map<number, Message[]>();
  private readonly bad = new Set<number>();
  private readonly raw = new Map<number, Uint8Array>();

  constructor(private readonly source: EpisodeSource) {}

  async get(ref: ChunkRef): Promise<Message[] | null> {
    const hit = this.recent.get(ref.offset);
    if (hit) {
      this.recent.delete(ref.offset);
      this.recent.set(ref.offset, hit);
      return hit;
    }
    if (this.bad.has(ref.offset)) return null;
    let messages: Message[];
    try {
      const bytes = this.raw.get(ref.offset) ?? (await this.source.readChunk(ref));
      this.raw.delete(ref.offset);
      const decoded = decodeChunk(bytes, this.source.prefix);
      messages = decoded.messages.sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0));
    } catch (err) {
      this.bad.add(ref.offset);
      this.problems.push(`damaged chunk at byte ${ref.offset}: ${errorText(err)}`);
      return null;
    }
    this.recent.set(ref.offset, messages);
    if (this.recent.size > KEEP) this.recent.delete(this.recent.keys().next().value as number);
    return messages;
  }

  /**
   * Reads the chunks a pass is about to visit, from `refs[from]` on, in one span of
   * neighbouring bytes. Returns the index of the first chunk it did not cover.
   */
  async prefetch(refs: readonly ChunkRef[], from: number): Promise<number> {
    const first = refs[from];
    if (!first) return from;
    let end = from + 1;
    let last = first.offset + first.length;
    for (; end < refs.length; end++) {
      const r = refs[end]!;
      if (r.offset < last || r.offset + r.length - first.offset > SPAN) break;
      last = r.offset + r.length;
    }
    if (end - from < 2) return end;
    this.raw.clear();
    const span = await this.source.read(first.offset, last - first.offset);
    for (let i = from; i < end; i++) {
      const r = refs[i]!;
      const at = r.offset - first.offset;
      if (at + r.length <= span.byteLength && !this.recent.has(r.offset)) this.raw.set(r.offset, span.subarray(at, at + r.length));
    }
    return end;
  }
}
