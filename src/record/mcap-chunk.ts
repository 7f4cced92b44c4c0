import { McapRecordBuilder, McapStreamReader } from '@mcap/core';
import type { Channel, Message, Schema, TypedMcapRecord } from '@mcap/core';

/** Where a chunk lies in the file and the log times it covers. */
export interface ChunkRef {
  offset: number;
  length: number;
  startTime: bigint;
  endTime: bigint;
}

export interface DecodedChunk {
  messages: Message[];
  /** Schema and channel records found inside the chunk (other writers put them there). */
  schemas: Schema[];
  channels: Channel[];
}

/**
 * The schemas and channels known so far, as records to put before a chunk: @mcap/core's
 * stream reader rejects a message whose channel it has not seen, and a chunk read on
 * its own has not seen the ones written before it.
 */
export class ChannelPrefix {
  private bytes: Uint8Array | null = null;
  readonly schemas = new Map<number, Schema>();
  readonly channels = new Map<number, Channel>();

  add(records: { schemas?: Iterable<Schema>; channels?: Iterable<Channel> }): void {
    for (const s of records.schemas ?? []) {
      if (!this.schemas.has(s.id)) this.bytes = null;
      this.schemas.set(s.id, s);
    }
    for (const c of records.channels ?? []) {
      if (!this.channels.has(c.id)) this.bytes = null;
      this.channels.set(c.id, c);
    }
  }

  get records(): Uint8Array {
    if (!this.bytes) {
      const b = new McapRecordBuilder();
      for (const s of this.schemas.values()) b.writeSchema(s);
      for (const c of this.channels.values()) b.writeChannel(c);
      this.bytes = b.buffer.slice();
    }
    return this.bytes;
  }
}

/** Parses exactly one record; throws when the bytes are not one whole, valid record. */
export function parseOneRecord(bytes: Uint8Array): TypedMcapRecord {
  const reader = new McapStreamReader({ noMagicPrefix: true, includeChunks: true, validateCrcs: true });
  reader.append(bytes);
  const record = reader.nextRecord();
  if (!record) throw new Error('record is incomplete');
  if (record.type !== 'Chunk' && reader.bytesRemaining() !== 0) throw new Error(`${reader.bytesRemaining()} bytes left after the record`);
  return record;
}

/** Decodes a whole chunk record (opcode onwards), checking its CRC. Throws on any damage. */
export function decodeChunk(chunkRecord: Uint8Array, prefix: ChannelPrefix): DecodedChunk {
  const reader = new McapStreamReader({ noMagicPrefix: true, validateCrcs: true });
  const head = prefix.records;
  const headCount = prefix.schemas.size + prefix.channels.size;
  reader.append(head);
  reader.append(chunkRecord);
  const out: DecodedChunk = { messages: [], schemas: [], channels: [] };
  let seen = 0;
  for (let record = reader.nextRecord(); record; record = reader.nextRecord()) {
    seen++;
    if (record.type === 'Message') out.messages.push(record);
    else if (seen <= headCount) continue;
    else if (record.type === 'Schema') out.schemas.push(record);
    else if (record.type === 'Channel') out.channels.push(record);
  }
  if (reader.bytesRemaining() !== 0) throw new Error(`chunk is incomplete (${reader.bytesRemaining()} bytes not parsed)`);
  return out;
}
