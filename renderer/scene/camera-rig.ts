import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export type CameraMode = 'follow' | 'orbit';

const UP = new THREE.Vector3(0, 1, 0);

/**
 * Follow: behind and above the robot, eased so turns do not whip the view. Orbit: mouse
 * controlled, but it travels with the robot so the robot stays where the user put it.
 * Dragging the view while following switches to orbit (C goes back).
 */
export class CameraRig {
  readonly camera = new THREE.PerspectiveCamera(55, 1, 0.1, 1000);
  private readonly controls: OrbitControls;
  private modeNow: CameraMode = 'follow';
  private readonly look = new THREE.Vector3();
  private readonly lastRobot = new THREE.Vector3();
  private readonly heading = new THREE.Vector3(1, 0, 0);
  private hasRobot = false;
  private readonly tmp = new THREE.Vector3();
  private readonly tmp2 = new THREE.Vector3();
  /** Behind and above, metres. */
  followOffset = { back: 6, up: 3.2 };

  constructor(dom: HTMLElement, private readonly onMode: (mode: CameraMode) => void) {
    this.camera.position.set(-7, 5, 0);
    this.camera.lookAt(0, 0, 0);
    this.controls = new OrbitControls(this.camera, dom);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.controls.maxPolarAngle = Math.PI * 0.495;
    // A drag or a wheel turn moves the camera ('change'); a plain click (to focus the page) does not.
    let interacting = false;
    this.controls.addEventListener('start', () => { interacting = true; });
    this.controls.addEventListener('end', () => { interacting = false; });
    this.controls.addEventListener('change', () => {
      if (interacting && this.modeNow === 'follow') this.setMode('orbit');
    });
  }

  get mode(): CameraMode {
    return this.modeNow;
  }

  toggle(): CameraMode {
    this.setMode(this.modeNow === 'follow' ? 'orbit' : 'follow');
    return this.modeNow;
  }

  setMode(mode: CameraMode): void {
    if (mode === this.modeNow) return;
    this.modeNow = mode;
    if (mode === 'orbit') this.controls.target.copy(this.hasRobot ? this.lastRobot : this.look);
    this.onMode(mode);
  }

  /** `robot` and `forward` in three.js world coordinates. */
  update(dtS: number, robot: THREE.Vector3 | null, forward: THREE.Vector3 | null): void {
    if (robot) {
      if (forward) {
        this.tmp.set(forward.x, 0, forward.z);
        if (this.tmp.lengthSq() > 1e-6) this.heading.copy(this.tmp.normalize());
      }
      if (this.modeNow === 'orbit' && this.hasRobot) {
        this.tmp.subVectors(robot, this.lastRobot);
        this.camera.position.add(this.tmp);
        this.controls.target.add(this.tmp);
      }
      const first = !this.hasRobot;
      this.lastRobot.copy(robot);
      this.hasRobot = true;
      if (this.modeNow === 'follow') this.follow(dtS, robot, first);
    }
    if (this.modeNow === 'orbit') this.controls.update(dtS);
  }

  resize(width: number, height: number): void {
    this.camera.aspect = width / Math.max(1, height);
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    this.controls.dispose();
  }

  private follow(dtS: number, robot: THREE.Vector3, snap: boolean): void {
    const want = this.tmp.copy(robot).addScaledVector(this.heading, -this.followOffset.back).addScaledVector(UP, this.followOffset.up);
    const lookWant = this.tmp2.copy(robot).addScaledVector(this.heading, 2).addScaledVector(UP, 0.4);
    const a = snap ? 1 : 1 - Math.exp(-dtS / 0.35);
    const b = snap ? 1 : 1 - Math.exp(-dtS / 0.15);
    this.camera.position.lerp(want, a);
    this.look.lerp(lookWant, b);
    this.camera.lookAt(this.look);
  }
}
