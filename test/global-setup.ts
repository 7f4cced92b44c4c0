import { execFileSync } from 'node:child_process';

/** End-to-end tests drive the built bundles, so build once before any test runs. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
}
