import type { ViewFrame } from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';
import type { Player, PlayerScene } from './player.ts';

export interface PlayerViews {
  /** The active player changed: drop what the old one drew (trail, scan). */
  reset(): void;
  frame(frame: ViewFrame, scene: PlayerScene, kind: Player['kind']): void;
  scan(scan: ScanView): void;
}

/** Feeds the views from one player at a time; switching clears what the previous one drew. */
export class PlayerSwitch {
  private active: Player | null = null;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly views: PlayerViews) {}

  get current(): Player | null {
    return this.active;
  }

  use(player: Player): void {
    if (player === this.active) return;
    for (const u of this.unsubscribe) u();
    this.active = player;
    this.views.reset();
    this.unsubscribe = [
      player.onFrame((frame, scene) => this.views.frame(frame, scene, player.kind)),
      player.onScan((scan) => this.views.scan(scan)),
    ];
    const latest = player.latest;
    if (latest) this.views.frame(latest.frame, latest.scene, player.kind);
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.active = null;
  }
}
