import * as THREE from 'three';
import type { Driver } from '../../src/app/contract.ts';
import type { Pose, Twist } from '../../src/ros/messages.ts';
import { CommandArrow } from './command-arrow.ts';
import { disposeObject } from './dispose.ts';
import { PoseSmoother } from './pose-smoother.ts';
import { createRobotModel, type RobotKind } from './robot-models.ts';

/** Colours shared with the HUD's driver badge (style.css --operator / --policy / --none). */
export const DRIVER_COLOR: Record<Driver, number> = { operator: 0x36d67a, policy: 0x4aa3ff, none: 0x8a93a3 };

/** The robot as drawn: model, a ring in the driver's colour, and the commanded velocity. */
export class RobotView {
  /** Posed in ROS world coordinates; add it under the ROS root. */
  readonly object = new THREE.Group();
  private model: THREE.Group | null = null;
  private kindNow: RobotKind | null = null;
  private readonly ringMaterial = new THREE.MeshBasicMaterial({ color: DRIVER_COLOR.none, transparent: true, opacity: 0.55, side: THREE.DoubleSide, depthWrite: false });
  private readonly ring = new THREE.Mesh(new THREE.RingGeometry(0.62, 0.72, 48), this.ringMaterial);
  private readonly command = new CommandArrow();
  private readonly smoother = new PoseSmoother();

  constructor() {
    this.object.name = 'robot';
    this.ring.position.z = 0.01;
    this.object.add(this.ring, this.command.object);
    this.object.visible = false;
    this.setKind('rover');
  }

  get kind(): RobotKind | null {
    return this.kindNow;
  }

  setKind(kind: RobotKind): void {
    if (kind === this.kindNow) return;
    this.kindNow = kind;
    if (this.model) disposeObject(this.model);
    this.model = createRobotModel(kind);
    this.object.add(this.model);
  }

  setDriver(driver: Driver): void {
    this.ringMaterial.color.setHex(DRIVER_COLOR[driver]);
    this.command.setColor(DRIVER_COLOR[driver]);
  }

  setPose(pose: Pose | null): void {
    if (!pose) {
      this.object.visible = false;
      this.smoother.reset();
      return;
    }
    this.smoother.setTarget(pose);
    this.object.visible = true;
  }

  setCommand(cmd: Twist | null): void {
    this.command.update(cmd);
  }

  step(dtS: number): void {
    this.smoother.step(dtS);
    this.object.position.copy(this.smoother.position);
    this.object.quaternion.copy(this.smoother.quaternion);
    // A drone's ring marks the spot on the ground below it, not a halo in the air.
    this.ring.position.z = this.kindNow === 'quadrotor' ? 0.01 - this.smoother.position.z : 0.01;
  }

  dispose(): void {
    if (this.model) disposeObject(this.model);
    this.command.dispose();
    this.ring.geometry.dispose();
    this.ringMaterial.dispose();
    this.object.removeFromParent();
  }
}
