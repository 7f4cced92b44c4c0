import * as THREE from 'three';
import type { Vector3 } from '../../src/ros/messages.ts';

/**
 * The path the robot took: the last `capacity` positions at least `minStepM` apart. A jump
 * longer than `jumpM` (a reset, a relocalisation) starts a new trail instead of a long chord.
 */
export class Trail {
  readonly object: THREE.Line;
  private readonly positions: Float32Array;
  private readonly geometry = new THREE.BufferGeometry();
  private count = 0;
  private last: Vector3 | null = null;

  constructor(private readonly capacity = 2000, private readonly minStepM = 0.03, private readonly jumpM = 5, color = 0x4fc3f7) {
    this.positions = new Float32Array(capacity * 3);
    const attr = new THREE.BufferAttribute(this.positions, 3);
    attr.setUsage(THREE.DynamicDrawUsage);
    this.geometry.setAttribute('position', attr);
    this.geometry.setDrawRange(0, 0);
    this.object = new THREE.Line(this.geometry, new THREE.LineBasicMaterial({ color, transparent: true, opacity: 0.8 }));
    this.object.frustumCulled = false;
    this.object.name = 'trail';
  }

  get length(): number {
    return this.count;
  }

  add(p: Vector3): void {
    const step = this.last ? Math.hypot(p.x - this.last.x, p.y - this.last.y, p.z - this.last.z) : Infinity;
    if (step < this.minStepM) return;
    if (this.last && step > this.jumpM) this.clear();
    if (this.count === this.capacity) {
      // Shifting 6000 floats is cheaper than the draw-order bookkeeping of a ring buffer.
      this.positions.copyWithin(0, 3);
      this.count--;
    }
    // Lifted a little so the line does not flicker against the ground.
    this.positions.set([p.x, p.y, p.z + 0.02], this.count * 3);
    this.count++;
    this.last = { ...p };
    this.geometry.setDrawRange(0, this.count);
    (this.geometry.getAttribute('position') as THREE.BufferAttribute).needsUpdate = true;
  }

  clear(): void {
    this.count = 0;
    this.last = null;
    this.geometry.setDrawRange(0, 0);
  }

  dispose(): void {
    this.geometry.dispose();
    (this.object.material as THREE.Material).dispose();
    this.object.removeFromParent();
  }
}
