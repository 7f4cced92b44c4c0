/**
 * Picks the TF.js backend that trains the model at hand fastest. Each candidate is loaded
 * and given a short measured trial unless the user pins one; small MLPs are often faster
 * on WASM than anywhere else, so the choice is measured, not assumed. Candidates that do
 * not load are reported with the reason, so the panel can say what is missing.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BACKEND_CANDIDATES, type BackendName } from './backend-names.ts';

export { BACKEND_CANDIDATES, type BackendName };

/** The name each candidate registers with tf.setBackend. */
const TF_NAME: Record<BackendName, string> = { 'tfjs-node-gpu': 'tensorflow', 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu', webgpu: 'webgpu' };

export interface BackendTrial {
  name: BackendName;
  available: boolean;
  samplesPerS?: number;
  error?: string;
}

export interface BackendChoice {
  chosen: BackendName;
  reason: string;
  tried: BackendTrial[];
}

export type BackendLoader = () => Promise<void>;

/** Module names held in variables so bundlers leave the optional native packages alone. */
const NODE_PACKAGE = '@tensorflow/tfjs-node';
const NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

/**
 * Both native packages register the same 'tensorflow' backend, so only one may load in a
 * process: the CUDA one is tried first, and once it has loaded the CPU one stands aside.
 */
let nativeLoaded: string | null = null;

async function loadNative(pkg: string, missing: string): Promise<void> {
  if (nativeLoaded === pkg) return;
  if (nativeLoaded) throw new Error(`skipped: ${nativeLoaded} provides the native backend`);
  try {
    await import(/* @vite-ignore */ pkg);
    nativeLoaded = pkg;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new Error(`not installed (optional; ${missing})`);
    throw new Error(`does not load: ${firstLine(e)}`);
  }
}

export const defaultLoaders: Record<BackendName, BackendLoader> = {
  // tfjs-node-gpu wants CUDA 11.2 and cuDNN 8.1, and may not load in Electron's Node.
  'tfjs-node-gpu': () => loadNative(NODE_GPU_PACKAGE, 'needs CUDA 11.2, cuDNN 8.1 and the native libtensorflow'),
  'tfjs-node': () => loadNative(NODE_PACKAGE, 'needs the native libtensorflow'),
  async wasm() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${wasmDir()}/`);
  },
  // @tensorflow/tfjs registers the plain-JS backend itself.
  async cpu() {},
  async webgpu() {
    throw new Error("trains only in the desktop app's GPU window, not in Node");
  },
};

/** Makes `name` the active backend; a string result says why it cannot be. */
export async function activate(name: BackendName, loaders: Partial<Record<BackendName, BackendLoader>> = {}): Promise<string | null> {
  const loader = loaders[name] ?? defaultLoaders[name];
  // Production mode skips TF.js's debug checks and its "install tfjs-node" banner: the choice is ours and reported.
  tf.env().set('PROD', true);
  try {
    await loader();
    const ok = await tf.setBackend(TF_NAME[name]);
    if (!ok) return 'failed to initialise';
    await tf.ready();
    return null;
  } catch (e) {
    return firstLine(e);
  }
}

export interface ChooseOptions {
  /** Use this one without trials. */
  pin?: BackendName | null;
  candidates?: readonly BackendName[];
  /** Measures samples/s on the active backend (a short training run on the model at hand). */
  trial: () => Promise<number>;
  loaders?: Partial<Record<BackendName, BackendLoader>>;
}

export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
  const candidates = options.pin ? [options.pin] : (options.candidates ?? BACKEND_CANDIDATES);
  const tried: BackendTrial[] = [];
  for (const name of candidates) {
    const error = await activate(name, options.loaders);
    if (error) { tried.push({ name, available: false, error }); continue; }
    if (options.pin) { tried.push({ name, available: true }); continue; }
    try {
      tried.push({ name, available: true, samplesPerS: await options.trial() });
    } catch (e) {
      tried.push({ name, available: false, error: `trial failed: ${firstLine(e)}` });
    }
  }
  const usable = tried.filter((t) => t.available);
  const best = usable.reduce<BackendTrial | null>((b, t) => (b === null || (t.samplesPerS ?? 0) > (b.samplesPerS ?? 0) ? t : b), null);
  if (!best) throw new Error(`no TF.js backend loads: ${describe(tried)}`);
  const again = await activate(best.name, options.loaders);
  if (again) throw new Error(`backend ${best.name} loaded for its trial but not again: ${again}`);
  const why = options.pin ? 'pinned by the user' : usable.length > 1 ? 'fastest measured' : 'the only one that loads';
  return { chosen: best.name, reason: `${best.name} (${why}); ${describe(tried)}`, tried };
}

export function describe(tried: readonly BackendTrial[]): string {
  return tried.map((t) => (t.available
    ? `${t.name}: ${t.samplesPerS === undefined ? 'loaded' : `${formatRate(t.samplesPerS)} samples/s`}`
    : `${t.name}: ${t.error ?? 'unavailable'}`)).join('; ');
}

export function formatRate(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(1)}M` : r >= 1e3 ? `${Math.round(r / 1e3)}k` : `${Math.round(r)}`;
}

/** The package's .wasm binaries; a bundle that ships them beside itself (packaged app) uses those. */
function wasmDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  if (existsSync(join(here, 'tfjs-backend-wasm-simd.wasm'))) return here;
  return join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0] ?? 'unknown error';
}
