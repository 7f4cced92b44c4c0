import * as THREE from 'three';

/** Models are built in ROS body coordinates: x forward, y left, z up, origin on the ground. */
export type RobotKind = 'rover' | 'quadrotor';

const mat = (color: number, extra: THREE.MeshStandardMaterialParameters = {}): THREE.MeshStandardMaterial =>
  new THREE.MeshStandardMaterial({ color, roughness: 0.6, metalness: 0.1, ...extra });

export function createRover(): THREE.Group {
  const g = new THREE.Group();
  g.name = 'rover';
  const wheelR = 0.16;
  const body = new THREE.Mesh(new THREE.BoxGeometry(0.9, 0.56, 0.26), mat(0xe8a33a));
  body.position.z = wheelR + 0.1;
  g.add(body);
  // A pale nose so heading reads at a glance, even from above.
  const nose = new THREE.Mesh(new THREE.BoxGeometry(0.14, 0.5, 0.2), mat(0xf4f1e8));
  nose.position.set(0.4, 0, wheelR + 0.12);
  g.add(nose);
  const mast = new THREE.Mesh(new THREE.CylinderGeometry(0.06, 0.06, 0.12, 16), mat(0x222222));
  mast.rotation.x = Math.PI / 2;
  mast.position.set(0.22, 0, wheelR + 0.29);
  g.add(mast);
  // CylinderGeometry's axis is local y, which in ROS body coordinates is the axle.
  const wheelGeometry = new THREE.CylinderGeometry(wheelR, wheelR, 0.1, 24);
  const wheelMaterial = mat(0x1d1d1f, { roughness: 0.9 });
  for (const [x, y] of [[0.3, 0.33], [0.3, -0.33], [-0.3, 0.33], [-0.3, -0.33]] as const) {
    const wheel = new THREE.Mesh(wheelGeometry, wheelMaterial);
    wheel.position.set(x, y, wheelR);
    g.add(wheel);
  }
  return g;
}

export function createQuadrotor(): THREE.Group {
  const g = new THREE.Group();
  g.name = 'quadrotor';
  const span = 0.32;
  const front = mat(0xe0463a);
  const back = mat(0xd8d8dc);
  const armGeometry = new THREE.BoxGeometry(span * 2 * Math.SQRT2, 0.04, 0.03);
  for (const [angle, material] of [[Math.PI / 4, front], [-Math.PI / 4, front]] as const) {
    // Each arm spans front-to-back; colour only the front half red by splitting it.
    const arm = new THREE.Mesh(armGeometry, back);
    arm.rotation.z = angle;
    g.add(arm);
    const tip = new THREE.Mesh(new THREE.BoxGeometry(span * Math.SQRT2 * 0.9, 0.05, 0.035), material);
    tip.rotation.z = angle;
    tip.position.set((span / 2) * 0.9, angle > 0 ? (span / 2) * 0.9 : -(span / 2) * 0.9, 0);
    g.add(tip);
  }
  const body = new THREE.Mesh(new THREE.BoxGeometry(0.18, 0.12, 0.07), mat(0x3a3d46));
  g.add(body);
  const rotorGeometry = new THREE.CylinderGeometry(0.13, 0.13, 0.01, 28);
  const rotorMaterial = new THREE.MeshStandardMaterial({ color: 0x9fd3ff, transparent: true, opacity: 0.45, depthWrite: false });
  const hubGeometry = new THREE.CylinderGeometry(0.025, 0.025, 0.05, 12);
  for (const [sx, sy] of [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const) {
    const rotor = new THREE.Mesh(rotorGeometry, rotorMaterial);
    rotor.rotation.x = Math.PI / 2;
    rotor.position.set(sx * span, sy * span, 0.04);
    g.add(rotor);
    const hub = new THREE.Mesh(hubGeometry, back);
    hub.rotation.x = Math.PI / 2;
    hub.position.set(sx * span, sy * span, 0.02);
    g.add(hub);
  }
  return g;
}

export function createRobotModel(kind: RobotKind): THREE.Group {
  return kind === 'quadrotor' ? createQuadrotor() : createRover();
}
