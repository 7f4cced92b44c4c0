/**
 * Where each method's labels come from in the experiment. BC and HG-DAgger use their
 * presets. DAgger's labeller is a choice: the privileged expert (`expert_action`, the
 * preset) or the same synthetic human who demonstrates and intervenes for the others,
 * labelling every visited state while it watches (`operator_action` on every frame).
 * The HG-DAgger paper gave all three methods the same human; 'operator' is that setup.
 */
import { PRESET_RULES, type AggregatePreset, type LabelRule } from '../record/aggregate-rules.ts';

export type DaggerLabels = 'operator' | 'expert';
export const DAGGER_LABELS: readonly DaggerLabels[] = ['operator', 'expert'];

/** DAgger labelled by the watching operator: every visited state where it gave a command. */
export const DAGGER_OPERATOR_RULE: LabelRule = ({ frame }) =>
  frame.operator_action ? { label: 'operator', action: frame.operator_action } : { skip: 'no-label' };

export function labelRule(preset: AggregatePreset, daggerLabels: DaggerLabels = 'operator'): LabelRule {
  if (!DAGGER_LABELS.includes(daggerLabels)) throw new Error(`labelRule: daggerLabels must be operator or expert, got ${JSON.stringify(daggerLabels)}`);
  return preset === 'dagger' && daggerLabels === 'operator' ? DAGGER_OPERATOR_RULE : PRESET_RULES[preset];
}
