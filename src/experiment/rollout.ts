/**
 * One headless episode: a world stepped at the control rate, a driver chosen per mode,
 * and one frame per control tick built as the app records them (same observation layout,
 * same provenance fields, same gate and failure events), so rollouts aggregate unchanged.
 *
 * Timing follows the live loop: at each tick the frame holds the observation now and the
 * command decided from it, then the world advances one control period under that command.
 * The scan refreshes at the world's scan rate (10 Hz), odometry and route every tick.
 * A collision or departure shows in the events of the first frame that sees it; when the
 * episode stops on it, a last frame (driver `none`, no actions) carries that event.
 */
import { WORLDS } from '../app/contract.ts';
import { createObservationSpec } from '../learn/observation.ts';
import type { AggregatePreset } from '../record/aggregate-rules.ts';
import type { Frame, FrameDriver } from '../record/frame.ts';
import { actionToTwist, expertActionArray, SyntheticOperator, type OperatorDecision } from '../sim/expert/index.ts';
import { createWorld } from '../sim/index.ts';
import { createRng } from '../sim/world/prng.ts';
import { countLabels, toEpisodeData } from './episode.ts';
import { DAGGER_LABELS, labelRule } from './label-rules.ts';
import type { PolicyOutput } from './policy.ts';
import { MIN_SUCCESS_PACE, ROUTE_END_M } from './route-end.ts';
import { DRIVER_MODES, type RolloutOptions, type RolloutResult } from './rollout-types.ts';

export * from './rollout-types.ts';

const SCAN_PERIOD_S = 0.1;
const SCAN_SECTORS = 36;
const EPS = 1e-9;

/** The preset whose labels a mode's episodes feed (null: evaluation, no labels). */
export const PRESET_OF_MODE: Readonly<Record<RolloutOptions['mode'], AggregatePreset | null>> = {
  expert: 'bc', policy: null, hgdagger: 'hgdagger', dagger: 'dagger',
};

export function rollout(opts: RolloutOptions): RolloutResult {
  const { mode } = checkOptions(opts);
  const dt = opts.controlDtS ?? 0.02;
  const policy = opts.policy ?? null;
  const world = createWorld(opts.world, opts.seed);
  policy?.begin?.(world);
  const spec = createObservationSpec({ scanSectors: SCAN_SECTORS, useRoute: true, world: opts.world });
  const noiseSeed = opts.noiseSeed ?? opts.seed;
  const recordExpert = opts.recordExpert ?? mode !== 'policy';
  // The operator imitates the same expert the frames record: ask it once per tick.
  let expert: number[] | null = null;
  const shared = recordExpert && !opts.operator?.expert ? { expert: () => actionToTwist(expert as number[]) } : {};
  const daggerLabels = opts.daggerLabels ?? 'operator';
  const humanDagger = mode === 'dagger' && daggerLabels === 'operator';
  const operator = mode === 'expert' || mode === 'hgdagger' || humanDagger ? new SyntheticOperator({ ...opts.operator, ...shared, seed: noiseSeed }) : null;
  const mix = createRng(noiseSeed ^ 0x5bd1e995);
  const beta = opts.beta ?? 0.5;
  const segmentTicks = Math.max(1, Math.round((opts.segmentS ?? 1) / dt));
  const scanTicks = Math.max(1, Math.round(SCAN_PERIOD_S / dt));
  const stopOnFailure = opts.stopOnFailure ?? true;
  const steps = Math.round(opts.seconds / dt);
  const routeEnd = ROUTE_END_M[opts.world];

  const frames: Frame[] = [];
  let scan = world.scan();
  let seen = { collisions: 0, departures: 0 };
  let expertDrives = false, interventions = 0, operatorTicks = 0, reachedEnd = false;
  const requests = mode === 'hgdagger' ? opts.requests ?? null : null;
  let asking = false, askCount = 0, lastPolicyDoubt: number | null = null;
  for (let k = 0; ; k++) {
    if (k % scanTicks === 0 && k > 0) scan = world.scan();
    const t = world.time();
    const status = world.status();
    const events: string[] = [];
    if (status.collisions > seen.collisions) events.push('collision');
    if (status.departures > seen.departures) events.push('departure');
    seen = status;
    const obs = spec.build({ twist: world.odometry().twist.twist, scan, route: world.routeFeatures() });
    reachedEnd = status.progress >= routeEnd;
    const failed = status.collisions + status.departures > 0;
    if (k >= steps || reachedEnd || (failed && stopOnFailure)) {
      if (events.length > 0) frames.push(frameOf(t, k, obs, 'none', null, null, null, null, events, null, policy?.version ?? null, opts.startStamp));
      break;
    }

    expert = recordExpert || mode === 'dagger' ? expertActionArray(world) : null;
    const out: PolicyOutput | null = policy && mode !== 'expert' ? checkOutput(policy.act(obs), policy.version) : null;
    // The app asks only while the policy drives, as the live doubt alert does.
    const ask = requests !== null && out !== null && !operator?.active && requests.asking(out.doubt);
    if (ask && !asking) askCount++;
    asking = ask;
    const decision: OperatorDecision | null = operator ? operator.step(t, world, ask) : null;
    if (mode === 'dagger' && k % segmentTicks === 0) expertDrives = mix.chance(beta);
    let driver: FrameDriver, command: number[], operatorAction: number[] | null = decision?.action ?? null;
    if (mode === 'expert' || (mode === 'hgdagger' && decision?.active)) {
      driver = 'operator';
      command = (decision as OperatorDecision).action;
    } else if (mode === 'dagger' && expertDrives) {
      driver = 'operator';
      command = humanDagger ? (decision as OperatorDecision).action : (expert as number[]);
      operatorAction = command;
    } else {
      driver = 'policy';
      command = (out as PolicyOutput).action;
    }
    // DAgger's labeller never takes over: its gate's events are not the episode's.
    const gated = mode === 'hgdagger' ? decision?.event ?? null : null;
    if (gated) events.push(gated);
    if (gated === 'takeover') {
      interventions++;
      if (lastPolicyDoubt !== null) requests?.noteTakeover(lastPolicyDoubt);
    }
    if (driver === 'policy' && out) {
      requests?.noteAutonomous(out.doubt);
      lastPolicyDoubt = out.doubt;
    }
    if (driver === 'operator') operatorTicks++;
    const published = command.map((v) => (Number.isFinite(v) ? v : 0));
    frames.push(frameOf(t, k, obs, driver, operatorAction, out, recordExpert ? expert : null, published, events, driver === 'operator', policy?.version ?? null, opts.startStamp));
    world.step(dt, actionToTwist(published));
  }

  const status = world.status();
  const seconds = world.time();
  const failed = status.collisions + status.departures > 0;
  const result: RolloutResult = {
    world: opts.world, seed: opts.seed, mode, policyVersion: mode === 'expert' ? null : (policy?.version ?? null),
    obsFields: [...spec.fields], frames,
    metrics: {
      seconds, distance: status.distance, progress: status.progress,
      collisions: status.collisions, departures: status.departures, reachedEnd,
      success: !failed && (reachedEnd || (seconds >= opts.seconds - EPS && status.progress >= MIN_SUCCESS_PACE * opts.seconds)),
      interventions, requests: askCount, operatorS: operatorTicks * dt, expertLabels: 0, frames: frames.length,
    },
  };
  const preset = PRESET_OF_MODE[mode];
  if (preset) result.metrics.expertLabels = countLabels(toEpisodeData(result, { id: 'rollout', round: mode === 'expert' ? 0 : 1 }), preset, labelRule(preset, daggerLabels));
  return result;
}

