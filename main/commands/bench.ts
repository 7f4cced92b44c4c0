import { commandArgs, numberOpt, stringOpt } from '../args.ts';
import { benchInputToWire } from '../../src/app/bench/input-to-wire.ts';
import { benchPubSub } from '../../src/app/bench/pubsub.ts';
import { measureBusyWaitJitter, measureLoopJitter } from '../../src/control/jitter.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simStarter } from '../sim-thread.ts';
import { tmpdir } from 'node:os';
import { benchRecording } from '../../src/record/bench.ts';
import { benchLearning } from '../../src/learn/bench.ts';
import { benchReplay } from '../../src/replay/bench.ts';

const HELP = `intervene bench [options]

Measures the teleoperation path and prints the figures.

  loop_jitter_p50_ms / _p99_ms     control period error of the 50 Hz loop while it streams
                                   commands to the simulator (an idle loop is shown too)
  yardstick_busy_wait_jitter_*     the same period error for a thread that only spins until
                                   each deadline: the floor this machine's scheduler allows
  input_to_wire_p50_ms / _p99_ms   input event -> the Twist frame written to the socket
  pubsub_p50_ms / _p99_ms          roslib publish -> roslib receive through the server, 250 msg/s
  max_msgs_per_s                   messages per second delivered end to end, 256 in flight

With --learn, the learning figures instead (the default policy on 30,000 frames):
  train_samples_per_s              members x frames x epochs / seconds, in the training worker
  infer_p99_ms                     one control step of the whole ensemble
  loop_jitter_p99_ms_while_training  the 50 Hz loop's period error while the worker trains
  yardstick_busy_wait_jitter_p99_ms_while_training
                                   the same, for this thread spinning to each deadline while the
                                   worker trains again: the floor; loop_jitter_vs_yardstick is the ratio
  torch_samples_per_s, ratio_vs_torch  the same work in Debian's python3-torch, when installed

With --replay, the replay figures instead (a generated one-hour episode, written and removed):
  load_s, load_cpu_s, track_mb     open the episode and load what replay keeps in memory
                                   (CPU seconds too: wall time grows with other load)
  seek_p50_ms / _p99_ms            seek to a random time: position, view frame and its scan
  frame_1x_p99_ms / frame_2x_*     work per displayed frame (60 fps) while playing at 1x / 2x:
                                   position, view frame, scan when it changed, JSON events

With --record, also:
  record_tick_p50_ms / _p99_ms     time recording adds to a control tick (50 Hz frames plus
                                   10 Hz 360-beam scans), on the control loop's thread
  seek_p50_ms / _p99_ms            seek to random times of a generated one-hour episode

Options:
  --json             print one JSON object
  --learn            measure training and inference instead of teleoperation
  --epochs N         epochs for --learn (default 3)
  --duty X           --learn: the training worker's share of time computing, (0, 1]
                     (default: the app's); below 1 it rests to leave the control loop room
  --replay           measure replay (about 45 s and 330 MB of temporary disk)
  --record           add the recording figures (about 20 s and 450 MB of temporary disk)
  --tmp DIR          where the recording and replay benches write (default the system temp folder)
  --rosbridge URL    run the pub/sub part against this rosbridge server instead of the
                     built-in simulator (e.g. ws://localhost:9090)
  --seconds N        length of the pub/sub run (default 4)
  --events N         input events for input-to-wire (default 500)`;

export const benchCommand = {
  name: 'bench',
  summary: 'measure loop jitter, input-to-wire latency and pub/sub latency',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json', 'record', 'learn', 'replay']), ['json', 'rosbridge', 'seconds', 'events', 'record', 'tmp', 'learn', 'epochs', 'duty', 'replay']);
    if (!args) return 0;
    const json = args.options.has('json');
    const seconds = numberOpt(args, 'seconds', 4, (n) => n > 0 && n <= 120);
    const events = numberOpt(args, 'events', 500, (n) => Number.isInteger(n) && n >= 10 && n <= 100_000);
    const external = stringOpt(args, 'rosbridge', '');
    const say = (line: string) => !json && console.error(line);
    if (args.options.has('learn')) {
      say('learning: 5 x (64, 64) ensemble on 30,000 frames, in the training worker, with PyTorch as yardstick ...');
      const here = dirname(fileURLToPath(import.meta.url));
      const duty = args.options.has('duty') ? numberOpt(args, 'duty', 1, (n) => n > 0 && n <= 1) : undefined;
      const learn = await benchLearning({ frames: 30_000, epochs: numberOpt(args, 'epochs', 3, (n) => Number.isInteger(n) && n >= 1 && n <= 100), workerUrl: join(here, 'train-worker.js'), duty });
      if (json) console.log(JSON.stringify(learn));
      else for (const [k, v] of Object.entries(learn)) console.log(`${k.padEnd(36)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
      return 0;
    }
    if (args.options.has('replay')) {
      say('replay: writing a one-hour episode, then loading, seeking and playing it ...');
      const replay = await benchReplay({ dir: stringOpt(args, 'tmp', tmpdir()) });
      if (json) console.log(JSON.stringify(replay));
      else for (const [k, v] of Object.entries(replay)) console.log(`${k.padEnd(26)} ${v}`);
      return 0;
    }

    say('yardstick: a busy-wait loop at 50 Hz, 3 s ...');
    const floor = measureBusyWaitJitter({ hz: 50, seconds: 3 });
    say('idle control loop, 3 s ...');
    const idle = await measureLoopJitter({ hz: 50, seconds: 3 });
    say(`input to wire, ${events} events on a live link ...`);
    const startSim = simStarter(join(dirname(fileURLToPath(import.meta.url)), 'sim-worker.js'));
    const live = await benchInputToWire({ events, startSim });
    say(`pub/sub at 250 msg/s for ${seconds} s${external ? ` against ${external}` : ''} ...`);
    const sim = external ? null : await startSim({ world: 'lane', seed: 1 });
    let pubsub;
    try {
      pubsub = await benchPubSub(external || sim!.url, { rateHz: 250, seconds });
    } finally {
      await sim?.dispose();
    }
    let record = {};
    if (args.options.has('record')) {
      say('recording: 60 s of ticks, then seeks in a one-hour episode ...');
      record = await benchRecording({ dir: stringOpt(args, 'tmp', tmpdir()) });
    }
    const report = {
      loop_jitter_p50_ms: live.loop_jitter_p50_ms,
      loop_jitter_p99_ms: live.loop_jitter_p99_ms,
      input_to_wire_p50_ms: live.input_to_wire_p50_ms,
      input_to_wire_p99_ms: live.input_to_wire_p99_ms,
      pubsub_p50_ms: pubsub.pubsub_p50_ms,
      pubsub_p99_ms: pubsub.pubsub_p99_ms,
      max_msgs_per_s: pubsub.max_msgs_per_s,
      idle_loop_jitter_p99_ms: Math.round(idle.p99 * 1000) / 1000,
      yardstick_busy_wait_jitter_p99_ms: Math.round(floor.p99 * 1000) / 1000,
      yardstick_busy_wait_jitter_max_ms: Math.round(floor.max * 1000) / 1000,
      loop_overruns: live.loop_overruns,
      input_events: live.input_events,
      pubsub_delivered: `${pubsub.pubsub_received}/${pubsub.pubsub_sent}`,
      pubsub_server: external || 'built-in simulator',
      ...record,
      node: process.version,
    };
    if (json) console.log(JSON.stringify(report));
    else for (const [k, v] of Object.entries(report)) console.log(`${k.padEnd(26)} ${v}`);
    return 0;
  },
};
