import * as THREE from 'three';
import { gridPieces } from './line-pieces.ts';

const SIZE = 240;
const STEP = 10;
/** Metre lines only near the robot: far away they shimmer into moiré. */
const MINOR_SIZE = 80;

/**
 * Ground and a metre grid (bold every 10 m) in three.js's own y-up frame. It jumps under
 * the robot in 10 m steps, so it never runs out and the lines never slide.
 */
export class Ground {
  readonly object = new THREE.Group();
  private readonly parts: Array<THREE.Mesh | THREE.LineSegments> = [];

  constructor() {
    this.object.name = 'ground';
    const plane = new THREE.Mesh(
      new THREE.PlaneGeometry(SIZE * 4, SIZE * 4).rotateX(-Math.PI / 2),
      new THREE.MeshBasicMaterial({ color: 0x1f2329, depthWrite: false }),
    );
    // Everything the app draws is on or above the ground, so the ground and grid are painted
    // first and never write depth: lane lines lying on them cannot z-fight, even where the
    // depth buffer is coarse (software renderers).
    plane.renderOrder = -2;
    const minor = new THREE.LineSegments(gridPieces(MINOR_SIZE, 1), new THREE.LineBasicMaterial({ color: 0x30363f, depthWrite: false }));
    const major = new THREE.LineSegments(gridPieces(SIZE, STEP), new THREE.LineBasicMaterial({ color: 0x485060, depthWrite: false }));
    minor.renderOrder = -1;
    major.renderOrder = -1;
    this.parts.push(plane, minor, major);
    this.object.add(plane, minor, major);
  }

  /** Follows a point in three.js world coordinates. */
  centreOn(p: THREE.Vector3): void {
    this.object.position.set(Math.round(p.x / STEP) * STEP, 0, Math.round(p.z / STEP) * STEP);
  }

  dispose(): void {
    for (const part of this.parts) {
      part.geometry.dispose();
      (part.material as THREE.Material).dispose();
    }
    this.object.removeFromParent();
  }
}
