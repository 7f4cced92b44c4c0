import type { ViewDriver } from '../app/contract-replay.ts';

/** Driver codes of `EpisodeTrack.driver`. */
export const DRIVER_CODES: readonly ViewDriver[] = ['none', 'operator', 'policy'];
/** Values per action in the action arrays (ACTION_FIELDS order). */
export const ACTION_WIDTH = 4;
/** Values per odometry sample: pose (x y z, qx qy qz qw) and body twist (linear xyz, angular xyz). */
export const POSE_WIDTH = 7;
export const TWIST_WIDTH = 6;
