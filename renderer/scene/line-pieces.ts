import * as THREE from 'three';

/**
 * Long lines are cut into short pieces. Software renderers (SwiftShader, some VMs) drop a
 * whole line segment when one end is behind the camera, which made lane lines and the
 * grid vanish right where the operator looks; short pieces only lose the part behind.
 */
export function cutSegment(a: THREE.Vector3, b: THREE.Vector3, maxLen: number, out: number[]): void {
  const n = Math.max(1, Math.ceil(a.distanceTo(b) / maxLen));
  for (let i = 0; i < n; i++) {
    const p = new THREE.Vector3().lerpVectors(a, b, i / n);
    const q = new THREE.Vector3().lerpVectors(a, b, (i + 1) / n);
    out.push(p.x, p.y, p.z, q.x, q.y, q.z);
  }
}

/** Segment pairs (LineSegments positions) for a polyline or for a list of independent segments. */
export function linePieces(points: readonly THREE.Vector3[], strip: boolean, maxLen = 4): Float32Array {
  const out: number[] = [];
  const step = strip ? 1 : 2;
  for (let i = 0; i + 1 < points.length; i += step) {
    const a = points[i], b = points[i + 1];
    if (a && b) cutSegment(a, b, maxLen, out);
  }
  return new Float32Array(out);
}

/** A square grid on three.js's ground plane (y = 0), centred on the origin, as pieces. */
export function gridPieces(size: number, spacing: number, maxLen = 4): THREE.BufferGeometry {
  const out: number[] = [];
  const half = size / 2;
  for (let v = -half; v <= half + 1e-9; v += spacing) {
    cutSegment(new THREE.Vector3(-half, 0, v), new THREE.Vector3(half, 0, v), maxLen, out);
    cutSegment(new THREE.Vector3(v, 0, -half), new THREE.Vector3(v, 0, half), maxLen, out);
  }
  return new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute(out, 3));
}
