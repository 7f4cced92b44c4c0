/**
 * Where the takeovers of one episode are, which frames are interventions, and which lie
 * in the pre-intervention window before each takeover.
 *
 * A takeover is an operator-driven frame that carries the gate's `takeover` event, or
 * whose last non-`none` predecessor was policy-driven (so files recorded without events
 * still work). An intervention runs from a takeover until the policy drives again or a
 * `handback` event; its operator-driven frames are intervention frames (operator frames
 * outside one are demonstrations).
 *
 * The pre-intervention window of a takeover at time T holds every frame with
 * T - seconds <= t < T, whoever drove it: usually the policy's frames that the operator
 * was reacting to, but also the operator's own frames when a handback was followed by
 * another takeover within the window (that handback came too early) and the `none`
 * frames of the settle time.
 */
import type { Frame } from './frame.ts';

export interface EpisodeMarks {
  /** Indices of takeover frames, ascending. */
  takeovers: number[];
  intervention: Uint8Array;
  preIntervention: Uint8Array;
}

/** Slack for times that are sums of a float dt. */
const EPS = 1e-9;

export function markEpisode(frames: readonly Frame[], windowS: number): EpisodeMarks {
  if (!(windowS >= 0) || !Number.isFinite(windowS)) throw new Error(`pre-intervention window must be >= 0 seconds, got ${windowS}`);
  const n = frames.length;
  const takeovers: number[] = [];
  const intervention = new Uint8Array(n);
  let lastDriver: Frame['driver'] = 'none';
  let inside = false;
  for (let i = 0; i < n; i++) {
    const f = frames[i] as Frame;
    const events = Array.isArray(f.events) ? f.events : [];
    if (f.driver === 'policy' || events.includes('handback')) inside = false;
    if (f.driver === 'operator' && (events.includes('takeover') || lastDriver === 'policy')) {
      takeovers.push(i);
      inside = true;
    }
    if (inside && f.driver === 'operator') intervention[i] = 1;
    if (f.driver !== 'none') lastDriver = f.driver;
  }
  const preIntervention = new Uint8Array(n);
  if (windowS > 0) {
    for (const k of takeovers) {
      const from = (frames[k] as Frame).t - windowS - EPS;
      for (let i = k - 1; i >= 0 && (frames[i] as Frame).t >= from; i--) preIntervention[i] = 1;
    }
  }
  return { takeovers, intervention, preIntervention };
}
