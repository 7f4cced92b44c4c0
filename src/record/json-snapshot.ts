/**
 * A copy of JSON-like data (what rosbridge delivers, a Frame) that later changes to the
 * original cannot reach, plus a rough size of its JSON. Copying is several times cheaper
 * than JSON.stringify for long numeric arrays (a 360-beam scan), so the control tick only
 * copies and the writer's pump serialises later. Objects that are not plain data (class
 * instances, Dates) are snapshotted through JSON, which is what the file gets anyway.
 */
export function snapshotJson(value: unknown): { value: unknown; bytes: number } {
  const size = { bytes: 0 };
  return { value: copy(value, size, 0), bytes: size.bytes };
}

const MAX_DEPTH = 64;

function copy(v: unknown, size: { bytes: number }, depth: number): unknown {
  if (typeof v === 'bigint') throw new Error('snapshotJson: a bigint has no JSON form');
  if (v === null || typeof v !== 'object') {
    size.bytes += typeof v === 'string' ? v.length + 2 : 8;
    return v;
  }
  if (depth > MAX_DEPTH) throw new Error(`snapshotJson: nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
  if (Array.isArray(v)) {
    size.bytes += 2 + v.length;
    if (v.every((x) => typeof x === 'number')) {
      size.bytes += v.length * 8;
      return v.slice();
    }
    return v.map((x: unknown) => copy(x, size, depth + 1));
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const json = JSON.stringify(v);
    size.bytes += json.length;
    return JSON.parse(json) as unknown;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    size.bytes += key.length + 4;
    out[key] = copy((v as Record<string, unknown>)[key], size, depth + 1);
  }
  size.bytes += 2;
  return out;
}
