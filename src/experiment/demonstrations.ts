/**
 * BC's budget: demonstrations until it holds exactly as many labels as the other
 * methods end the round with. The last demonstration is cut where the count is reached.
 */
import type { EpisodeData } from '../record/aggregate-types.ts';
import type { Frame } from '../record/frame.ts';
import { countLabels, toEpisodeData } from './episode.ts';
import type { RolloutResult } from './rollout-types.ts';

/**
 * Adds `r` as a demonstration (round 0) holding at most `room` bc labels; returns the
 * episode added (or null when there is no room).
 */
export function takeDemonstration(r: RolloutResult, id: string, room: number): EpisodeData | null {
  if (room <= 0) return null;
  const whole = toEpisodeData(r, { id, round: 0 });
  if (countLabels(whole, 'bc') <= room) return whole;
  let kept = 0, end = 0;
  const frames: Frame[] = r.frames;
  for (; end < frames.length && kept < room; end++) {
    const f = frames[end] as Frame;
    if (f.source === 'tick' && f.driver === 'operator' && f.operator_action) kept++;
  }
  return toEpisodeData(r, { id, round: 0 }, frames.slice(0, end));
}
