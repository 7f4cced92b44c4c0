/** Headless experiments: rollouts, evaluation and the BC / DAgger / HG-DAgger comparison. */
export { countLabels, episodeEntry, toEpisodeData, type EpisodeTag } from './episode.ts';
export { bootstrapRate, evaluatePolicy, MIN_KM, summarise, type Evaluation, type EvaluateOptions } from './evaluate.ts';
export { expertPolicy, type Policy, type PolicyOutput } from './policy.ts';
export { MIN_SUCCESS_PACE, ROUTE_END_M } from './route-end.ts';
export { PRESET_OF_MODE, rollout } from './rollout.ts';
export { DRIVER_MODES, type DriverMode, type RolloutMetrics, type RolloutOptions, type RolloutResult } from './rollout-types.ts';
export { runExperiment } from './runner.ts';
export { METHODS, type ExperimentOptions, type ExperimentProgress, type ExperimentResult, type Method, type RoundRow, type TrainFn } from './runner-types.ts';
export { deriveSeed, replicaSeed, type SeedStream } from './seeds.ts';
export { checkOrdering, poolReplicas, type OrderingCheck, type PooledResult, type PooledRow } from './replicas.ts';
export { DAGGER_LABELS, DAGGER_OPERATOR_RULE, labelRule, type DaggerLabels } from './label-rules.ts';
