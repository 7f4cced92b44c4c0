import type { LiveState, ViewFrame } from '../../src/app/contract.ts';
import type { PlayerScene } from './player.ts';

/** The live state as a view frame: its clock is the simulator's when there is one. */
export function liveFrame(s: LiveState): ViewFrame {
  return {
    t: s.simTime ?? s.t / 1000,
    pose: s.pose,
    twist: s.twist,
    command: s.command,
    driver: s.driver,
    doubt: s.policy?.doubt ?? null,
    operatorAction: null,
    policyAction: null,
    events: [],
  };
}

export function liveScene(s: LiveState): PlayerScene {
  const drone = s.target?.kind === 'sim' && s.target.world === 'forest';
  return { robot: drone ? 'quadrotor' : 'rover', key: `live:${JSON.stringify(s.target)}`, clock: s.simTime === null ? null : 'Sim time' };
}
