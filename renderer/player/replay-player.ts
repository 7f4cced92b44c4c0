import { Emitter } from '../../src/base/emitter.ts';
import { DisposableStore } from '../../src/base/disposable.ts';
import type { ReplayState, ViewFrame } from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';
import type { ReplayModel } from '../replay/replay-model.ts';
import type { FrameListener, Player, PlayerScene } from './player.ts';

export function replayScene(s: ReplayState): PlayerScene {
  return { robot: s.world === 'forest' ? 'quadrotor' : 'rover', key: `replay:${s.episodeId}`, clock: 'Episode time' };
}

/** A recorded episode as a player: the core's replay states and the scans of the frame shown. */
export class ReplayPlayer implements Player {
  readonly kind = 'replay';
  latest: { frame: ViewFrame; scene: PlayerScene } | null = null;
  private readonly frames = new Emitter<{ frame: ViewFrame; scene: PlayerScene }>();
  private readonly scans = new Emitter<ScanView>();
  private readonly store = new DisposableStore();

  constructor(model: ReplayModel) {
    const take = (s: ReplayState | null): void => {
      if (!s) return;
      this.latest = { frame: s.frame, scene: replayScene(s) };
      this.frames.fire(this.latest);
    };
    this.store.add(model.onState.on(take));
    this.store.add(model.onScan.on((scan) => this.scans.fire(scan)));
    if (model.state) this.latest = { frame: model.state.frame, scene: replayScene(model.state) };
  }

  onFrame(listener: FrameListener): () => void {
    return this.frames.on(({ frame, scene }) => listener(frame, scene));
  }

  onScan(listener: (scan: ScanView) => void): () => void {
    return this.scans.on(listener);
  }

  dispose(): void {
    this.store.dispose();
    this.frames.dispose();
    this.scans.dispose();
  }
}
