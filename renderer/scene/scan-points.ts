import type { ScanView } from '../../src/ros/messages.ts';

/**
 * Laser returns as x,y pairs in the scanner's frame (x forward, y left). Readings outside
 * [rangeMin, rangeMax] are "no return" by sensor_msgs/LaserScan's definition and dropped.
 */
export function scanPoints(scan: ScanView): Float32Array {
  const out = new Float32Array(scan.ranges.length * 2);
  let n = 0;
  for (let i = 0; i < scan.ranges.length; i++) {
    const r = scan.ranges[i];
    if (r === null || r === undefined || r < scan.rangeMin || r > scan.rangeMax) continue;
    const a = scan.angleMin + i * scan.angleIncrement;
    out[n++] = r * Math.cos(a);
    out[n++] = r * Math.sin(a);
  }
  return out.subarray(0, n);
}
