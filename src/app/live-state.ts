import type { ProblemSet } from '../base/problem.ts';
import type { InputHub } from '../input/hub.ts';
import type { ConnectTarget, LinkHealth, LiveState, PolicyState, RecordingState, RobotProfile, TrainingState } from './contract.ts';
import type { DriveSession } from './drive-session.ts';

export const IDLE_TRAINING: TrainingState = {
  state: 'idle', backend: null, backendReason: null, epoch: 0, epochs: 0, trainLoss: null, valLoss: null, etaS: null, split: null,
  history: [], error: null, newOperatorFrames: 0, auto: { afterFrames: null, atEpisodeEnd: false }, pin: null, pinnable: [],
};

const IDLE_LINK: LinkHealth = { status: 'idle', url: '', rttMs: null, attempt: 0, retryInMs: null, topics: [], lastError: null };

/** One snapshot of everything the HUD shows. */
export function liveState(parts: {
  now: number;
  target: ConnectTarget | null;
  profile: RobotProfile | null;
  session: DriveSession | null;
  hub: InputHub;
  problems: ProblemSet;
  recording?: RecordingState;
  estopLatched?: boolean;
  policy?: PolicyState;
  training?: TrainingState;
}): LiveState {
  const { session } = parts;
  const control = session?.control();
  const view = session?.view();
  return {
    t: parts.now,
    target: parts.target,
    profile: parts.profile?.name ?? '',
    link: session?.linkHealth() ?? IDLE_LINK,
    pose: view?.pose ?? null,
    twist: view?.twist ?? null,
    command: control?.command ?? null,
    driver: control?.driver ?? 'none',
    enable: control?.enable ?? false,
    turbo: control?.turbo ?? false,
    armed: control?.armed ?? true,
    estop: (parts.estopLatched ?? false) || (control?.estop ?? false),
    simTime: view?.simTime ?? null,
    inputs: parts.hub.sources(parts.now),
    problems: parts.problems.list(),
    recording: parts.recording ?? { state: 'off', episodeId: null, frames: 0, durationS: 0, dataset: '', lastError: null },
    policy: parts.policy ?? {
      mode: 'teleop', version: null, pendingVersion: null, phase: control ? String(session?.controller.state().phase) : 'idle',
      doubt: null, threshold: null, thresholdSource: null, asking: false,
    },
    training: parts.training ?? IDLE_TRAINING,
  };
}
