import type { Channel, Metadata, Schema } from '@mcap/core';
import { decodeEpisodeEnd, decodeEpisodeMetadata, encodeEpisodeEnd, EPISODE_END_METADATA, EPISODE_METADATA, type EpisodeEnd } from './episode-metadata.ts';
import { EpisodeTally } from './episode-tally.ts';
import { parseFrame } from './frame-parse.ts';
import { FRAME_TOPIC } from './frame.ts';
import type { ChannelPrefix, DecodedChunk } from './mcap-chunk.ts';
import { McapEncoder } from './mcap-encoder.ts';
import { scanMcap, type ScanResult } from './mcap-scan.ts';
import { McapSink } from './mcap-sink.ts';
import type { RecordFile } from './record-fs.ts';
import { isOdometryType } from './ros-schemas.ts';

export interface CopyResult {
  scan: ScanResult;
  tally: EpisodeTally;
  messages: number;
  /** Seconds (episode time) of the last message copied; null when none was. */
  lastS: number | null;
}

const decoder = new TextDecoder();

/**
 * Copies every readable chunk of `source` into a new, finished MCAP file on `target`,
 * chunk for chunk, with the episode's metadata and an end record that says it was
 * recovered. Counts frames and distance on the way, for the report and the manifest.
 */
export async function copyReadableChunks(source: RecordFile, target: RecordFile, onProgress?: (fraction: number) => void): Promise<CopyResult> {
  const encoder = new McapEncoder({ profile: 'intervene', library: 'intervene' });
  const sink = new McapSink(encoder, target, false);
  const schemaIds = new Map<number, number>();
  const channelIds = new Map<number, number>();
  let copiedMetadata = 0;
  let tally: EpisodeTally | null = null;
  let origin: bigint | null = null;
  let lastNs: bigint | null = null;
  let messages = 0;
  let frameChannel = -1;
  const odometry = new Set<number>();

  const copyMetadata = (all: readonly Metadata[]): void => {
    for (; copiedMetadata < all.length; copiedMetadata++) {
      const m = all[copiedMetadata]!;
      if (m.name !== EPISODE_END_METADATA) encoder.addMetadata(m.name, m.metadata);
    }
  };
  const mapChannel = (id: number, prefix: ChannelPrefix): number | null => {
    const known = channelIds.get(id);
    if (known !== undefined) return known;
    const channel: Channel | undefined = prefix.channels.get(id);
    if (!channel) return null;
    const schema: Schema | undefined = prefix.schemas.get(channel.schemaId);
    let schemaId = 0;
    if (schema) {
      schemaId = schemaIds.get(schema.id) ?? encoder.addSchema(schema.name, schema.encoding, schema.data);
      schemaIds.set(schema.id, schemaId);
      if (isOdometryType(schema.name)) odometry.add(id);
    }
    const mapped = encoder.addChannel(schemaId, channel.topic, channel.messageEncoding, channel.metadata);
    if (channel.topic === FRAME_TOPIC) frameChannel = id;
    channelIds.set(id, mapped);
    return mapped;
  };
  const startEpisode = (scan: ScanResult): EpisodeTally => {
    const meta = scan.metadata.filter((m) => m.name === EPISODE_METADATA).at(-1);
    const decoded = meta ? decodeEpisodeMetadata(meta.metadata) : null;
    origin = decoded?.originNs ?? null;
    return new EpisodeTally(decoded?.metadata.obs_fields ?? []);
  };
  const copyChunk = async (chunk: DecodedChunk, scan: ScanResult): Promise<void> => {
    tally ??= startEpisode(scan);
    copyMetadata(scan.metadata);
    for (const m of chunk.messages) {
      const channelId = mapChannel(m.channelId, scan.prefix);
      if (channelId === null) continue;
      encoder.addMessage({ ...m, channelId });
      messages++;
      if (lastNs === null || m.logTime > lastNs) lastNs = m.logTime;
      if (m.channelId === frameChannel || odometry.has(m.channelId)) countMessage(tally, m.channelId === frameChannel, m.data);
    }
    await sink.flush();
  };

  const scan = await scanMcap(source, {
    onChunk: (_ref, chunk, state) => copyChunk(chunk, state),
    onProgress: (done, total) => onProgress?.(total > 0 ? done / total : 1),
  });
  tally ??= startEpisode(scan);
  copyMetadata(scan.metadata);
  const first = origin ?? scan.chunks[0]?.startTime ?? null;
  const lastS = lastNs !== null && first !== null ? Number((lastNs as bigint) - first) / 1e9 : null;
  const previous = scan.metadata.filter((m) => m.name === EPISODE_END_METADATA).at(-1);
  const before = previous ? decodeEpisodeEnd(previous.metadata) : null;
  const end: EpisodeEnd = {
    end: lastNs !== null ? new Date(Number((lastNs as bigint) / 1_000_000n)).toISOString() : (before?.end ?? ''),
    outcome: before?.outcome ?? null,
    complete: false,
    status: 'recovered',
    error: scan.problems.join('; ') || 'the recording was cut off',
    lost_after_s: lastS ?? 0,
  };
  await sink.finish(encodeEpisodeEnd(end));
  return { scan, tally, messages, lastS };
}

function countMessage(tally: EpisodeTally, isFrame: boolean, data: Uint8Array): void {
  let msg: unknown;
  try {
    msg = JSON.parse(decoder.decode(data)) as unknown;
  } catch {
    return;
  }
  if (!isFrame) tally.addOdometry(msg);
  else {
    const frame = parseFrame(msg);
    if (frame) tally.addFrame(frame);
  }
}
