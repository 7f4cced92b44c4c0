import { DisposableStore } from '../../src/base/disposable.ts';
import { Emitter } from '../../src/base/emitter.ts';
import type { ViewFrame } from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';
import type { FrameListener, Player, PlayerScene } from './player.ts';

/** What every player shares: the latest frame, and the emitters views listen to. */
export abstract class PlayerBase implements Player {
  abstract readonly kind: Player['kind'];
  latest: { frame: ViewFrame; scene: PlayerScene } | null = null;
  private readonly frames = new Emitter<{ frame: ViewFrame; scene: PlayerScene }>();
  protected readonly scans = new Emitter<ScanView>();
  protected readonly store = new DisposableStore();

  protected show(frame: ViewFrame, scene: PlayerScene): void {
    this.latest = { frame, scene };
    this.frames.fire(this.latest);
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
