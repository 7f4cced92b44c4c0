/**
 * A LaserScan reduced to N angular sectors: the nearest return in each, as a fraction
 * of range_max. Sector i is centred on the robot-frame angle -pi + i * 2pi/N, so with an
 * even N sector N/2 looks straight ahead and sector 0 straight back.
 *
 * Beams are sorted by angle, not by index, so scanners with any field of view and any
 * angle_min land in the same sectors; a sector no beam covers reads 1 (nothing seen).
 * Beams with no valid reading (null, NaN, +-Inf, below range_min) say nothing; readings
 * beyond range_max are "no return" and count as range_max (REP 117).
 */
import type { LaserScan, ScanView } from '../ros/messages.ts';

/** What `parseLaserScan` returns on the live path, or a world's LaserScan headless. */
export type ScanInput = ScanView | LaserScan;

interface ScanFields { angleMin: number; increment: number; rangeMin: number; rangeMax: number; ranges: ArrayLike<number | null> }

function fieldsOf(scan: ScanInput): ScanFields {
  return 'rangeMax' in scan
    ? { angleMin: scan.angleMin, increment: scan.angleIncrement, rangeMin: scan.rangeMin, rangeMax: scan.rangeMax, ranges: scan.ranges }
    : { angleMin: scan.angle_min, increment: scan.angle_increment, rangeMin: scan.range_min, rangeMax: scan.range_max, ranges: scan.ranges };
}

const TWO_PI = 2 * Math.PI;

/** Robot-frame angle (rad) at the centre of sector `i` of `n`. */
export function sectorAngle(i: number, n: number): number {
  return -Math.PI + (i * TWO_PI) / n;
}

/**
 * Writes `sectors` values into `out` from `offset`; `scratch` (length >= sectors) keeps
 * the hot path free of allocation. A missing or unusable scan writes all ones.
 */
export function writeScanSectors(scan: ScanInput | null, sectors: number, out: { [i: number]: number }, offset: number, scratch: Float64Array): void {
  const s = scan ? fieldsOf(scan) : null;
  if (!s || !(s.rangeMax > 0) || !Number.isFinite(s.rangeMax) || !Number.isFinite(s.angleMin) || !Number.isFinite(s.increment)) {
    for (let k = 0; k < sectors; k++) out[offset + k] = 1;
    return;
  }
  const width = TWO_PI / sectors;
  const rangeMin = Number.isFinite(s.rangeMin) ? s.rangeMin : 0;
  scratch.fill(s.rangeMax, 0, sectors);
  const ranges = s.ranges;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i];
    if (typeof r !== 'number' || !(r >= rangeMin)) continue; // null, NaN, -Inf or too close to trust
    const v = r > s.rangeMax ? s.rangeMax : r;
    let k = Math.round((s.angleMin + i * s.increment + Math.PI) / width) % sectors;
    if (k < 0) k += sectors;
    if (v < (scratch[k] as number)) scratch[k] = v;
  }
  for (let k = 0; k < sectors; k++) out[offset + k] = (scratch[k] as number) / s.rangeMax;
}
