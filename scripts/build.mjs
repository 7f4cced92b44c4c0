// Bundles the hosts and the renderer with esbuild. Fast enough to run before every test run.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

const quiet = process.argv.includes('--quiet');
const native = ['electron', 'node-hid', 'bufferutil', 'utf-8-validate'];
const started = performance.now();

const targets = [
  // Electron main is ESM (supported since Electron 28); native modules stay outside the bundle.
  { entryPoints: ['main/electron.ts'], outfile: 'dist/main/electron.js', platform: 'node', format: 'esm', external: native },
  // A sandboxed preload must be CommonJS and may only require 'electron'.
  { entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', platform: 'node', format: 'cjs', external: ['electron'] },
  { entryPoints: ['main/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'esm', external: native, banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } },
  { entryPoints: ['renderer/index.ts'], outfile: 'dist/renderer/app.js', platform: 'browser', format: 'esm' },
];

mkdirSync('dist/renderer', { recursive: true });
for (const t of targets) {
  if (!existsSync(t.entryPoints[0])) continue;
  await build({ bundle: true, target: 'es2022', sourcemap: true, logLevel: 'warning', ...t });
}
for (const file of ['index.html', 'style.css']) {
  if (existsSync(`renderer/${file}`)) cpSync(`renderer/${file}`, `dist/renderer/${file}`);
}
if (existsSync('dist/renderer/app.js.map.tmp')) rmSync('dist/renderer/app.js.map.tmp');
if (!quiet) console.log(`built dist/ in ${Math.round(performance.now() - started)} ms`);
