import * as THREE from 'three';
import type { ViewFrame } from '../../src/app/contract.ts';
import type { MarkerArray, Pose, ScanView, Twist } from '../../src/ros/messages.ts';
import type { Player, PlayerScene } from '../player/player.ts';
import { el, errorText } from '../dom.ts';
import { CameraRig, type CameraMode } from './camera-rig.ts';
import { createRosRoot } from './frames.ts';
import { Ground } from './ground.ts';
import { probeGpu } from './gpu-probe.ts';
import { MarkerLayer } from './marker-layer.ts';
import { GhostRobot } from './ghost-robot.ts';
import { RobotView } from './robot-view.ts';
import { ScanLayer } from './scan-layer.ts';
import { Trail } from './trail.ts';

export interface View3d {
  readonly available: boolean;
  /** What the active player shows now; `kind` tells whose markers the world is drawn with. */
  setFrame(frame: ViewFrame, scene: PlayerScene, kind: Player['kind']): void;
  /** Another player took over: its trail and scan start afresh. */
  resetPlayer(): void;
  /** The relabel ghost and its command; null hides it. */
  setGhost(pose: Pose | null, command: Twist | null): void;
  showScan(scan: ScanView): void;
  applyMarkers(markers: MarkerArray): void;
  toggleCamera(): CameraMode;
  dispose(): void;
}

/** The live 3D view, or a plain message in its place when WebGL cannot start. */
export function createView3d(container: HTMLElement, onCameraMode: (m: CameraMode) => void): View3d {
  const gpu = probeGpu(document);
  if (!gpu.ok) return unavailableView(container, gpu.error ?? 'no WebGL 2');
  let renderer: THREE.WebGLRenderer;
  try {
    // On a CPU rasteriser antialiasing halves the frame rate, and a slow frame delays the HUD too.
    renderer = new THREE.WebGLRenderer({ antialias: !gpu.software, powerPreference: 'high-performance' });
  } catch (err) {
    return unavailableView(container, errorText(err));
  }
  container.dataset.webgl = gpu.software ? 'software' : 'hardware';
  if (gpu.software) console.info(`intervene: software WebGL (${gpu.renderer}); drawing at reduced quality`);
  return new Scene3d(container, renderer, onCameraMode, gpu.software);
}

function unavailableView(container: HTMLElement, why: string): View3d {
  container.dataset.webgl = 'unavailable';
  container.append(el('div', { class: 'view-message', testid: 'view3d-unavailable' },
    el('strong', { text: `3D view unavailable: WebGL could not start (${why}).` }),
    el('p', { text: 'Driving, the E-STOP and the readouts still work. Enable hardware acceleration or use a browser with WebGL 2 to see the robot in 3D.' })));
  let mode: CameraMode = 'follow';
  return {
    available: false,
    setFrame: () => {}, resetPlayer: () => {}, setGhost: () => {}, showScan: () => {}, applyMarkers: () => {}, dispose: () => {},
    toggleCamera: () => (mode = mode === 'follow' ? 'orbit' : 'follow'),
  };
}

class Scene3d implements View3d {
  readonly available = true;
  private readonly scene = new THREE.Scene();
  private readonly ros = createRosRoot();
  private readonly ground = new Ground();
  private readonly trail = new Trail();
  private readonly scan = new ScanLayer();
  private readonly markers = new MarkerLayer();
  private readonly robot = new RobotView();
  private readonly ghost = new GhostRobot();
  private readonly rig: CameraRig;
  private readonly resizeObserver: ResizeObserver;
  private readonly lost = el('div', { class: 'view-message', text: '3D view paused: the graphics context was lost. It comes back by itself when the GPU allows.' });
  private frame = 0;
  private lastFrameMs = performance.now();
  private readonly minFrameMs: number;
  private pose: Pose | null = null;
  private sceneKey = '';
  /** The live target of the first state after the latest markers; null until that state comes. */
  private markersFor: string | null = null;
  private readonly tmpPos = new THREE.Vector3();
  private readonly tmpFwd = new THREE.Vector3();
  private readonly tmpQuat = new THREE.Quaternion();

