import { crc32 } from 'node:zlib';
import { McapChunkBuilder, McapRecordBuilder, Opcode } from '@mcap/core';
import type { Channel, ChunkIndex, Header, Message, MetadataIndex, Schema, SummaryOffset } from '@mcap/core';

/** Bytes to append at `at`; once written, `commit` it so the summary may point at it. */
export interface McapPiece {
  at: number;
  bytes: Uint8Array;
  chunk: ChunkIndex | null;
  counts: Map<number, number>;
  metadata: MetadataIndex[];
}

const DATA_END_LENGTH = 1 + 8 + 4;

/**
 * Builds an indexed MCAP file piece by piece, without doing any IO. @mcap/core 2.2.2's
 * McapWriter closes a chunk only when it outgrows `chunkSize`, so it cannot promise
 * "at most one second lost"; here the caller decides when a chunk ends (`take`). The
 * summary describes only committed pieces, so after a failed write the file can be cut
 * back to `offset` and still be finished properly.
 */
export class McapEncoder {
  private readonly top = new McapRecordBuilder();
  private pendingMetadata: MetadataIndex[] = [];
  private readonly chunk = new McapChunkBuilder({ useMessageIndex: true });
  private chunkCounts = new Map<number, number>();
  private committed = 0;
  private crc = 0;
  private readonly schemas = new Map<number, Schema>();
  private readonly channels = new Map<number, Channel>();
  private readonly chunkIndexes: ChunkIndex[] = [];
  private readonly metadataIndexes: MetadataIndex[] = [];
  private readonly counts = new Map<number, bigint>();
  private messageCount = 0n;
  private startTime = 0n;
  private endTime = 0n;

  constructor(header: Header) {
    this.top.writeMagic();
    this.top.writeHeader(header);
  }

  /** Bytes committed so far: where the next piece starts. */
  get offset(): number {
    return this.committed;
  }

  get chunkMessages(): number {
    return this.chunk.numMessages;
  }

  get chunkBytes(): number {
    return this.chunk.byteLength;
  }

  get chunkStartTime(): bigint {
    return this.chunk.messageStartTime;
  }

  get totalMessages(): bigint {
    return this.messageCount;
  }

  /** Latest log time in a committed chunk; null before the first chunk is written. */
  get committedEndTime(): bigint | null {
    return this.chunkIndexes.length > 0 ? this.endTime : null;
  }

  addSchema(name: string, encoding: string, data: Uint8Array): number {
    const schema: Schema = { id: this.schemas.size + 1, name, encoding, data };
    this.schemas.set(schema.id, schema);
    this.top.writeSchema(schema);
    return schema.id;
  }

  addChannel(schemaId: number, topic: string, messageEncoding: string, metadata = new Map<string, string>()): number {
    if (schemaId !== 0 && !this.schemas.has(schemaId)) throw new Error(`addChannel: unknown schema id ${schemaId}`);
    const channel: Channel = { id: this.channels.size, schemaId, topic, messageEncoding, metadata };
    this.channels.set(channel.id, channel);
    this.top.writeChannel(channel);
    return channel.id;
  }

  addMetadata(name: string, metadata: Map<string, string>): void {
    const start = this.top.length;
    const length = this.top.writeMetadata({ name, metadata });
    this.pendingMetadata.push({ name, offset: BigInt(start), length });
  }

  addMessage(message: Message): void {
    if (!this.channels.has(message.channelId)) throw new Error(`addMessage: unknown channel id ${message.channelId}`);
    this.chunk.addMessage(message);
    this.chunkCounts.set(message.channelId, (this.chunkCounts.get(message.channelId) ?? 0) + 1);
  }

