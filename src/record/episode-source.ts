import type { Metadata } from '@mcap/core';
import { ChannelPrefix, type ChunkRef } from './mcap-chunk.ts';
import { openIndexed } from './mcap-readable.ts';
import { scanMcap } from './mcap-scan.ts';
import { errorText, type RecordFile } from './record-fs.ts';

/** What a reader needs from a file, whether it came from the MCAP index or from a scan. */
export interface EpisodeSource {
  indexed: boolean;
  prefix: ChannelPrefix;
  metadata: Metadata[];
  /** Sorted by start time. */
  chunks: ChunkRef[];
  /** Messages per channel id, when known without reading the chunks. */
  counts: Map<number, number> | null;
  problems: string[];
  /** Where the data section ends and the CRC its DataEnd record gives (finished files only). */
  dataSection: { end: number; crc: number } | null;
  readChunk(ref: ChunkRef): Promise<Uint8Array>;
  /** Bytes [position, position + length). */
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Uses the summary when the file has a valid one; otherwise scans for complete chunks. */
export async function openEpisodeSource(file: RecordFile): Promise<EpisodeSource> {
  const base = {
    problems: [] as string[],
    readChunk: (ref: ChunkRef) => file.read(ref.offset, ref.length),
    read: (position: number, length: number) => file.read(position, length),
    close: () => file.close(),
  };
  let indexError: string;
  try {
    const reader = await openIndexed(file);
    const prefix = new ChannelPrefix();
    prefix.add({ schemas: reader.schemasById.values(), channels: reader.channelsById.values() });
    const metadata: Metadata[] = [];
    try {
      for await (const m of reader.readMetadata()) metadata.push(m);
    } catch (err) {
      base.problems.push(`damaged metadata: ${errorText(err)}`);
    }
    const chunks = reader.chunkIndexes.map((c) => ({
      offset: Number(c.chunkStartOffset), length: Number(c.chunkLength), startTime: c.messageStartTime, endTime: c.messageEndTime,
    }));
    const counts = reader.statistics ? new Map([...reader.statistics.channelMessageCounts].map(([id, n]) => [id, Number(n)])) : null;
    const dataSection = reader.dataSectionCrc !== undefined ? { end: Number(reader.dataEndOffset), crc: reader.dataSectionCrc } : null;
    return { ...base, indexed: true, prefix, metadata, chunks: sortByStart(chunks), counts, dataSection };
  } catch (err) {
    indexError = errorText(err);
  }
  const scan = await scanMcap(file);
  if (!scan.header && scan.chunks.length === 0) throw new Error(`no readable MCAP header or chunk (${scan.problems.join('; ') || 'empty file'})`);
  const problems = [...scan.problems];
  if (scan.finished) problems.unshift(`the summary is cut off or damaged (${indexError}); the chunks were read by scanning`);
  else if (scan.stoppedAt === null) problems.push(`the file ends at byte ${scan.size} without a summary: the recording was cut off`);
  return { ...base, problems, indexed: false, dataSection: null, prefix: scan.prefix, metadata: scan.metadata, chunks: sortByStart(scan.chunks), counts: scan.counts };
}

function sortByStart(chunks: ChunkRef[]): ChunkRef[] {
  return chunks.sort((a, b) => (a.startTime < b.startTime ? -1 : a.startTime > b.startTime ? 1 : a.offset - b.offset));
}
