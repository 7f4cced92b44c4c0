/**
 * Operator labels lined up with what they answered. A person's command at t answers what
 * they saw a reaction time earlier, so as recorded every operator label sits one reaction
 * time late on its state. That matters most where the state changes fastest: in a
 * takeover, which is where HG-DAgger's labels come from. Shifting each operator label to
 * the command given `lagS` later makes the pair (state, the answer to it); the reaction
 * time is the one the operator's calibration measured.
 */
import type { LabelRule } from './aggregate-rules.ts';
import type { EpisodeEntry } from './dataset-types.ts';
import type { Frame } from './frame.ts';

/** Slack for times that are sums of a float dt. */
const EPS = 1e-9;

/**
 * Wraps `base`: where it gives an operator label, the label becomes the operator's command
 * `lagOf(entry)` seconds later in the same episode (`framesOf`: each episode's frames by
 * entry id); where the episode ends or the operator gave nothing that late, the frame has
 * no label. A lag of 0 leaves the episode's labels as recorded.
 */
export function withOperatorLag(base: LabelRule, lagOf: number | ((entry: EpisodeEntry) => number), framesOf: ReadonlyMap<string, readonly Frame[]>): LabelRule {
  const lag = typeof lagOf === 'number' ? checkLag(lagOf, '') : (entry: EpisodeEntry) => checkLag(lagOf(entry), ` (episode ${entry.id}, operator ${entry.operator})`);
  return (ctx) => {
    const decision = base(ctx);
    if (!('label' in decision) || decision.label !== 'operator') return decision;
    const lagS = typeof lag === 'number' ? lag : lag(ctx.entry);
    if (lagS === 0) return decision;
    const frames = framesOf.get(ctx.entry.id);
    if (!frames) throw new Error(`withOperatorLag: no frames for episode ${JSON.stringify(ctx.entry.id)}`);
    const due = ctx.frame.t + lagS - EPS;
    let j = ctx.index;
    while (j < frames.length && (frames[j] as Frame).t < due) j++;
    const answer = frames[j]?.operator_action;
    return answer ? { label: 'operator', action: answer } : { skip: 'no-label' };
  };
}

function checkLag(lagS: number, where: string): number {
  if (!(lagS >= 0) || !Number.isFinite(lagS)) throw new Error(`withOperatorLag: a lag must be a finite number of seconds >= 0, got ${lagS}${where}`);
  return lagS;
}
