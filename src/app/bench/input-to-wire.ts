import { systemClock } from '../../base/clock.ts';
import { ProblemSet } from '../../base/problem.ts';
import { createPreciseTimer } from '../../control/precise-timer.ts';
import { InputHub } from '../../input/hub.ts';
import { Btn, neutralPad } from '../../input/pad.ts';
import type { StartSim } from '../core.ts';
import { DriveSession } from '../drive-session.ts';
import { simProfile } from '../profiles.ts';
import { pct, round3 } from './stats.ts';

export interface InputToWireReport {
  input_to_wire_p50_ms: number;
  input_to_wire_p99_ms: number;
  input_events: number;
  loop_jitter_p50_ms: number;
  loop_jitter_p99_ms: number;
  loop_overruns: number;
}

/**
 * The whole app path on a live link to the simulator: an input sample enters the hub, the
 * controller steps, roslib sends, and the socket reports the Twist frame written. Meanwhile
 * the control loop streams at 50 Hz, so its period error is measured under real load.
 */
export async function benchInputToWire(opts: { events: number; startSim: StartSim }): Promise<InputToWireReport> {
  const clock = systemClock;
  const sim = await opts.startSim({ world: 'lane', seed: 7 });
  const url = sim.url;
  const problems = new ProblemSet(() => clock.now());
  const hub = new InputHub({ clock });
  const session = new DriveSession({
    clock, profile: simProfile('lane', url), url, hub, problems, timer: createPreciseTimer(),
    onScan: () => {}, onMarkers: () => {},
  });
  try {
    await waitFor(() => session.link.isUp, 5000, `cannot reach ${url}`);
    const latencies: number[] = [];
    let pendingSince: number | null = null;
    const off = session.onSent((info) => {
      if (info.topic === '/cmd_vel' && info.op === 'publish' && pendingSince !== null) {
        latencies.push(info.sentAt - pendingSince);
        pendingSince = null;
      }
    });
    const pad = neutralPad();
    pad.buttons[Btn.LB] = 1;
    for (let i = 0; i < opts.events; i++) {
      // Land between ticks at random phases, as a real pad's reports do.
      await sleep(7 + ((i * 7919) % 13));
      pad.axes[1] = -0.3 - 0.5 * ((i % 7) / 7);
      pendingSince = clock.now();
      hub.push({ sourceId: 'bench', kind: 'virtual', label: 'bench', state: { axes: [...pad.axes], buttons: [...pad.buttons] }, t: pendingSince });
    }
    await sleep(50);
    off();
    const loop = session.controller.loopStats();
    pad.buttons[Btn.LB] = 0;
    hub.push({ sourceId: 'bench', kind: 'virtual', label: 'bench', state: pad, t: clock.now() });
    await sleep(50);
    return {
      input_to_wire_p50_ms: round3(pct(latencies, 50)),
      input_to_wire_p99_ms: round3(pct(latencies, 99)),
      input_events: latencies.length,
      loop_jitter_p50_ms: round3(pct(loop.jitterMs, 50)),
      loop_jitter_p99_ms: round3(pct(loop.jitterMs, 99)),
      loop_overruns: loop.overruns,
    };
  } finally {
    session.dispose();
    hub.dispose();
    await sim.dispose();
  }
}

async function waitFor(ok: () => boolean, ms: number, what: string): Promise<void> {
  const until = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > until) throw new Error(`bench: ${what}`);
    await sleep(20);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
