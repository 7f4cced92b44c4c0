import type { ViewFrame } from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';

/** What is being shown: which robot model, and a key that changes when the world does. */
export interface PlayerScene {
  robot: 'rover' | 'quadrotor';
  /** A new key means a different robot, world or episode: old trails and scans would lie. */
  key: string;
  /** What the frame's clock is called ("Sim time", "Episode time"); null when it means nothing to show. */
  clock: string | null;
}

export type FrameListener = (frame: ViewFrame, scene: PlayerScene) => void;

/**
 * A source of frames for the scene, the HUD readouts and the timeline: live driving or a
 * recorded episode. The views take whichever is active and never ask which it is.
 */
export interface Player {
  readonly kind: 'live' | 'replay';
  onFrame(listener: FrameListener): () => void;
  onScan(listener: (scan: ScanView) => void): () => void;
  /** The last frame, for a view that starts listening late. */
  readonly latest: { frame: ViewFrame; scene: PlayerScene } | null;
  dispose(): void;
}
