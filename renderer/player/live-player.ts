import { Emitter } from '../../src/base/emitter.ts';
import { DisposableStore } from '../../src/base/disposable.ts';
import type { ViewFrame } from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';
import type { AppModel } from '../model.ts';
import { liveFrame, liveScene } from './live-frame.ts';
import type { FrameListener, Player, PlayerScene } from './player.ts';

/** Live driving as a player: the core's state and scans, as they come. */
export class LivePlayer implements Player {
  readonly kind = 'live';
  latest: { frame: ViewFrame; scene: PlayerScene } | null = null;
  private readonly frames = new Emitter<{ frame: ViewFrame; scene: PlayerScene }>();
  private readonly scans = new Emitter<ScanView>();
  private readonly store = new DisposableStore();

  constructor(model: AppModel) {
    this.store.add(model.onState.on((s) => {
      this.latest = { frame: liveFrame(s), scene: liveScene(s) };
      this.frames.fire(this.latest);
    }));
    this.store.add(model.onScan.on((scan) => this.scans.fire(scan)));
    if (model.state) this.latest = { frame: liveFrame(model.state), scene: liveScene(model.state) };
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
