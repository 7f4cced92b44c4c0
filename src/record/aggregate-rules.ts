/**
 * Which frames are training samples and what their target action is. A preset is one
 * `LabelRule`; relabelling (slow-motion labels drawn over a replay) plugs in by wrapping
 * a rule, so the aggregation itself never changes when a new label source arrives.
 */
import type { EpisodeEntry } from './dataset-types.ts';
import type { Frame } from './frame.ts';

export type AggregatePreset = 'bc' | 'hgdagger' | 'dagger' | 'hgdagger+relabel';
export const AGGREGATE_PRESETS: readonly AggregatePreset[] = ['bc', 'hgdagger', 'dagger', 'hgdagger+relabel'];

export type LabelKind = 'operator' | 'expert' | 'relabel';

export interface LabelContext {
  entry: EpisodeEntry;
  /** Index of the frame in its episode. */
  index: number;
  frame: Frame;
}

/** A sample with its target, or why the frame is not one. */
export type LabelDecision =
  | { label: LabelKind; action: readonly number[] }
  | { skip: 'not-selected' | 'no-label' };

export type LabelRule = (ctx: LabelContext) => LabelDecision;

const NOT_SELECTED = { skip: 'not-selected' } as const;
const NO_LABEL = { skip: 'no-label' } as const;

function operatorLabel(frame: Frame): LabelDecision {
  if (frame.driver !== 'operator') return NOT_SELECTED;
  return frame.operator_action ? { label: 'operator', action: frame.operator_action } : NO_LABEL;
}

export const PRESET_RULES: Readonly<Record<AggregatePreset, LabelRule>> = {
  /** Behaviour cloning: what the operator did in demonstrations (round 0) only. */
  bc: ({ entry, frame }) => (entry.round === 0 ? operatorLabel(frame) : NOT_SELECTED),
  /** HG-DAgger: operator-driven frames of every round; policy-driven frames are not labels. */
  hgdagger: ({ frame }) => operatorLabel(frame),
  /** DAgger: every visited state, whoever drove, labelled by the expert where it spoke. */
  dagger: ({ frame }) => (frame.expert_action ? { label: 'expert', action: frame.expert_action } : NO_LABEL),
  /**
   * HG-DAgger plus accepted offline relabels. The relabels are data, so `aggregate`
   * wraps this rule with `withRelabels` and `AggregateOptions.relabels`; on its own
   * (e.g. counting labels before any pass exists) it is plain HG-DAgger.
   */
  'hgdagger+relabel': ({ frame }) => operatorLabel(frame),
};

/** The target action an offline relabel session gave a frame, or null where it gave none. */
export type RelabelLookup = (episodeId: string, index: number, frame: Frame) => readonly number[] | null;

/**
 * Relabels win wherever they exist, whoever drove the frame (labelling the policy's
 * mistakes after the fact is the point); elsewhere `base` decides.
 */
export function withRelabels(base: LabelRule, lookup: RelabelLookup): LabelRule {
  return (ctx) => {
    const action = lookup(ctx.entry.id, ctx.index, ctx.frame);
    return action ? { label: 'relabel', action } : base(ctx);
  };
}
