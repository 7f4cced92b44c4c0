import * as THREE from 'three';
import type { Pose } from '../../src/ros/messages.ts';
import { setRosPosition, setRosQuaternion } from './frames.ts';

/**
 * States arrive at the control rate (20-50 Hz) and the screen draws at 60+; easing the
 * drawn pose toward the latest one hides the steps. A jump (sim reset, relocalisation)
 * snaps instead of gliding across the map.
 */
export class PoseSmoother {
  readonly position = new THREE.Vector3();
  readonly quaternion = new THREE.Quaternion();
  private readonly targetPosition = new THREE.Vector3();
  private readonly targetQuaternion = new THREE.Quaternion();
  private has = false;

  constructor(private readonly tauS = 0.06, private readonly snapM = 3) {}

  get ready(): boolean {
    return this.has;
  }

  setTarget(pose: Pose): void {
    setRosPosition(this.targetPosition, pose.position);
    setRosQuaternion(this.targetQuaternion, pose.orientation);
    if (!this.has || this.position.distanceTo(this.targetPosition) > this.snapM) this.snap();
    this.has = true;
  }

  step(dtS: number): void {
    if (!this.has) return;
    const alpha = 1 - Math.exp(-Math.max(0, dtS) / this.tauS);
    this.position.lerp(this.targetPosition, alpha);
    this.quaternion.slerp(this.targetQuaternion, alpha);
  }

  reset(): void {
    this.has = false;
  }

  private snap(): void {
    this.position.copy(this.targetPosition);
    this.quaternion.copy(this.targetQuaternion);
  }
}
