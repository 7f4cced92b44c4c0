import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { hudValue, openReplayOf, SHOTS, useUi } from './harness.ts';

const dataset = mkdtempSync(join(tmpdir(), 'intervene-e2e-replay-'));
const episodes = () => (JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as { episodes: Array<{ id: string }> }).episodes;
const num = async (page: Page, testId: string) => Number(await hudValue(page, testId));

describe('replaying and relabelling a recorded episode in the real UI', () => {
  let page: Page;

  const ui = useUi(dataset);
  beforeAll(() => {
    page = ui.page;
  });

  it('records a drive, opens it in the replay, plays at 0.1x, seeks and steps', { timeout: 60_000 }, async () => {
    await expect.poll(() => hudValue(page, 'hud-link'), { timeout: 15_000 }).toBe('connected');
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await page.waitForTimeout(3000);
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');
    await page.keyboard.press('n');
    await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(1);
    const id = episodes()[0]!.id;

    await openReplayOf(page, id);
    await expect.poll(() => hudValue(page, 'btn-replay'), { timeout: 3000 }).toBe('open');
    await expect.poll(() => page.getByTestId('episodes-panel').isVisible(), { timeout: 3000 }).toBe(false);

    await page.getByTestId('replay-speed').selectOption('0.1');
    await expect.poll(() => hudValue(page, 'replay-speed')).toBe('0.1');
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await expect.poll(() => hudValue(page, 'btn-replay-play')).toBe('playing');
    const p0 = await num(page, 'replay-position');
    const w0 = Date.now();
    await page.waitForTimeout(2000);
    const advanced = (await num(page, 'replay-position')) - p0;
    const wall = (Date.now() - w0) / 1000;
    expect(advanced).toBeGreaterThan(0.1 * wall * 0.6);
    expect(advanced).toBeLessThan(0.1 * wall * 1.5);
    // The recorded robot is shown, and the badge says it is history.
    expect(await page.getByTestId('hud-driver').getAttribute('data-recorded')).toBe('true');
    await page.keyboard.press('Space');
    await expect.poll(() => hudValue(page, 'btn-replay-play')).toBe('paused');

    await page.keyboard.press('Home');
    await expect.poll(() => num(page, 'replay-position')).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => num(page, 'replay-position')).toBeCloseTo(1, 1);
    const f0 = await num(page, 'replay-frame');
    await page.keyboard.press('.');
    await expect.poll(() => num(page, 'replay-frame')).toBe(f0 + 1);
    await page.keyboard.press('Shift+ArrowLeft');
    await expect.poll(() => num(page, 'replay-frame')).toBe(f0);
    await page.screenshot({ path: join(SHOTS, 'replay.png') });
  });

  it('relabels a range while Shift+W is held, keeps the pass and accepts it', { timeout: 60_000 }, async () => {
    const box = (await page.getByTestId('replay-timeline').boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    expect(await page.getByTestId('relabel-range').textContent()).toMatch(/range/);
    await page.getByTestId('relabel-speed').selectOption('0.5');
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('replay-banner').textContent(), { timeout: 5000 }).toMatch(/RELABEL PASS/);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await expect.poll(() => page.getByTestId('relabel-live').textContent(), { timeout: 3000 }).toMatch(/LABELLING/);
    await page.waitForTimeout(700);
    await page.screenshot({ path: join(SHOTS, 'relabel.png') });
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');
    await page.keyboard.press('Enter');
    const pass = page.getByTestId('pass-row');
    await expect.poll(() => pass.count(), { timeout: 5000 }).toBe(1);
    expect(await pass.getAttribute('data-status')).toBe('pending');
    await page.keyboard.press('a');
    await expect.poll(() => pass.getAttribute('data-status'), { timeout: 5000 }).toBe('accepted');
  });

  it('measures reaction time in its dialog, and Esc goes back to live driving', { timeout: 30_000 }, async () => {
    await page.keyboard.press('j');
    const dialog = page.getByTestId('reaction-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('operator-name').fill('ada');
    await page.getByTestId('btn-reaction-start').click();
    await expect.poll(() => hudValue(page, 'reaction-stimulus'), { timeout: 8000 }).toBe('on');
    await page.screenshot({ path: join(SHOTS, 'reaction.png') });
    await page.getByTestId('btn-reaction-cancel').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('replay-banner').isVisible(), { timeout: 5000 }).toBe(false);
    expect(await hudValue(page, 'btn-replay')).toBe('closed');
    expect(await page.getByTestId('hud-driver').getAttribute('data-recorded')).toBe('false');
  });
});
