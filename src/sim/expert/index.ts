/** The simulator's privileged experts and the synthetic operator built on them. */
export { ACTION_FIELDS, actionToTwist, twistToAction } from './action.ts';
export { assessDanger, type Danger } from './danger.ts';
export { expertAction, expertActionArray } from './expert.ts';
export { FOREST_EXPERT } from './forest-expert.ts';
export { LANE_EXPERT } from './lane-expert.ts';
export { DEFAULT_GATE_RULE, SyntheticOperator, type GateRule, type OperatorDecision, type SyntheticOperatorOptions } from './human-model.ts';
