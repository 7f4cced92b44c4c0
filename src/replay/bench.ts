import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ReplayState } from '../app/contract-replay.ts';
import type { Clock } from '../base/clock.ts';
import { EpisodeReader } from '../record/episode-reader.ts';
import { nodeRecordFs } from '../record/node-record-fs.ts';
import { writeBenchEpisode } from './bench-episode.ts';
import { frameIndexAt, loadEpisodeTrack, viewFrameAt, type EpisodeTrack } from './episode-track.ts';
import { Playback } from './playback.ts';
import { ScanCursor } from './scan-cursor.ts';

export interface ReplayBenchOptions {
  /** A folder for the bench's files; they are removed afterwards. */
  dir: string;
  /** Length of the generated episode (default 3600: one hour). */
  seconds?: number;
  seeks?: number;
  /** Display frames timed per speed (default 3000). */
  frames?: number;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const DISPLAY_MS = 1000 / 60;

/** Milliseconds that move only when the bench says so: display frames without waiting for them. */
function manualClock(): Clock & { advance(ms: number): void } {
  let t = 0;
  return { now: () => t, wallMs: () => t, setTimeout: () => () => undefined, advance: (ms) => void (t += ms) };
}

/** Heap in use after a full collection, so the figure is what the track keeps, not garbage of the load. */
function heapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Math.round(process.memoryUsage().heapUsed / 1e5) / 10;
}

function stats(name: string, times: number[]): Record<string, number> {
  times.sort((a, b) => a - b);
  return { [`${name}_p50_ms`]: r3(pct(times, 50)), [`${name}_p99_ms`]: r3(pct(times, 99)), [`${name}_max_ms`]: r3(times.at(-1) ?? NaN) };
}

/** What the UI receives each display frame: the replay state, and the scan when it changed. */
function eventsOf(track: EpisodeTrack, p: Playback, t: number, scan: unknown): string[] {
  const state: ReplayState = {
    episodeId: 'replay-bench', world: 'lane', durationS: track.durationS, positionS: t, frameIndex: Math.max(0, frameIndexAt(track, t)),
    frameCount: track.frameTimes.length, playing: p.playing, speed: p.speed, loop: p.loop, frame: viewFrameAt(track, t), relabel: null,
  };
  const out = [JSON.stringify({ type: 'replay', replay: state })];
  if (scan) out.push(JSON.stringify({ type: 'replayScan', scan }));
  return out;
}

/** Opening a long episode for replay, seeking in it, and the work of each displayed frame. Prints nothing. */
export async function benchReplay(options: ReplayBenchOptions): Promise<Record<string, number>> {
  const seconds = options.seconds ?? 3600;
  const seeks = options.seeks ?? 200;
  const frames = options.frames ?? 3000;
  const dir = join(options.dir, `intervene-replay-bench-${Date.now()}`);
  try {
    const w0 = performance.now();
    const written = await writeBenchEpisode(dir, seconds);
    const writeS = (performance.now() - w0) / 1000;
    const heapBefore = heapMb();
    const blocked = monitorEventLoopDelay({ resolution: 5 });
    blocked.enable();
    const l0 = performance.now();
    const cpu0 = process.cpuUsage();
    const reader = await EpisodeReader.open(written.file);
    try {
      const track = await loadEpisodeTrack(reader);
      const loadS = (performance.now() - l0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      blocked.disable();
      const heapAfter = heapMb();
      const trackBytes = [track.frameTimes, track.driver, track.doubt, track.operator, track.policy, track.published, track.odom.t, track.odom.pose, track.odom.twist, track.scanTimes]
        .reduce((s, a) => s + a.byteLength, 0);
      const clock = manualClock();
      const playback = new Playback(clock, track.frameTimes, track.durationS);
      const cursor = new ScanCursor(reader, track);
      const seekTimes: number[] = [];
      for (let k = 0; k < seeks; k++) {
        const t = Math.random() * track.durationS;
        const s0 = performance.now();
        playback.seek(t);
        const view = viewFrameAt(track, playback.position());
        const scan = await cursor.scanAt(t);
        seekTimes.push(performance.now() - s0);
        if (!view.pose || !scan) throw new Error(`bench: seek(${t}) found no pose or no scan`);
      }
      const perSpeed: Record<string, number> = {};
      for (const speed of [1, 2]) {
        playback.setSpeed(speed);
        playback.seek(Math.min(track.durationS / 3, Math.max(0, track.durationS - (frames * DISPLAY_MS * speed) / 1000)));
        playback.play();
        const times: number[] = [];
        let scans = 0;
        for (let k = 0; k < frames; k++) {
          clock.advance(DISPLAY_MS);
          const f0 = performance.now();
          const t = playback.position();
          const scan = await cursor.scanAt(t);
          const sent = eventsOf(track, playback, t, scan);
          times.push(performance.now() - f0);
          if (sent.length > 1) scans++;
        }
        playback.pause();
        Object.assign(perSpeed, stats(`frame_${speed}x`, times), { [`frame_${speed}x_scans_sent`]: scans });
      }
      return {
        episode_s: seconds, episode_mb: Math.round(written.bytes / 1e5) / 10, episode_write_s: r3(writeS), frames: track.frameTimes.length,
        load_s: r3(loadS), load_cpu_s: r3((cpu.user + cpu.system) / 1e6), load_loop_block_max_ms: r3(blocked.max / 1e6), heap_before_mb: heapBefore, heap_after_load_mb: heapAfter, track_mb: Math.round(trackBytes / 1e5) / 10,
        ...stats('seek', seekTimes), seeks, ...perSpeed, frames_timed: frames,
      };
    } finally {
      await reader.close();
    }
  } finally {
    await nodeRecordFs.remove(dir);
  }
}