function frameOf(
  t: number, tick: number, obs: number[], driver: FrameDriver, operatorAction: number[] | null, out: PolicyOutput | null,
  expert: number[] | null, published: number[] | null, events: string[], enable: boolean | null, version: string | null, startStamp = 0,
): Frame {
  return {
    t, stamp: startStamp + t, tick, source: 'tick', obs,
    operator_action: operatorAction ? [...operatorAction] : null,
    policy_action: out ? [...out.action] : null,
    expert_action: expert, doubt: out ? out.doubt : null,
    driver, policy_version: out ? version : null, events,
    enable: enable ?? false, estop: false, armed: true, published, rtt_ms: null,
  };
}

function checkOptions(opts: RolloutOptions): RolloutOptions {
  if (!WORLDS.includes(opts.world)) throw new Error(`rollout: unknown world ${JSON.stringify(opts.world)}`);
  if (!DRIVER_MODES.includes(opts.mode)) throw new Error(`rollout: unknown mode ${JSON.stringify(opts.mode)}`);
  if (!(opts.seconds > 0) || !Number.isFinite(opts.seconds)) throw new Error(`rollout: seconds must be a positive number, got ${opts.seconds}`);
  const dt = opts.controlDtS ?? 0.02;
  if (!(dt > 0) || !Number.isFinite(dt)) throw new Error(`rollout: controlDtS must be a positive number, got ${dt}`);
  if (opts.mode !== 'expert' && !opts.policy) throw new Error(`rollout: mode ${opts.mode} needs a policy`);
  const beta = opts.beta ?? 0.5;
  if (!(beta >= 0 && beta <= 1)) throw new Error(`rollout: beta must be in [0, 1], got ${beta}`);
  if (opts.daggerLabels !== undefined && !DAGGER_LABELS.includes(opts.daggerLabels)) throw new Error(`rollout: daggerLabels must be operator or expert, got ${JSON.stringify(opts.daggerLabels)}`);
  return opts;
}

function checkOutput(out: PolicyOutput, version: string): PolicyOutput {
  if (!out || !Array.isArray(out.action) || out.action.length !== 4) {
    throw new Error(`rollout: policy ${version} must return 4 actions (ACTION_FIELDS), got ${JSON.stringify(out?.action)}`);
  }
  return out;
}
