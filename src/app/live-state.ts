import type { ProblemSet } from '../base/problem.ts';
import type { InputHub } from '../input/hub.ts';
import type { ConnectTarget, LinkHealth, LiveState, RecordingState, RobotProfile } from './contract.ts';
import type { DriveSession } from './drive-session.ts';

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
  };
}
