import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { createRosRoot, setRosPose } from '../../renderer/scene/frames.ts';
import { scanPoints } from '../../renderer/scene/scan-points.ts';
import { Trail } from '../../renderer/scene/trail.ts';
import { linePieces } from '../../renderer/scene/line-pieces.ts';
import { quaternionFromYaw } from '../../src/ros/messages.ts';

describe('ROS to three.js frames', () => {
  it('puts ROS x forward, y left, z up at three x, -z, y', () => {
    const root = createRosRoot();
    const child = new THREE.Object3D();
    root.add(child);
    child.position.set(1, 2, 3);
    root.updateMatrixWorld(true);
    const p = child.getWorldPosition(new THREE.Vector3());
    expect(p.x).toBeCloseTo(1);
    expect(p.y).toBeCloseTo(3);
    expect(p.z).toBeCloseTo(-2);
  });

  it('turns a yaw to the left into a turn toward three.js -z', () => {
    const root = createRosRoot();
    const robot = new THREE.Object3D();
    root.add(robot);
    setRosPose(robot, { position: { x: 0, y: 0, z: 0 }, orientation: quaternionFromYaw(Math.PI / 2) });
    root.updateMatrixWorld(true);
    const forward = new THREE.Vector3(1, 0, 0).applyQuaternion(robot.getWorldQuaternion(new THREE.Quaternion()));
    expect(forward.x).toBeCloseTo(0);
    expect(forward.z).toBeCloseTo(-1);
  });

  it('treats an all-zero quaternion as no rotation', () => {
    const o = new THREE.Object3D();
    setRosPose(o, { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } });
    expect(o.quaternion.w).toBe(1);
  });
});

describe('scanPoints', () => {
  it('places returns in the scanner frame and drops readings outside the valid range', () => {
    const pts = scanPoints({ angleMin: -Math.PI / 2, angleIncrement: Math.PI / 2, rangeMin: 0.2, rangeMax: 10, ranges: [1, 2, null, 0.1, 11] });
    // -90° -> right (y negative); 0° -> straight ahead. The others are no-returns.
    expect(Array.from(pts).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, -1, 2, 0]);
  });
});

describe('Trail', () => {
  it('keeps the last positions up to its capacity, skipping tiny steps', () => {
    const trail = new Trail(3, 0.05);
    trail.add({ x: 0, y: 0, z: 0 });
    trail.add({ x: 0.01, y: 0, z: 0 });
    expect(trail.length).toBe(1);
    for (let i = 1; i <= 4; i++) trail.add({ x: i, y: 0, z: 0 });
    expect(trail.length).toBe(3);
    const pos = trail.object.geometry.getAttribute('position');
    expect([pos.getX(0), pos.getX(1), pos.getX(2)]).toEqual([2, 3, 4]);
    expect(trail.object.geometry.drawRange.count).toBe(3);
  });

  it('starts over after a jump instead of drawing a chord across the map', () => {
    const trail = new Trail(100, 0.01, 5);
    trail.add({ x: 0, y: 0, z: 0 });
    trail.add({ x: 1, y: 0, z: 0 });
    trail.add({ x: 50, y: 0, z: 0 });
    expect(trail.length).toBe(1);
  });
});

describe('linePieces', () => {
  it('cuts long segments into short ones that cover the same line', () => {
    const pts = [new THREE.Vector3(0, 0, 0), new THREE.Vector3(10, 0, 0), new THREE.Vector3(10, 1, 0)];
    const strip = linePieces(pts, true, 4);
    // 10 m -> 3 pieces, 1 m -> 1 piece; 6 floats per piece.
    expect(strip.length).toBe(4 * 6);
    expect(strip[0]).toBe(0);
    expect(strip[3 * 6 - 3]).toBeCloseTo(10);
    const list = linePieces(pts, false, 4);
    expect(list.length).toBe(3 * 6);
  });
});
