/**
 * Training's share of a core. On a small machine the training thread competes with the
 * control loop for cores (and for the hypervisor's attention on a VM): resting a moment
 * after every few milliseconds of work leaves the loop room to run on time, at the cost
 * of throughput in the same proportion.
 */
const WORK_SLICE_MS = 8;

/** The app's training share: measured on the 2-core build machine, see the issue notes. */
export const TRAIN_DUTY = 1;

/**
 * Returns a function to call between units of work: once `WORK_SLICE_MS` of work has
 * piled up it sleeps (blocking this thread, not spinning) long enough that work takes
 * `duty` of the time. duty 1: never rests.
 */
export function dutyCycle(duty: number, now: () => number = () => performance.now()): () => void {
  if (!(duty > 0 && duty <= 1)) throw new Error(`dutyCycle: duty must be in (0, 1], got ${duty}`);
  if (duty === 1) return () => {};
  const cell = new Int32Array(new SharedArrayBuffer(4));
  let since = now();
  return () => {
    const worked = now() - since;
    if (worked < WORK_SLICE_MS) return;
    Atomics.wait(cell, 0, 0, (worked * (1 - duty)) / duty);
    since = now();
  };
}
