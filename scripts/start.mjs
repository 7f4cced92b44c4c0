// `npm start`: launches the Electron app, or says in one line why it cannot and what to use instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary;
try {
  electronBinary = require('electron');
} catch {
  electronBinary = null;
}
if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) {
  console.error('Intervene: the Electron binary is not installed on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD?); run `npm run console` to use the same app in a browser.');
  process.exit(1);
}
if (!existsSync('dist/main/electron.js')) {
  await import('./build.mjs');
}
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
