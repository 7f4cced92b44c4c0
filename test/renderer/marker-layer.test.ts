import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import type { Marker } from '../../src/ros/messages.ts';
import { MarkerAction, MarkerType } from '../../src/ros/messages.ts';
import { MarkerLayer } from '../../renderer/scene/marker-layer.ts';

function marker(ns: string, id: number, type: number, over: Partial<Marker> = {}): Marker {
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'odom' }, ns, id, type, action: MarkerAction.ADD,
    pose: { position: { x: id, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    scale: { x: 1, y: 1, z: 1 }, color: { r: 1, g: 0, b: 0, a: 1 }, points: [], text: '', ...over,
  };
}

function disposals(layer: MarkerLayer): { count: number } {
  const seen = { count: 0 };
  layer.object.traverse((o) => {
    const m = (o as THREE.Mesh).material as THREE.Material | undefined;
    const g = (o as THREE.Mesh).geometry as THREE.BufferGeometry | undefined;
    m?.addEventListener('dispose', () => seen.count++);
    g?.addEventListener('dispose', () => seen.count++);
  });
  return seen;
}

describe('MarkerLayer', () => {
  it('draws hundreds of same-coloured solids with one draw call', () => {
    const layer = new MarkerLayer();
    layer.apply({ markers: Array.from({ length: 400 }, (_, i) => marker('trees', i, MarkerType.CYLINDER)) });
    expect(layer.size).toBe(400);
    expect(layer.drawCalls).toBe(1);
    const mesh = layer.object.getObjectsByProperty('isInstancedMesh', true)[0] as THREE.InstancedMesh;
    expect(mesh.count).toBe(400);
    const m = new THREE.Matrix4();
    mesh.getMatrixAt(399, m);
    expect(new THREE.Vector3().setFromMatrixPosition(m).x).toBe(399);
  });

  it('applies ADD, DELETE and DELETEALL, limiting DELETEALL to a namespace when one is given', () => {
    const layer = new MarkerLayer();
    layer.apply({ markers: [marker('a', 1, MarkerType.CUBE), marker('a', 2, MarkerType.SPHERE), marker('b', 1, MarkerType.LINE_STRIP, { points: [{ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }] })] });
    expect(layer.size).toBe(3);
    layer.apply({ markers: [marker('a', 2, MarkerType.SPHERE, { action: MarkerAction.DELETE })] });
    expect(layer.size).toBe(2);
    layer.apply({ markers: [marker('a', 0, MarkerType.CUBE, { action: MarkerAction.DELETEALL })] });
    expect(layer.size).toBe(1);
    layer.apply({ markers: [marker('', 0, MarkerType.CUBE, { action: MarkerAction.DELETEALL })] });
    expect(layer.size).toBe(0);
  });

  it('moves the right instance when one in the middle is deleted', () => {
    const layer = new MarkerLayer();
    layer.apply({ markers: [0, 1, 2].map((i) => marker('o', i, MarkerType.CUBE)) });
    layer.apply({ markers: [marker('o', 0, MarkerType.CUBE, { action: MarkerAction.DELETE })] });
    const mesh = layer.object.getObjectsByProperty('isInstancedMesh', true)[0] as THREE.InstancedMesh;
    const xs = [0, 1].map((i) => new THREE.Vector3().setFromMatrixPosition(mesh.getMatrixAt(i, new THREE.Matrix4())).x).sort();
    expect(xs).toEqual([1, 2]);
    layer.apply({ markers: [marker('o', 2, MarkerType.CUBE, { pose: { position: { x: 7, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } })] });
    const after = [0, 1].map((i) => new THREE.Vector3().setFromMatrixPosition(mesh.getMatrixAt(i, new THREE.Matrix4())).x).sort();
    expect(after).toEqual([1, 7]);
  });

  it('leaves an unchanged marker alone and frees the GPU buffers of a replaced one', () => {
    const layer = new MarkerLayer();
    const line = marker('lane', 0, MarkerType.LINE_STRIP, { points: [{ x: 0, y: 0, z: 0 }, { x: 10, y: 0, z: 0 }] });
    layer.apply({ markers: [line] });
    const first = layer.object.getObjectByName('lane\u00000');
    layer.apply({ markers: [structuredClone(line)] });
    expect(layer.object.getObjectByName('lane\u00000')).toBe(first);
    const seen = disposals(layer);
    layer.apply({ markers: [{ ...line, color: { r: 0, g: 1, b: 0, a: 1 } }] });
    expect(layer.object.getObjectByName('lane\u00000')).not.toBe(first);
    // Its own geometry and material were released.
    expect(seen.count).toBe(2);
  });

  it('draws arrows from two points and skips types it does not draw', () => {
    const layer = new MarkerLayer();
    layer.apply({ markers: [
      marker('goal', 0, MarkerType.ARROW, { points: [{ x: 0, y: 0, z: 0 }, { x: 0, y: 2, z: 0 }], scale: { x: 0.1, y: 0.2, z: 0 } }),
      marker('label', 0, MarkerType.TEXT),
    ] });
    expect(layer.size).toBe(1);
    const arrow = layer.object.getObjectByName('goal\u00000')!;
    const box = new THREE.Box3().setFromObject(arrow);
    expect(box.max.y).toBeCloseTo(2, 1);
    expect(box.min.y).toBeCloseTo(0, 1);
  });
});
