import { MCAP_MAGIC, Opcode } from '@mcap/core';
import type { Header, Metadata } from '@mcap/core';
import { ChannelPrefix, decodeChunk, parseOneRecord, type ChunkRef, type DecodedChunk } from './mcap-chunk.ts';
import { BlockReader } from './block-reader.ts';
import { findNextChunk } from './mcap-resync.ts';
import { errorText, type RecordFile } from './record-fs.ts';

export interface ScanResult {
  header: Header | null;
  prefix: ChannelPrefix;
  metadata: Metadata[];
  chunks: ChunkRef[];
  /** Messages per channel id in the readable chunks. */
  counts: Map<number, number>;
  /** The scan reached the end of the data section (the file was finished). */
  finished: boolean;
  /** Byte where readable data stops, when it stops before the end of the file. */
  stoppedAt: number | null;
  /** Each damaged or cut-off region, in words. */
  problems: string[];
  /** Damaged regions skipped before the end (a cut-off tail is not counted). */
  damaged: number;
  size: number;
}

export interface ScanOptions {
  /** Each readable chunk, in file order, as it is found. */
  onChunk?: (ref: ChunkRef, chunk: DecodedChunk, scan: ScanResult) => void | Promise<void>;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Thrown when a file is not an MCAP file at all. */
export class NotMcapError extends Error {}

const FRAMING = 9;

/**
 * Reads an MCAP file record by record without trusting its summary: every chunk whose
 * CRC checks is kept, a damaged chunk is skipped, a damaged record boundary is crossed by
 * searching for the next valid chunk, and a cut-off tail is where the scan stops.
 */
export async function scanMcap(source: RecordFile, options: ScanOptions = {}): Promise<ScanResult> {
  const size = await source.size();
  const file = new BlockReader(source);
  const magic = await file.read(0, MCAP_MAGIC.length);
  if (magic.byteLength < MCAP_MAGIC.length) throw new NotMcapError(`too short to be an MCAP file (${size} bytes)`);
  if (!MCAP_MAGIC.every((b, i) => magic[i] === b)) throw new NotMcapError('not an MCAP file (the MCAP magic bytes are missing at the start)');
  const out: ScanResult = {
    header: null, prefix: new ChannelPrefix(), metadata: [], chunks: [], counts: new Map(),
    finished: false, stoppedAt: null, problems: [], damaged: 0, size,
  };
  let pos = MCAP_MAGIC.length;
  // `damage`: the bytes at `pos` are certainly damaged (not merely cut off).
  const resync = async (why: string, damage: boolean): Promise<boolean> => {
    const next = await findNextChunk(source, pos + 1, size, out.prefix);
    if (next === null) {
      out.stoppedAt = pos;
      out.problems.push(why);
      if (damage) out.damaged++;
      return false;
    }
    out.problems.push(`${why}; skipped bytes ${pos}-${next - 1}`);
    out.damaged++;
    pos = next;
    return true;
  };
  while (pos < size) {
    options.onProgress?.(pos, size);
    if (size - pos < FRAMING) {
      out.stoppedAt = pos;
      out.problems.push(`cut off at byte ${pos} of ${size}`);
      break;
    }
    const framing = await file.read(pos, FRAMING);
    const view = new DataView(framing.buffer, framing.byteOffset, FRAMING);
    const opcode = view.getUint8(0);
    const length = view.getBigUint64(1, true);
    if (opcode < Opcode.MIN || opcode > Opcode.MAX) {
      if (await resync(`damaged record at byte ${pos} (opcode 0x${opcode.toString(16)})`, true)) continue;
      break;
    }
    if (BigInt(pos + FRAMING) + length > BigInt(size)) {
      if (await resync(`cut off at byte ${pos} of ${size}: a record of ${length} bytes does not fit`, false)) continue;
      break;
    }
    const end = pos + FRAMING + Number(length);
    if (opcode === Opcode.DATA_END || opcode === Opcode.FOOTER) {
      out.finished = true;
      break;
    }
    if (opcode === Opcode.CHUNK) {
      await readChunk(file, pos, end - pos, out, options);
    } else if ([Opcode.HEADER, Opcode.SCHEMA, Opcode.CHANNEL, Opcode.METADATA].includes(opcode)) {
      readRecord(await file.read(pos, end - pos), pos, out);
    }
    pos = end;
  }
  options.onProgress?.(size, size);
  return out;
}

async function readChunk(file: BlockReader, offset: number, length: number, out: ScanResult, options: ScanOptions): Promise<void> {
  const bytes = await file.read(offset, length);
  let chunk: DecodedChunk;
  try {
    chunk = decodeChunk(bytes, out.prefix);
  } catch (err) {
    out.problems.push(`damaged chunk at byte ${offset}: ${errorText(err)}`);
    out.damaged++;
    return;
  }
  out.prefix.add(chunk);
  let startTime = 0n;
  let endTime = 0n;
  chunk.messages.forEach((m, i) => {
    if (i === 0 || m.logTime < startTime) startTime = m.logTime;
    if (i === 0 || m.logTime > endTime) endTime = m.logTime;
    out.counts.set(m.channelId, (out.counts.get(m.channelId) ?? 0) + 1);
  });
  const ref = { offset, length, startTime, endTime };
  if (chunk.messages.length > 0) out.chunks.push(ref);
  await options.onChunk?.(ref, chunk, out);
}

function readRecord(bytes: Uint8Array, offset: number, out: ScanResult): void {
  try {
    const record = parseOneRecord(bytes);
    if (record.type === 'Header') out.header ??= record;
    else if (record.type === 'Schema') out.prefix.add({ schemas: [record] });
    else if (record.type === 'Channel') out.prefix.add({ channels: [record] });
    else if (record.type === 'Metadata') out.metadata.push(record);
  } catch (err) {
    out.problems.push(`damaged record at byte ${offset}: ${errorText(err)}`);
    out.damaged++;
  }
}
