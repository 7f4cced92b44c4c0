import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hudValue, launchBrowser, startConsole, type ConsoleProcess } from './harness.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');
const dataset = mkdtempSync(join(tmpdir(), 'intervene-e2e-ds-'));
const manifest = () => JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as { episodes: Array<{ id: string; outcome: string | null; quarantined: boolean; file: string; complete: boolean; operator_frames: number }> };

async function driveFor(page: Page, ms: number): Promise<void> {
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.down('Shift');
  await page.keyboard.down('KeyW');
  await page.waitForTimeout(ms);
  await page.keyboard.up('KeyW');
  await page.keyboard.up('Shift');
}

describe('recording in the real UI: every drive an episode, the browser, crash recovery', () => {
  let app: ConsoleProcess | null = null;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(dataset, { recursive: true, force: true });
  });

  it('records a drive, tags it in the browser, quarantines it without deleting it', { timeout: 90_000 }, async () => {
    app = await startConsole(['--dataset', dataset]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.url);
    await expect.poll(() => hudValue(page, 'hud-link'), { timeout: 15_000 }).toBe('connected');
    expect(await hudValue(page, 'hud-rec')).not.toBe('recording');
    await driveFor(page, 1200);
    expect(await hudValue(page, 'hud-rec')).toBe('recording');

    await page.keyboard.press('n');
    await expect.poll(() => manifest().episodes.length, { timeout: 5000 }).toBe(1);
    const id = manifest().episodes[0]!.id;
    expect(manifest().episodes[0]!.operator_frames).toBeGreaterThan(20);

    await page.keyboard.press('e');
    const row = page.locator(`[data-testid="episode-row"][data-id="${id}"]`);
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    await row.click();
    await page.getByTestId('btn-tag-success').click();
    await expect.poll(() => manifest().episodes[0]!.outcome, { timeout: 5000 }).toBe('success');
    await page.screenshot({ path: join(shots, 'episode-browser.png') });

    await page.getByTestId('btn-quarantine').click();
    await expect.poll(() => manifest().episodes[0]!.quarantined, { timeout: 5000 }).toBe(true);
    expect(manifest().episodes[0]!.file.startsWith('quarantine/')).toBe(true);
    expect(existsSync(join(dataset, manifest().episodes[0]!.file))).toBe(true);
    await page.close();
  });

  it('after a crash mid-drive, the next start recovers the episode and says so', { timeout: 90_000 }, async () => {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app!.url);
    await expect.poll(() => hudValue(page, 'hud-link'), { timeout: 15_000 }).toBe('connected');
    await driveFor(page, 2500);
    await page.waitForTimeout(1200);
    expect(readdirSync(join(dataset, 'episodes')).some((f) => f.endsWith('.partial'))).toBe(true);
    app!.child.kill('SIGKILL');
    await new Promise((r) => app!.child.once('exit', r));
    await page.close();

    app = await startConsole(['--dataset', dataset]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(app.url);
    const dialog = page.getByTestId('recovery-dialog');
    await expect.poll(() => dialog.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await dialog.textContent()) ?? '', { timeout: 10_000 }).toMatch(/recovered/i);
    await page.screenshot({ path: join(shots, 'recovery.png') });
    const recovered = manifest().episodes.find((e) => !e.quarantined);
    expect(recovered?.complete).toBe(false);
    expect(recovered?.operator_frames).toBeGreaterThan(30);
    expect(readdirSync(join(dataset, 'episodes')).some((f) => f.endsWith('.partial'))).toBe(false);
  });
});
