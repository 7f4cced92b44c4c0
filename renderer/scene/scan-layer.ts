import * as THREE from 'three';
import type { Pose, ScanView } from '../../src/ros/messages.ts';
import { setRosPose } from './frames.ts';
import { scanPoints } from './scan-points.ts';

/** The latest laser scan, drawn as hit points and faint rays where the robot was when it came. */
export class ScanLayer {
  readonly object = new THREE.Group();
  private readonly pointGeometry = new THREE.BufferGeometry();
  private readonly rayGeometry = new THREE.BufferGeometry();
  private capacity = 0;
  /** Height of the drawn scan above the robot's origin: a rover's scanner sits on its body. */
  lift = 0.3;

  constructor() {
    this.object.name = 'scan';
    const points = new THREE.Points(this.pointGeometry, new THREE.PointsMaterial({ color: 0xff5a4e, size: 0.09, sizeAttenuation: true }));
    const rays = new THREE.LineSegments(this.rayGeometry, new THREE.LineBasicMaterial({ color: 0xff8a65, transparent: true, opacity: 0.14, depthWrite: false }));
    points.frustumCulled = false;
    rays.frustumCulled = false;
    this.object.add(rays, points);
    this.object.visible = false;
  }

  show(scan: ScanView, pose: Pose | null): void {
    if (!pose) return;
    const xy = scanPoints(scan);
    const n = xy.length / 2;
    this.ensureCapacity(n);
    const pts = (this.pointGeometry.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
    const rays = (this.rayGeometry.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
    for (let i = 0; i < n; i++) {
      const x = xy[i * 2] ?? 0, y = xy[i * 2 + 1] ?? 0;
      pts.set([x, y, 0], i * 3);
      rays.set([0, 0, 0, x, y, 0], i * 6);
    }
    this.pointGeometry.setDrawRange(0, n);
    this.rayGeometry.setDrawRange(0, n * 2);
    this.pointGeometry.getAttribute('position').needsUpdate = true;
    this.rayGeometry.getAttribute('position').needsUpdate = true;
    setRosPose(this.object, pose);
    this.object.position.z += this.lift;
    this.object.visible = true;
  }

  clear(): void {
    this.object.visible = false;
  }

  dispose(): void {
    this.object.traverse((o) => {
      const m = (o as THREE.Points).material as THREE.Material | undefined;
      m?.dispose();
    });
    this.pointGeometry.dispose();
    this.rayGeometry.dispose();
    this.object.removeFromParent();
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.capacity = Math.max(n, this.capacity * 2, 360);
    const pts = new THREE.BufferAttribute(new Float32Array(this.capacity * 3), 3).setUsage(THREE.DynamicDrawUsage);
    const rays = new THREE.BufferAttribute(new Float32Array(this.capacity * 6), 3).setUsage(THREE.DynamicDrawUsage);
    // Replacing an attribute with a bigger one needs a fresh GPU buffer.
    this.pointGeometry.dispose();
    this.rayGeometry.dispose();
    this.pointGeometry.setAttribute('position', pts);
    this.rayGeometry.setAttribute('position', rays);
  }
}
