import { Opcode } from '@mcap/core';
import { decodeChunk, type ChannelPrefix } from './mcap-chunk.ts';
import type { RecordFile } from './record-fs.ts';

const BLOCK = 1 << 20;
/** Bytes of a chunk record before its records: framing, times, size, CRC, compression length. */
const HEAD = 1 + 8 + 8 + 8 + 8 + 4 + 4;
const MAX_COMPRESSION_NAME = 32;
const OVERLAP = HEAD + MAX_COMPRESSION_NAME + 8;

/**
 * After damage to a record boundary, finds the next offset at or after `from` where a
 * whole chunk record starts. A candidate must have self-consistent lengths and then
 * decode with a matching CRC, so random bytes are not taken for a chunk.
 */
export async function findNextChunk(file: RecordFile, from: number, size: number, prefix: ChannelPrefix): Promise<number | null> {
  for (let base = from; base < size; base += BLOCK) {
    const block = await file.read(base, Math.min(BLOCK + OVERLAP, size - base));
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const limit = Math.min(BLOCK, block.byteLength);
    for (let i = block.indexOf(Opcode.CHUNK); i >= 0 && i < limit; i = block.indexOf(Opcode.CHUNK, i + 1)) {
      const length = plausibleChunkLength(view, i, size - base - i);
      if (length === null) continue;
      const record = await file.read(base + i, length);
      try {
        decodeChunk(record, prefix);
        return base + i;
      } catch {
        // Not a chunk after all; keep looking.
      }
    }
  }
  return null;
}

/** The record's total length if the bytes at `i` look like a whole chunk record, else null. */
function plausibleChunkLength(view: DataView, i: number, room: number): number | null {
  if (i + HEAD > view.byteLength) return null;
  const length = view.getBigUint64(i + 1, true);
  if (length < BigInt(HEAD - 9 + 8) || length + 9n > BigInt(room)) return null;
  const start = view.getBigUint64(i + 9, true);
  const end = view.getBigUint64(i + 17, true);
  const uncompressed = view.getBigUint64(i + 25, true);
  const nameLength = view.getUint32(i + 37, true);
  if (start > end || nameLength > MAX_COMPRESSION_NAME || i + HEAD + nameLength + 8 > view.byteLength) return null;
  const recordsLength = view.getBigUint64(i + HEAD + nameLength, true);
  if (BigInt(HEAD - 9 + nameLength + 8) + recordsLength !== length) return null;
  if (nameLength === 0 && recordsLength !== uncompressed) return null;
  return Number(length) + 9;
}
