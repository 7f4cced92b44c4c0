import * as THREE from 'three';
import { MarkerType, type Marker } from '../../src/ros/messages.ts';
import { setRosPose } from './frames.ts';
import { linePieces } from './line-pieces.ts';

/** Unit shapes shared by every marker; a marker scales its mesh instead of owning geometry. */
export class MarkerShapes {
  readonly cube = new THREE.BoxGeometry(1, 1, 1);
  readonly sphere = new THREE.SphereGeometry(0.5, 24, 16);
  /** ROS cylinders stand on z; three's stand on y, so the shared geometry is turned once. */
  readonly cylinder = new THREE.CylinderGeometry(0.5, 0.5, 1, 24).rotateX(Math.PI / 2);
  /** Arrow along +x from 0 to 1: shaft then head, the proportions RViz uses by default. */
  readonly shaft = new THREE.CylinderGeometry(0.5, 0.5, 1, 12).rotateZ(-Math.PI / 2).translate(0.5, 0, 0);
  readonly head = new THREE.ConeGeometry(0.5, 1, 16).rotateZ(-Math.PI / 2).translate(0.5, 0, 0);

  all(): ReadonlySet<object> {
    return new Set([this.cube, this.sphere, this.cylinder, this.shaft, this.head]);
  }

  dispose(): void {
    for (const g of [this.cube, this.sphere, this.cylinder, this.shaft, this.head]) g.dispose();
  }
}

export const DRAWN_TYPES: ReadonlySet<number> = new Set([
  MarkerType.ARROW, MarkerType.CUBE, MarkerType.SPHERE, MarkerType.CYLINDER, MarkerType.LINE_STRIP, MarkerType.LINE_LIST,
]);

function color(m: Marker): { color: THREE.Color; opacity: number; transparent: boolean } {
  const a = Math.min(1, Math.max(0, m.color.a));
  // ROS colours are authored as sRGB, as in RViz.
  return { color: new THREE.Color().setRGB(m.color.r, m.color.g, m.color.b, THREE.SRGBColorSpace), opacity: a, transparent: a < 1 };
}

/** One visualization_msgs/Marker as a three.js object in ROS coordinates; null for types not drawn. */
export function buildMarker(m: Marker, shapes: MarkerShapes): THREE.Object3D | null {
  switch (m.type) {
    case MarkerType.CUBE: return solid(m, shapes.cube);
    case MarkerType.SPHERE: return solid(m, shapes.sphere);
    case MarkerType.CYLINDER: return solid(m, shapes.cylinder);
    case MarkerType.LINE_STRIP:
    case MarkerType.LINE_LIST: return lines(m);
    case MarkerType.ARROW: return arrow(m, shapes);
    default: return null;
  }
}

function solid(m: Marker, geometry: THREE.BufferGeometry): THREE.Mesh {
  const mesh = new THREE.Mesh(geometry, new THREE.MeshLambertMaterial(color(m)));
  setRosPose(mesh, m.pose);
  mesh.scale.set(nonZero(m.scale.x), nonZero(m.scale.y), nonZero(m.scale.z));
  return mesh;
}

function lines(m: Marker): THREE.LineSegments {
  const points = m.points.map((p) => new THREE.Vector3(p.x, p.y, p.z));
  const geometry = new THREE.BufferGeometry().setAttribute('position',
    new THREE.BufferAttribute(linePieces(points, m.type === MarkerType.LINE_STRIP), 3));
  // WebGL draws 1-pixel lines whatever scale.x asks for; colour is what carries meaning here.
  const line = new THREE.LineSegments(geometry, new THREE.LineBasicMaterial(color(m)));
  setRosPose(line, m.pose);
  return line;
}

/** ARROW: with two points, from the first to the second (scale.x shaft and scale.y head diameter); else along the pose's x by scale. */
function arrow(m: Marker, shapes: MarkerShapes): THREE.Group {
  const group = new THREE.Group();
  const material = new THREE.MeshLambertMaterial(color(m));
  let length: number, shaftD: number, headD: number;
  const [a, b] = m.points;
  if (a && b) {
    const from = new THREE.Vector3(a.x, a.y, a.z);
    const dir = new THREE.Vector3(b.x, b.y, b.z).sub(from);
    length = dir.length();
    shaftD = m.scale.x;
    headD = m.scale.y;
    setRosPose(group, m.pose);
    const inner = new THREE.Group();
    inner.position.copy(from);
    if (length > 1e-9) inner.quaternion.setFromUnitVectors(new THREE.Vector3(1, 0, 0), dir.normalize());
    group.add(inner);
    addArrowParts(inner, shapes, material, length, shaftD, headD, m.scale.z > 0 ? m.scale.z : undefined);
    return group;
  }
  length = m.scale.x;
  shaftD = m.scale.y;
  headD = m.scale.z;
  setRosPose(group, m.pose);
  addArrowParts(group, shapes, material, length, shaftD, headD);
  return group;
}

function addArrowParts(parent: THREE.Object3D, shapes: MarkerShapes, material: THREE.Material, length: number, shaftD: number, headD: number, headLen?: number): void {
  const head = Math.min(length, headLen ?? Math.max(headD, length * 0.23));
  const shaft = new THREE.Mesh(shapes.shaft, material);
  shaft.scale.set(nonZero(length - head), nonZero(shaftD), nonZero(shaftD));
  const cone = new THREE.Mesh(shapes.head, material);
  cone.position.x = length - head;
  cone.scale.set(nonZero(head), nonZero(headD), nonZero(headD));
  parent.add(shaft, cone);
}

/** A zero scale makes a singular matrix; RViz treats tiny as tiny, so do we. */
function nonZero(v: number): number {
  return Math.abs(v) < 1e-6 ? 1e-6 : v;
}
