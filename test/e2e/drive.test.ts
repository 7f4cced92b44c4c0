import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hudValue, launchBrowser, readPose, startConsole, type ConsoleProcess } from './harness.ts';

const shots = join(import.meta.dirname, '..', '..', 'test-results');

describe('driving the rover in the real UI (console host + Chromium)', () => {
  let app: ConsoleProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    app = await startConsole();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
  });

  it('opens connected to the simulator with the rover posed', async () => {
    await expect.poll(() => hudValue(page, 'hud-link'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(async () => Number.isFinite((await readPose(page)).x), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(shots, 'connected.png') });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('drives forward while Shift+W is held, shows who drives, and stops on release', async () => {
    const before = await readPose(page);
    expect(await hudValue(page, 'hud-driver')).toBe('none');

    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000 }).toBe('operator');
    expect(await hudValue(page, 'hud-enable')).toBe('true');
    await page.waitForTimeout(1500);
    // Held keys keep the input fresh: the operator is still driving, no stale-input stop.
    expect(await hudValue(page, 'hud-driver')).toBe('operator');
    expect(await page.getByTestId('hud-problems').locator('[data-key="control.input-stale"]').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'drive-forward.png') });
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');

    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000 }).toBe('none');
    const after = await readPose(page);
    const moved = Math.hypot(after.x - before.x, after.y - before.y);
    expect(moved).toBeGreaterThan(0.5);

    // Released: the rover comes to rest and stays there.
    await page.waitForTimeout(700);
    const rest1 = await readPose(page);
    await page.waitForTimeout(500);
    const rest2 = await readPose(page);
    expect(Math.hypot(rest2.x - rest1.x, rest2.y - rest1.y)).toBeLessThan(0.02);
  });

  it('latches the e-stop from the keyboard: nothing moves until it is reset', async () => {
    await page.keyboard.press('Space');
    await expect.poll(() => hudValue(page, 'hud-estop'), { timeout: 3000 }).toBe('true');
    const before = await readPose(page);
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await page.waitForTimeout(800);
    expect(await hudValue(page, 'hud-driver')).toBe('none');
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');
    const after = await readPose(page);
    expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeLessThan(0.02);

    await page.getByTestId('btn-reset-estop').click();
    await expect.poll(() => hudValue(page, 'hud-estop'), { timeout: 3000 }).toBe('false');
  });
});
