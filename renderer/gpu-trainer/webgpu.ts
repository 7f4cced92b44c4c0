/**
 * Loads TF.js's WebGPU backend in this page and measures it. WebGPU reaches any vendor's
 * GPU through the browser (no CUDA install); where it is missing, or the adapter is a
 * software one, the reason says so, for the training panel.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendChoice } from '../../src/learn/backends.ts';

/** The little of the WebGPU API this needs (the DOM typings here do not carry it). */
interface GpuAdapter {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { vendor?: string; architecture?: string; description?: string };
}
interface Gpu { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapter | null> }

export interface Adapter {
  name: string;
  /** A CPU emulation (SwiftShader, llvmpipe): it works, but no faster than the CPU backends. */
  software: boolean;
}

/** The adapter WebGPU would use, or why there is none. */
export async function findAdapter(nav: { gpu?: Gpu } = navigator as unknown as { gpu?: Gpu }): Promise<Adapter> {
  if (!nav.gpu) throw new Error('this browser offers no WebGPU (navigator.gpu is missing: disabled, or an insecure origin)');
  const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no GPU adapter (no supported GPU, or its driver is blocklisted)');
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter((s) => s && s.length > 0).join(' ') || 'unnamed adapter';
  return { name, software: adapter.isFallbackAdapter === true || /swiftshader|llvmpipe|software|lavapipe/i.test(name) };
}

/** Activates webgpu and measures it with `trial` (null: pinned, no trial); throws with the reason it cannot train here. */
export async function chooseWebGpu(trial: (() => Promise<number>) | null, nav?: { gpu?: Gpu }): Promise<BackendChoice> {
  let adapter: Adapter;
  try {
    adapter = await findAdapter(nav);
  } catch (e) {
    throw new Error(`webgpu: ${e instanceof Error ? e.message : String(e)}`);
  }
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('webgpu'))) throw new Error(`webgpu: TF.js could not initialise it on ${adapter.name}`);
  await tf.ready();
  const note = adapter.software ? ', a software adapter: no GPU behind it' : '';
  if (!trial) return { chosen: 'webgpu', reason: `webgpu on ${adapter.name}${note}; pinned`, tried: [{ name: 'webgpu', available: true }] };
  const rate = await trial();
  return {
    chosen: 'webgpu',
    reason: `webgpu on ${adapter.name}${note}; ${Math.round(rate / 1000)}k samples/s`,
    tried: [{ name: 'webgpu', available: true, samplesPerS: rate }],
  };
}
