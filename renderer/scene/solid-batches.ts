import * as THREE from 'three';
import { MarkerType, type Marker } from '../../src/ros/messages.ts';
import { setRosPosition, setRosQuaternion } from './frames.ts';
import type { MarkerShapes } from './marker-object.ts';

interface Batch {
  mesh: THREE.InstancedMesh;
  keys: string[];
}

export const SOLID_TYPES: ReadonlySet<number> = new Set([MarkerType.CUBE, MarkerType.SPHERE, MarkerType.CYLINDER]);

/**
 * Cubes, spheres and cylinders drawn as one instanced mesh per shape and colour. A forest
 * world sends hundreds of trees; one draw call each made software renderers stall the
 * whole page (and the input heartbeat with it).
 */
export class SolidBatches {
  readonly object = new THREE.Group();
  private readonly batches = new Map<string, Batch>();
  private readonly where = new Map<string, { batch: Batch; index: number }>();
  private readonly matrix = new THREE.Matrix4();
  private readonly p = new THREE.Vector3();
  private readonly q = new THREE.Quaternion();
  private readonly s = new THREE.Vector3();

  constructor(private readonly shapes: MarkerShapes) {
    this.object.name = 'solid-markers';
  }

  get size(): number {
    return this.where.size;
  }

  /** Number of draw calls the solids need. */
  get batchCount(): number {
    return this.batches.size;
  }

  set(key: string, m: Marker): void {
    this.remove(key);
    const batch = this.batchFor(m);
    if (batch.keys.length === batch.mesh.instanceMatrix.count) this.grow(batch);
    const index = batch.keys.length;
    batch.keys.push(key);
    setRosPosition(this.p, m.pose.position);
    setRosQuaternion(this.q, m.pose.orientation);
    this.s.set(tiny(m.scale.x), tiny(m.scale.y), tiny(m.scale.z));
    batch.mesh.setMatrixAt(index, this.matrix.compose(this.p, this.q, this.s));
    batch.mesh.count = batch.keys.length;
    batch.mesh.instanceMatrix.needsUpdate = true;
    this.where.set(key, { batch, index });
  }

  remove(key: string): boolean {
    const at = this.where.get(key);
    if (!at) return false;
    const { batch, index } = at;
    const last = batch.keys.length - 1;
    // Swap the last instance into the hole so instances stay contiguous.
    if (index !== last) {
      const movedKey = batch.keys[last] as string;
      batch.mesh.getMatrixAt(last, this.matrix);
      batch.mesh.setMatrixAt(index, this.matrix);
      batch.keys[index] = movedKey;
      this.where.set(movedKey, { batch, index });
    }
    batch.keys.pop();
    batch.mesh.count = batch.keys.length;
    batch.mesh.instanceMatrix.needsUpdate = true;
    this.where.delete(key);
    return true;
  }

  clear(): void {
    for (const b of this.batches.values()) this.disposeBatch(b);
    this.batches.clear();
    this.where.clear();
  }

  dispose(): void {
    this.clear();
    this.object.removeFromParent();
  }

  private batchFor(m: Marker): Batch {
    const c = m.color;
    const id = `${m.type}/${c.r.toFixed(3)},${c.g.toFixed(3)},${c.b.toFixed(3)},${c.a.toFixed(3)}`;
    let batch = this.batches.get(id);
    if (!batch) {
      const a = Math.min(1, Math.max(0, c.a));
      const material = new THREE.MeshLambertMaterial({
        color: new THREE.Color().setRGB(c.r, c.g, c.b, THREE.SRGBColorSpace), opacity: a, transparent: a < 1,
      });
      batch = { mesh: this.makeMesh(m.type, material, 16), keys: [] };
      this.batches.set(id, batch);
      this.object.add(batch.mesh);
    }
    return batch;
  }

  private makeMesh(type: number, material: THREE.Material, capacity: number): THREE.InstancedMesh {
    const geometry = type === MarkerType.CUBE ? this.shapes.cube : type === MarkerType.SPHERE ? this.shapes.sphere : this.shapes.cylinder;
    const mesh = new THREE.InstancedMesh(geometry, material, capacity);
    mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    mesh.count = 0;
    // Instances come and go; a bounding sphere computed once would cull the wrong ones.
    mesh.frustumCulled = false;
    mesh.userData.markerType = type;
    return mesh;
  }

  private grow(batch: Batch): void {
    const old = batch.mesh;
    const mesh = this.makeMesh(old.userData.markerType as number, old.material as THREE.Material, old.instanceMatrix.count * 2);
    for (let i = 0; i < batch.keys.length; i++) {
      old.getMatrixAt(i, this.matrix);
      mesh.setMatrixAt(i, this.matrix);
    }
    mesh.count = batch.keys.length;
    old.removeFromParent();
    old.dispose();
    batch.mesh = mesh;
    this.object.add(mesh);
  }

  private disposeBatch(b: Batch): void {
    b.mesh.removeFromParent();
    (b.mesh.material as THREE.Material).dispose();
    b.mesh.dispose();
  }
}

function tiny(v: number): number {
  return Math.abs(v) < 1e-6 ? 1e-6 : v;
}
