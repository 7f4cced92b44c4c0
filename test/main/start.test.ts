import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function electronBinaryPresent(): boolean {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p);
  } catch {
    return false;
  }
}

describe('npm start without the Electron binary', () => {
  it.skipIf(electronBinaryPresent())('says so in one line and names npm run console', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron/);
    expect(lines[0]).toContain('npm run console');
  });
});
