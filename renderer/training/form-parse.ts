/** The training panel's fields, read into call parameters or a reason they cannot be. Pure. */

export type ThresholdSource = 'calibrated' | 'rate' | 'manual';

/** Parses the "after N frames" field: a whole number of at least 1, or a reason it is not. */
export function parseFrames(text: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return 'a whole number of frames, e.g. 2000';
  const n = Number(t);
  return n >= 1 ? n : 'at least 1 frame';
}

/** Reads the form: calibrated needs nothing; rate is a percentage of steps; manual a doubt value. */
export function thresholdRequest(source: ThresholdSource, text: string): { source: ThresholdSource; value?: number } | string {
  if (source === 'calibrated') return { source };
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) return 'enter a number';
  if (source === 'rate') {
    if (v <= 0 || v >= 100) return 'a rate between 0 and 100 %';
    return { source, value: v / 100 };
  }
  if (v <= 0) return 'a doubt above 0';
  return { source, value: v };
}
