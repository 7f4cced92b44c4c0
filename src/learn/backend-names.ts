/** Backend names, apart from backends.ts so that the app's thread can name them without loading TF.js. */

/** What the training worker (Node) measures by default. */
export const BACKEND_CANDIDATES = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
/** webgpu trains only in a browser page: the desktop app's hidden GPU window (renderer/gpu-trainer). */
export type BackendName = (typeof BACKEND_CANDIDATES)[number] | 'webgpu';
