import * as THREE from 'three';
import type { Pose, Quaternion, Vector3 } from '../../src/ros/messages.ts';

/**
 * The one place where ROS meets three.js. ROS (REP 103) is x forward, y left, z up;
 * three.js is y up. Everything the app draws from ROS data lives under `createRosRoot()`,
 * a group rotated -90° about x, so ROS (x, y, z) lands at three (x, z, -y) and children
 * use ROS coordinates unchanged. Nothing else in the scene converts frames by hand.
 */
export function createRosRoot(): THREE.Group {
  const root = new THREE.Group();
  root.name = 'ros-world';
  root.rotation.set(-Math.PI / 2, 0, 0);
  return root;
}

export function setRosPose(obj: THREE.Object3D, pose: Pose): void {
  setRosPosition(obj.position, pose.position);
  setRosQuaternion(obj.quaternion, pose.orientation);
}

export function setRosPosition(out: THREE.Vector3, p: Vector3): THREE.Vector3 {
  return out.set(p.x, p.y, p.z);
}

/** A zero quaternion (uninitialised on some robots) would wreck the matrix; treat it as identity. */
export function setRosQuaternion(out: THREE.Quaternion, q: Quaternion): THREE.Quaternion {
  const n = Math.hypot(q.x, q.y, q.z, q.w);
  if (!(n > 1e-9)) return out.set(0, 0, 0, 1);
  return out.set(q.x / n, q.y / n, q.z / n, q.w / n);
}

/** ROS "up" in the ROS root's own coordinates; handy for lifting things off the ground. */
export const ROS_UP = new THREE.Vector3(0, 0, 1);
