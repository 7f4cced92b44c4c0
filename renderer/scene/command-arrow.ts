import * as THREE from 'three';
import type { Twist } from '../../src/ros/messages.ts';

const MIN_LINEAR = 0.01;
const MIN_ANGULAR = 0.01;
/** Seconds of travel the arrow shows: its tip is where the command would take the robot in this time. */
const LOOKAHEAD_S = 1.2;

/**
 * What went on the wire last, drawn in the robot's body frame: an arrow for the linear
 * velocity and an arc around the robot for the yaw rate. Hidden when the wire is silent.
 */
export class CommandArrow {
  readonly object = new THREE.Group();
  private readonly material = new THREE.MeshBasicMaterial({ color: 0x36d67a, transparent: true, opacity: 0.9, depthTest: false, side: THREE.DoubleSide });
  private readonly linear = new THREE.Group();
  private readonly shaft: THREE.Mesh;
  private readonly head: THREE.Mesh;
  private arc: THREE.Mesh | null = null;
  private arcAngle = 0;

  constructor(private readonly height = 0.55, private readonly arcRadius = 0.95) {
    this.object.name = 'command';
    this.object.renderOrder = 10;
    this.shaft = new THREE.Mesh(new THREE.CylinderGeometry(0.035, 0.035, 1, 10).rotateZ(-Math.PI / 2).translate(0.5, 0, 0), this.material);
    this.head = new THREE.Mesh(new THREE.ConeGeometry(0.1, 0.25, 16).rotateZ(-Math.PI / 2).translate(0.125, 0, 0), this.material);
    this.linear.add(this.shaft, this.head);
    this.linear.position.z = height;
    this.object.add(this.linear);
    this.object.visible = false;
  }

  setColor(hex: number): void {
    this.material.color.setHex(hex);
  }

  update(cmd: Twist | null): void {
    if (!cmd) {
      this.object.visible = false;
      return;
    }
    this.object.visible = true;
    const v = new THREE.Vector3(cmd.linear.x, cmd.linear.y, cmd.linear.z);
    const speed = v.length();
    this.linear.visible = speed > MIN_LINEAR;
    if (this.linear.visible) {
      const length = Math.max(0.35, speed * LOOKAHEAD_S);
      this.linear.quaternion.setFromUnitVectors(new THREE.Vector3(1, 0, 0), v.normalize());
      this.shaft.scale.x = Math.max(0.01, length - 0.25);
      this.head.position.x = length - 0.25;
    }
    this.updateArc(Math.abs(cmd.angular.z) > MIN_ANGULAR ? cmd.angular.z * LOOKAHEAD_S : 0);
  }

  dispose(): void {
    this.shaft.geometry.dispose();
    this.head.geometry.dispose();
    this.arc?.geometry.dispose();
    this.material.dispose();
    this.object.removeFromParent();
  }

  private updateArc(angle: number): void {
    const clamped = Math.max(-1.5 * Math.PI, Math.min(1.5 * Math.PI, angle));
    if (Math.abs(clamped - this.arcAngle) < 0.03 && (this.arc !== null) === (clamped !== 0)) return;
    this.arcAngle = clamped;
    this.arc?.geometry.dispose();
    this.arc?.removeFromParent();
    this.arc = null;
    if (clamped === 0) return;
    // TorusGeometry sweeps counter-clockwise from +x in its own xy plane, which is ROS's ground plane here.
    const geometry = new THREE.TorusGeometry(this.arcRadius, 0.03, 6, 48, Math.abs(clamped));
    const tip = new THREE.ConeGeometry(0.08, 0.2, 12).translate(0, 0.1, 0);
    tip.translate(this.arcRadius, 0, 0).rotateZ(Math.abs(clamped));
    const merged = mergeTwo(geometry, tip);
    this.arc = new THREE.Mesh(merged, this.material);
    if (clamped < 0) this.arc.scale.y = -1;
    this.arc.position.z = this.height;
    this.object.add(this.arc);
  }
}

/** Joins the arc and its tip into one position-only geometry (one draw, one thing to free). */
function mergeTwo(a: THREE.BufferGeometry, b: THREE.BufferGeometry): THREE.BufferGeometry {
  const ga = a.index ? a.toNonIndexed() : a;
  const gb = b.index ? b.toNonIndexed() : b;
  const pa = ga.getAttribute('position').array as Float32Array;
  const pb = gb.getAttribute('position').array as Float32Array;
  const out = new Float32Array(pa.length + pb.length);
  out.set(pa, 0);
  out.set(pb, pa.length);
  for (const g of [a, b, ga, gb]) g.dispose();
  return new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(out, 3));
}