  /** Pending records and the open chunk, closed, as one piece; null when there is nothing. */
  take(): McapPiece | null {
    if (this.top.length === 0 && this.chunk.numMessages === 0) return null;
    const at = this.committed;
    const head = this.top.buffer;
    const metadata = this.pendingMetadata.map((m) => ({ ...m, offset: m.offset + BigInt(at) }));
    let chunk: ChunkIndex | null = null;
    const tail = new McapRecordBuilder();
    if (this.chunk.numMessages > 0) {
      const records = this.chunk.buffer;
      const chunkStart = at + head.byteLength;
      const chunkLength = tail.writeChunk({
        messageStartTime: this.chunk.messageStartTime,
        messageEndTime: this.chunk.messageEndTime,
        uncompressedSize: BigInt(records.byteLength),
        uncompressedCrc: crc32(records),
        compression: '',
        records,
      });
      const messageIndexOffsets = new Map<number, bigint>();
      const indexStart = chunkStart + tail.length;
      for (const index of this.chunk.indices) {
        if (index.records.length === 0) continue;
        messageIndexOffsets.set(index.channelId, BigInt(chunkStart + tail.length));
        tail.writeMessageIndex(index);
      }
      chunk = {
        messageStartTime: this.chunk.messageStartTime,
        messageEndTime: this.chunk.messageEndTime,
        chunkStartOffset: BigInt(chunkStart),
        chunkLength,
        messageIndexOffsets,
        messageIndexLength: BigInt(chunkStart + tail.length - indexStart),
        compression: '',
        compressedSize: BigInt(records.byteLength),
        uncompressedSize: BigInt(records.byteLength),
      };
    }
    const bytes = new Uint8Array(head.byteLength + tail.length);
    bytes.set(head, 0);
    bytes.set(tail.buffer, head.byteLength);
    const piece: McapPiece = { at, bytes, chunk, counts: this.chunkCounts, metadata };
    this.top.reset();
    this.pendingMetadata = [];
    this.chunk.reset();
    this.chunkCounts = new Map();
    return piece;
  }

  /** Records that `piece` is in the file. Pieces must be committed in the order taken. */
  commit(piece: McapPiece): void {
    if (piece.at !== this.committed) throw new Error(`commit: piece at ${piece.at} but the file ends at ${this.committed}`);
    this.committed += piece.bytes.byteLength;
    this.crc = crc32(piece.bytes, this.crc);
    this.metadataIndexes.push(...piece.metadata);
    if (piece.chunk) {
      const first = this.chunkIndexes.length === 0;
      this.chunkIndexes.push(piece.chunk);
      if (first || piece.chunk.messageStartTime < this.startTime) this.startTime = piece.chunk.messageStartTime;
      if (first || piece.chunk.messageEndTime > this.endTime) this.endTime = piece.chunk.messageEndTime;
    }
    for (const [id, n] of piece.counts) {
      this.counts.set(id, (this.counts.get(id) ?? 0n) + BigInt(n));
      this.messageCount += BigInt(n);
    }
  }

  /** DataEnd, the summary section, footer and closing magic for what was committed. */
  finish(): Uint8Array {
    const base = this.committed;
    const b = new McapRecordBuilder();
    b.writeDataEnd({ dataSectionCrc: this.crc });
    const summaryStart = base + b.length;
    const offsets: SummaryOffset[] = [];
    const group = (groupOpcode: number, write: () => void): void => {
      const start = base + b.length;
      write();
      const length = base + b.length - start;
      if (length > 0) offsets.push({ groupOpcode, groupStart: BigInt(start), groupLength: BigInt(length) });
    };
    group(Opcode.SCHEMA, () => this.schemas.forEach((s) => b.writeSchema(s)));
    group(Opcode.CHANNEL, () => this.channels.forEach((c) => b.writeChannel(c)));
    group(Opcode.STATISTICS, () => b.writeStatistics({
      messageCount: this.messageCount,
      schemaCount: this.schemas.size,
      channelCount: this.channels.size,
      attachmentCount: 0,
      metadataCount: this.metadataIndexes.length,
      chunkCount: this.chunkIndexes.length,
      messageStartTime: this.startTime,
      messageEndTime: this.endTime,
      channelMessageCounts: new Map(this.counts),
    }));
    group(Opcode.METADATA_INDEX, () => this.metadataIndexes.forEach((m) => b.writeMetadataIndex(m)));
    group(Opcode.CHUNK_INDEX, () => this.chunkIndexes.forEach((c) => b.writeChunkIndex(c)));
    const summaryOffsetStart = base + b.length;
    for (const offset of offsets) b.writeSummaryOffset(offset);
    const footer = { summaryStart: BigInt(summaryStart), summaryOffsetStart: BigInt(summaryOffsetStart), summaryCrc: 0 };
    const probe = new McapRecordBuilder();
    probe.writeFooter(footer);
    // The summary CRC covers the summary and the footer up to (not including) its CRC field.
    let crc = crc32(b.buffer.subarray(DATA_END_LENGTH));
    crc = crc32(probe.buffer.subarray(0, 1 + 8 + 8 + 8), crc);
    b.writeFooter({ ...footer, summaryCrc: crc });
    b.writeMagic();
    return b.buffer.slice();
  }
}
