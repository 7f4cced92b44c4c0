import * as THREE from 'three';
import type { Pose, Twist } from '../../src/ros/messages.ts';
import { CommandArrow } from './command-arrow.ts';
import { disposeObject } from './dispose.ts';
import { PoseSmoother } from './pose-smoother.ts';
import { createRobotModel, type RobotKind } from './robot-models.ts';

/** The relabel colour, shared with style.css --relabel. */
export const GHOST_COLOR = 0xd77bff;

/**
 * The ghost of a relabel pass: where the operator's commands would have taken the robot
 * from the pass start, see-through so the recorded robot stays visible under it, with an
 * arrow for the command being given now.
 */
export class GhostRobot {
  readonly object = new THREE.Group();
  private model: THREE.Group | null = null;
  private kindNow: RobotKind | null = null;
  private readonly command = new CommandArrow(0.75, 1.1);
  private readonly smoother = new PoseSmoother();

  constructor() {
    this.object.name = 'ghost';
    this.command.setColor(GHOST_COLOR);
    this.object.add(this.command.object);
    this.object.visible = false;
  }

  setKind(kind: RobotKind): void {
    if (kind === this.kindNow) return;
    this.kindNow = kind;
    if (this.model) disposeObject(this.model);
    this.model = createRobotModel(kind);
    this.model.traverse((o) => {
      if (!(o instanceof THREE.Mesh)) return;
      for (const m of Array.isArray(o.material) ? o.material : [o.material]) {
        if (!(m instanceof THREE.MeshStandardMaterial)) continue;
        m.transparent = true;
        m.opacity = 0.38;
        m.depthWrite = false;
        m.emissive.setHex(GHOST_COLOR);
        m.emissiveIntensity = 0.55;
      }
    });
    this.object.add(this.model);
  }

  /** Null hides it (no pass running, or no pose yet). */
  show(pose: Pose | null, command: Twist | null): void {
    if (!pose) {
      this.object.visible = false;
      this.smoother.reset();
      this.command.update(null);
      return;
    }
    this.smoother.setTarget(pose);
    this.command.update(command);
    this.object.visible = true;
  }

  step(dtS: number): void {
    if (!this.object.visible) return;
    this.smoother.step(dtS);
    this.object.position.copy(this.smoother.position);
    this.object.quaternion.copy(this.smoother.quaternion);
  }

  dispose(): void {
    if (this.model) disposeObject(this.model);
    this.command.dispose();
    this.object.removeFromParent();
  }
}
