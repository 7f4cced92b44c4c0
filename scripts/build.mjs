// Bundles the hosts and the renderer with esbuild. Fast enough to run before every test run.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p) => join(root, p);
const quiet = process.argv.includes('--quiet');
// Native addons and TF.js (its wasm backend finds its .wasm files beside its own modules).
const native = ['electron', 'node-hid', 'bufferutil', 'utf-8-validate', '@tensorflow/*'];
// Bundled ESM still meets CommonJS packages that call require(); give them one.
const requireShim = { js: "import { createRequire as __intervene_cr } from 'node:module'; const require = __intervene_cr(import.meta.url);" };
const started = performance.now();

const targets = [
  // Electron main is ESM (supported since Electron 28); native modules stay outside the bundle.
  { in: 'main/electron.ts', out: 'dist/main/electron.js', platform: 'node', format: 'esm', external: native, banner: requireShim },
  // A sandboxed preload must be CommonJS and may only require 'electron'.
  { in: 'main/preload.ts', out: 'dist/main/preload.cjs', platform: 'node', format: 'cjs', external: ['electron'] },
  { in: 'main/gpu-preload.ts', out: 'dist/main/gpu-preload.cjs', platform: 'node', format: 'cjs', external: ['electron'] },
  { in: 'main/cli.ts', out: 'dist/cli.js', platform: 'node', format: 'esm', external: native, banner: requireShim },
  { in: 'main/sim-worker.ts', out: 'dist/sim-worker.js', platform: 'node', format: 'esm', external: native, banner: requireShim },
  { in: 'src/learn/train-worker.ts', out: 'dist/train-worker.js', platform: 'node', format: 'esm', external: native, banner: requireShim },
  { in: 'renderer/index.ts', out: 'dist/renderer/app.js', platform: 'browser', format: 'esm' },
  // The hidden GPU window's page: TF.js with its WebGPU backend, trainings sent by the host.
  { in: 'renderer/gpu-trainer/index.ts', out: 'dist/renderer/gpu-trainer.js', platform: 'browser', format: 'esm' },
];

mkdirSync(at('dist/renderer'), { recursive: true });
await Promise.all(targets.filter((t) => existsSync(at(t.in))).map((t) => build({
  entryPoints: [at(t.in)], outfile: at(t.out), platform: t.platform, format: t.format,
  external: t.external, banner: t.banner, bundle: true, target: t.platform === 'node' ? 'node20' : 'es2022',
  sourcemap: true, logLevel: 'warning', absWorkingDir: root,
})));
for (const [from, to] of [['index.html', 'index.html'], ['style.css', 'style.css'], ['gpu-trainer/index.html', 'gpu-trainer.html']]) {
  if (existsSync(at(`renderer/${from}`))) cpSync(at(`renderer/${from}`), at(`dist/renderer/${to}`));
}
if (!quiet) console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
