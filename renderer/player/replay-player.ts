import type { ReplayState } from '../../src/app/contract.ts';
import type { ReplayModel } from '../replay/replay-model.ts';
import { PlayerBase } from './player-base.ts';
import type { PlayerScene } from './player.ts';

export function replayScene(s: ReplayState): PlayerScene {
  return { robot: s.world === 'forest' ? 'quadrotor' : 'rover', key: `replay:${s.episodeId}`, clock: 'Episode time' };
}

/** A recorded episode as a player: the core's replay states and the scans of the frame shown. */
export class ReplayPlayer extends PlayerBase {
  readonly kind = 'replay';

  constructor(model: ReplayModel) {
    super();
    this.store.add(model.onState.on((s) => {
      if (s) this.show(s.frame, replayScene(s));
    }));
    this.store.add(model.onScan.on((scan) => this.scans.fire(scan)));
    if (model.state) this.latest = { frame: model.state.frame, scene: replayScene(model.state) };
  }
}
