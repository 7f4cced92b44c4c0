import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/learn/backends.ts';

describe('backend selection', () => {
  it('measures what loads, picks the fastest and reports what does not load, with reasons', async () => {
    const rates: Record<string, number> = { wasm: 500, cpu: 100 };
    let active = '';
    const choice = await chooseBackend({
      candidates: ['tfjs-node', 'wasm', 'cpu'],
      trial: async () => rates[active] ?? 0,
      loaders: { wasm: async () => { active = 'wasm'; }, cpu: async () => { active = 'cpu'; } },
    });
    // wasm is loaded by a fake (it only marks itself active), but tf.setBackend('wasm') needs the
    // real registration: either it is real here, or it is reported unavailable with the reason.
    const tfjsNode = choice.tried.find((t) => t.name === 'tfjs-node');
    expect(tfjsNode).toMatchObject({ available: false });
    expect(tfjsNode?.error).toMatch(/not installed|does not load/);
    expect(choice.reason).toContain('tfjs-node: ');
    expect(choice.tried.map((t) => t.name)).toEqual(['tfjs-node', 'wasm', 'cpu']);
  });

  it('tries CUDA (tfjs-node-gpu) first and says what it needs when it is missing', async () => {
    const choice = await chooseBackend({ trial: async () => 1 });
    expect(choice.tried.map((t) => t.name)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    const gpu = choice.tried[0];
    // Not installed on this machine; where it is, it loads (and tfjs-node stands aside) or says why not.
    if (gpu?.available === false && /not installed/.test(gpu.error ?? '')) {
      expect(gpu.error).toBe('not installed (optional; needs CUDA 11.2, cuDNN 8.1 and the native libtensorflow)');
    }
    expect(choice.reason).toContain('tfjs-node-gpu: ');
  });

  it('picks the fastest of the real wasm and cpu backends', async () => {
    let calls = 0;
    const choice = await chooseBackend({ candidates: ['cpu', 'wasm'], trial: async () => (++calls === 1 ? 10 : 20) });
    expect(choice.tried).toEqual([{ name: 'cpu', available: true, samplesPerS: 10 }, { name: 'wasm', available: true, samplesPerS: 20 }]);
    expect(choice.chosen).toBe('wasm');
    expect(choice.reason).toMatch(/^wasm \(fastest measured\); cpu: 10 samples\/s; wasm: 20 samples\/s$/);
  });

  it('reports a loader that fails and skips trials when pinned', async () => {
    const failing = await chooseBackend({ candidates: ['wasm', 'cpu'], trial: async () => 1, loaders: { wasm: async () => { throw new Error('no wasm here\nstack'); } } });
    expect(failing.tried[0]).toEqual({ name: 'wasm', available: false, error: 'no wasm here' });
    expect(failing.chosen).toBe('cpu');
    expect(failing.reason).toContain('the only one that loads');

    let trials = 0;
    const pinned = await chooseBackend({ pin: 'cpu', trial: async () => ++trials });
    expect(pinned).toMatchObject({ chosen: 'cpu', tried: [{ name: 'cpu', available: true }] });
    expect(trials).toBe(0);
    await expect(chooseBackend({ candidates: ['tfjs-node'], trial: async () => 1 })).rejects.toThrow(/no TF.js backend loads: tfjs-node: not installed/);
  });
});
