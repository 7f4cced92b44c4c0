import * as THREE from 'three';
import { MarkerAction, type Marker, type MarkerArray } from '../../src/ros/messages.ts';
import { disposeObject } from './dispose.ts';
import { buildMarker, MarkerShapes } from './marker-object.ts';
import { SolidBatches, SOLID_TYPES } from './solid-batches.ts';

interface Entry {
  /** Null for solids, which live in the instanced batches. */
  object: THREE.Object3D | null;
  signature: string;
}

/**
 * World markers keyed by (ns, id) with ROS's ADD/DELETE/DELETEALL semantics. Worlds
 * republish their static markers; an unchanged marker is left alone, a changed one is
 * rebuilt and its old GPU buffers are freed.
 */
export class MarkerLayer {
  readonly object = new THREE.Group();
  private readonly shapes = new MarkerShapes();
  private readonly keep = this.shapes.all();
  private readonly entries = new Map<string, Entry>();
  private readonly solids = new SolidBatches(this.shapes);

  constructor() {
    this.object.name = 'markers';
    this.object.add(this.solids.object);
  }

  /** Draw calls the markers need (tests and diagnostics). */
  get drawCalls(): number {
    let n = this.solids.batchCount;
    for (const e of this.entries.values()) if (e.object) n++;
    return n;
  }

  get size(): number {
    return this.entries.size;
  }

  apply(array: MarkerArray): void {
    for (const m of array.markers) {
      if (m.action === MarkerAction.DELETEALL) this.deleteAll(m.ns);
      else if (m.action === MarkerAction.DELETE) this.remove(keyOf(m));
      else this.upsert(m);
    }
  }

  clear(): void {
    this.deleteAll('');
  }

  dispose(): void {
    this.clear();
    this.solids.dispose();
    this.shapes.dispose();
    this.object.removeFromParent();
  }

  private upsert(m: Marker): void {
    const key = keyOf(m);
    const signature = JSON.stringify([m.type, m.pose, m.scale, m.color, m.points]);
    if (this.entries.get(key)?.signature === signature) return;
    this.remove(key);
    if (SOLID_TYPES.has(m.type)) {
      this.solids.set(key, m);
      this.entries.set(key, { object: null, signature });
      return;
    }
    const object = buildMarker(m, this.shapes);
    if (!object) return;
    object.name = key;
    this.object.add(object);
    this.entries.set(key, { object, signature });
  }

  /** ROS 2's DELETEALL is limited to its namespace when one is given; ROS 1 sends none. */
  private deleteAll(ns: string): void {
    for (const key of [...this.entries.keys()]) {
      if (ns === '' || key.startsWith(`${ns}\u0000`)) this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (entry.object) disposeObject(entry.object, this.keep);
    else this.solids.remove(key);
    this.entries.delete(key);
  }
}

function keyOf(m: Marker): string {
  return `${m.ns}\u0000${m.id}`;
}
