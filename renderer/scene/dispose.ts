import type * as THREE from 'three';

/** Frees the GPU buffers of an object tree; shared resources in `keep` survive. */
export function disposeObject(root: THREE.Object3D, keep: ReadonlySet<object> = new Set()): void {
  root.traverse((obj) => {
    const withGeometry = obj as THREE.Object3D & { geometry?: THREE.BufferGeometry; material?: THREE.Material | THREE.Material[] };
    if (withGeometry.geometry && !keep.has(withGeometry.geometry)) withGeometry.geometry.dispose();
    const material = withGeometry.material;
    for (const m of Array.isArray(material) ? material : material ? [material] : []) {
      if (!keep.has(m)) m.dispose();
    }
  });
  root.removeFromParent();
}