  constructor(private readonly container: HTMLElement, private readonly renderer: THREE.WebGLRenderer,
    onCameraMode: (m: CameraMode) => void, software: boolean) {
    // A CPU rasteriser blocks the page while it catches up (timers too, and with them the
    // input heartbeat), so in that case draw fewer pixels, less often.
    renderer.setPixelRatio(software ? 0.5 : Math.min(window.devicePixelRatio || 1, 2));
    this.minFrameMs = software ? 66 : 0;
    renderer.setClearColor(0x14171c);
    renderer.domElement.className = 'view3d-canvas';
    container.append(renderer.domElement);
    this.lost.hidden = true;
    container.append(this.lost);
    this.rig = new CameraRig(renderer.domElement, onCameraMode);
    this.scene.background = new THREE.Color(0x14171c);
    this.scene.fog = new THREE.Fog(0x14171c, 60, 180);
    this.scene.add(new THREE.HemisphereLight(0xdfe8ff, 0x2a2e35, 1.6));
    const sun = new THREE.DirectionalLight(0xffffff, 1.8);
    sun.position.set(20, 40, 10);
    this.scene.add(sun, this.ground.object, this.ros);
    this.ros.add(this.markers.object, this.trail.object, this.scan.object, this.robot.object, this.ghost.object);
    renderer.domElement.addEventListener('webglcontextlost', this.onLost);
    renderer.domElement.addEventListener('webglcontextrestored', this.onRestored);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
    this.frame = requestAnimationFrame(this.tick);
  }

  setFrame(f: ViewFrame, scene: PlayerScene, kind: Player['kind']): void {
    if (scene.key !== this.sceneKey) {
      this.sceneKey = scene.key;
      this.trail.clear();
      this.scan.clear();
      // A different robot or world: the old world's drawings would lie. But markers often
      // arrive just before the first state that names their target (the host replays the
      // latest on connect; a new link's latched markers beat the state tick), so markers
      // not yet followed by any state are taken to belong to the next state's target.
      // Markers come from the live link only: a replay leaves them as they are.
      if (kind === 'live' && this.markersFor !== null && this.markersFor !== scene.key) this.markers.clear();
    }
    if (kind === 'live') this.markersFor = scene.key;
    const drone = scene.robot === 'quadrotor';
    this.robot.setKind(scene.robot);
    this.ghost.setKind(scene.robot);
    this.scan.lift = drone ? 0 : 0.3;
    this.rig.followOffset = drone ? { back: 5, up: 2.2 } : { back: 6, up: 3.2 };
    this.robot.setDriver(f.driver);
    this.robot.setPose(f.pose);
    this.robot.setCommand(f.command);
    this.pose = f.pose;
    if (f.pose) this.trail.add(f.pose.position);
  }

  resetPlayer(): void {
    this.sceneKey = '';
    this.trail.clear();
    this.scan.clear();
    this.ghost.show(null, null);
  }

  setGhost(pose: Pose | null, command: Twist | null): void {
    this.ghost.show(pose, command);
  }

  showScan(scan: ScanView): void {
    this.scan.show(scan, this.pose);
  }

  applyMarkers(markers: MarkerArray): void {
    this.markers.apply(markers);
    this.markersFor = null;
  }

  toggleCamera(): CameraMode {
    return this.rig.toggle();
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.renderer.domElement.removeEventListener('webglcontextlost', this.onLost);
    this.renderer.domElement.removeEventListener('webglcontextrestored', this.onRestored);
    this.rig.dispose();
    for (const part of [this.ground, this.trail, this.scan, this.markers, this.robot, this.ghost]) part.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
    this.lost.remove();
  }

  private readonly tick = (): void => {
    this.frame = requestAnimationFrame(this.tick);
    const now = performance.now();
    if (now - this.lastFrameMs < this.minFrameMs) return;
    const dt = Math.min(0.1, (now - this.lastFrameMs) / 1000);
    this.lastFrameMs = now;
    this.robot.step(dt);
    this.ghost.step(dt);
    let robotPos: THREE.Vector3 | null = null;
    let forward: THREE.Vector3 | null = null;
    if (this.robot.object.visible) {
      this.ros.updateMatrixWorld();
      robotPos = this.robot.object.getWorldPosition(this.tmpPos);
      forward = this.tmpFwd.set(1, 0, 0).applyQuaternion(this.robot.object.getWorldQuaternion(this.tmpQuat));
      this.ground.centreOn(robotPos);
    }
    this.rig.update(dt, robotPos, forward);
    this.renderer.render(this.scene, this.rig.camera);
  };

  private resize(): void {
    const w = this.container.clientWidth, h = this.container.clientHeight;
    if (w === 0 || h === 0) return;
    this.renderer.setSize(w, h, false);
    this.rig.resize(w, h);
  }

  private readonly onLost = (e: Event): void => {
    e.preventDefault();
    this.lost.hidden = false;
  };

  private readonly onRestored = (): void => {
    this.lost.hidden = true;
  };
}
