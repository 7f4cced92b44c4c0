import type { AppModel } from '../model.ts';
import { liveFrame, liveScene } from './live-frame.ts';
import { PlayerBase } from './player-base.ts';

/** Live driving as a player: the core's state and scans, as they come. */
export class LivePlayer extends PlayerBase {
  readonly kind = 'live';

  constructor(model: AppModel) {
    super();
    this.store.add(model.onState.on((s) => this.show(liveFrame(s), liveScene(s))));
    this.store.add(model.onScan.on((scan) => this.scans.fire(scan)));
    if (model.state) this.latest = { frame: liveFrame(model.state), scene: liveScene(model.state) };
  }
}
