import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REACTION_TRIALS } from '../../renderer/replay/reaction-dialog.ts';
import { hudValue, openReplayOf, readPose, SHOTS, useUi } from './harness.ts';

/**
 * One whole HG-DAgger session in the real UI, as a first-time user would go through it:
 * demonstrate, train, let the policy drive, take over, retrain, relabel the seconds
 * before the takeover in the replay, and train on the relabels. Each step leans on the
 * one before, so the steps share one console, one page and one dataset.
 */

const dataset = mkdtempSync(join(tmpdir(), 'intervene-e2e-hgd-'));
interface Entry { id: string; operator_frames: number; policy_frames: number; interventions: number }
const episodes = (): Entry[] => {
  try {
    return (JSON.parse(readFileSync(join(dataset, 'manifest.json'), 'utf8')) as { episodes: Entry[] }).episodes;
  } catch {
    return [];
  }
};
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, name) });
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
const log = (line: string) => console.log(`[hgdagger] ${line}`);

const modelRow = (page: Page, version: string) => page.locator(`[data-testid="model-row"][data-version="${version}"]`);

async function focusScene(page: Page): Promise<void> {
  await page.locator('body').click({ position: { x: 5, y: 400 } });
}

async function drive(page: Page, ms: number): Promise<void> {
  await focusScene(page);
  await page.keyboard.down('Shift');
  await page.keyboard.down('KeyW');
  await page.waitForTimeout(ms);
  await page.keyboard.up('KeyW');
  await page.keyboard.up('Shift');
}

async function openTraining(page: Page): Promise<void> {
  if (!(await page.getByTestId('training-panel').isVisible())) await page.keyboard.press('t');
  await expect.poll(() => page.getByTestId('training-panel').isVisible(), { timeout: 3000 }).toBe(true);
  await page.getByTestId('tab-training').click();
}

async function closeTop(page: Page, testId: string): Promise<void> {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId(testId).isVisible(), { timeout: 3000 }).toBe(false);
}

/** T → Train now → done; returns the model rows shown in the Models tab afterwards. */
async function train(page: Page, version: string): Promise<void> {
  await openTraining(page);
  await page.getByTestId('btn-train').click();
  const t0 = Date.now();
  // The state still says 'done' from the run before: wait for this run's checkpoint instead.
  await expect.poll(() => page.getByTestId('training-state').textContent(), { timeout: 5000, interval: 50 }).not.toBe('Done');
  await page.getByTestId('tab-models').click();
  await expect.poll(() => modelRow(page, version).count(), { timeout: 60_000, interval: 200 }).toBe(1);
  log(`training ${version}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await page.getByTestId('tab-training').click();
  expect(await hudValue(page, 'training-state')).toBe('done');
  await page.getByTestId('tab-models').click();
}

const datasetCell = async (page: Page, version: string) => (await modelRow(page, version).locator('td').nth(8).textContent()) ?? '';

/** The policy has the robot: badge POLICY, and the pose moves by more than `metres` within `ms`. */
async function expectPolicyDrives(page: Page, metres: number, ms: number): Promise<number> {
  await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 5000 }).toBe('policy');
  const p0 = await readPose(page);
  await page.waitForTimeout(ms);
  expect(await hudValue(page, 'hud-driver')).toBe('policy');
  const moved = dist(await readPose(page), p0);
  expect(moved).toBeGreaterThan(metres);
  return moved;
}

describe('an HG-DAgger session in the real UI: demonstrate, train, gate, take over, relabel, retrain', () => {
  let page: Page;
  let gatedEpisode = '';

  const ui = useUi(dataset);
  beforeAll(() => {
    page = ui.page;
  });

  it('1. teleop: a demonstration drive is recorded as an episode with operator frames', { timeout: 60_000 }, async () => {
    await expect.poll(() => hudValue(page, 'hud-link'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(async () => Number.isFinite((await readPose(page)).x), { timeout: 10_000 }).toBe(true);
    expect(await hudValue(page, 'btn-mode')).toBe('teleop');
    const p0 = await readPose(page);
    await focusScene(page);
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000 }).toBe('operator');
    await page.waitForTimeout(9000);
    await shot(page, 'session-1-teleop.png');
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000 }).toBe('none');
    log(`teleop drove ${dist(await readPose(page), p0).toFixed(2)} m`);
    await page.keyboard.press('n');
    await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(1);
    let frames = episodes()[0]!.operator_frames;
    if (frames < 250) {
      await drive(page, 5000);
      await page.keyboard.press('n');
      await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(2);
      frames = episodes().reduce((n, e) => n + e.operator_frames, 0);
    }
    log(`demonstration: ${episodes().length} episode(s), ${frames} operator frames`);
    expect(frames).toBeGreaterThanOrEqual(200);
  });

  it('2. training on the demonstrations gives model v1, active', { timeout: 70_000 }, async () => {
    // The operator pins the backend the trial would pick here anyway: no trial, and the panel says so.
    await openTraining(page);
    const pin = page.getByTestId('training-backend-pin');
    expect(await pin.inputValue()).toBe('');
    expect(await pin.locator('option').allTextContents()).toEqual(['Automatic (measured)', 'tfjs-node-gpu (pinned)', 'tfjs-node (pinned)', 'wasm (pinned)', 'cpu (pinned)']);
    await pin.selectOption('wasm');
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 3000 }).toBe('Training will use wasm, without a trial.');
    await train(page, 'v1');
    await page.getByTestId('tab-training').click();
    expect(await page.getByTestId('training-backend-reason').textContent()).toMatch(/^wasm \(pinned by the user\)/);
    expect(await pin.inputValue()).toBe('wasm');
    await shot(page, 'session-2a-backend.png');
    await pin.selectOption('');
    await page.getByTestId('tab-models').click();
    expect(await modelRow(page, 'v1').getAttribute('data-active')).toBe('true');
    expect(await datasetCell(page, 'v1')).toMatch(/^hgdagger ·/);
    await shot(page, 'session-2-trained.png');
    await closeTop(page, 'training-panel');
    await expect.poll(() => page.getByTestId('hud-model-version').textContent(), { timeout: 5000 }).toBe('model v1');
  });

  it('3. gated: with no key held the policy drives and the rover moves', { timeout: 30_000 }, async () => {
    await focusScene(page);
    await page.keyboard.press('m');
    await expect.poll(() => hudValue(page, 'btn-mode'), { timeout: 3000 }).toBe('gated');
    await expect.poll(() => hudValue(page, 'hud-phase'), { timeout: 5000 }).toBe('autonomous');
    const moved = await expectPolicyDrives(page, 0.5, 2500);
    log(`policy v1 drove ${moved.toFixed(2)} m in 2.5 s`);
    await shot(page, 'session-3-gated.png');
  });

  it('4. holding Shift takes over; releasing hands back to the policy after the settle time', { timeout: 30_000 }, async () => {
    await focusScene(page);
    const t0 = Date.now();
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 2000, interval: 20 }).toBe('operator');
    log(`takeover seen on the badge after ${Date.now() - t0} ms`);
    expect(await hudValue(page, 'hud-phase')).toBe('takeover');
    await page.waitForTimeout(1500);
    expect(await hudValue(page, 'hud-driver')).toBe('operator');
    await shot(page, 'session-4-takeover.png');
    await page.keyboard.up('KeyW');
    const t1 = Date.now();
    await page.keyboard.up('Shift');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000, interval: 20 }).toBe('policy');
    log(`handback seen on the badge ${Date.now() - t1} ms after release`);
    expect(await hudValue(page, 'hud-phase')).toBe('autonomous');

    const before = episodes().length;
    await page.keyboard.press('n');
    await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(before + 1);
    const gated = episodes().at(-1)!;
    log(`gated episode ${gated.id}: ${gated.policy_frames} policy frames, ${gated.operator_frames} operator frames, ${gated.interventions} intervention(s)`);
    expect(gated.interventions).toBeGreaterThanOrEqual(1);
    expect(gated.policy_frames).toBeGreaterThan(20);
    gatedEpisode = gated.id;
  });

  it('5. retraining gives v2, which waits while a takeover is held and drives from the handback', { timeout: 70_000 }, async () => {
    // Back to the start line (Connection → Back to the start), for room to drive v2 later.
    await page.getByTestId('btn-connect-dialog').click();
    await expect.poll(() => page.getByTestId('btn-sim-reset').isVisible(), { timeout: 3000 }).toBe(true);
    await shot(page, 'session-5b-connection.png');
    await page.getByTestId('btn-sim-reset').click();
    await expect.poll(() => page.getByTestId('dialog-connect').isVisible(), { timeout: 5000 }).toBe(false);
    await expect.poll(async () => dist(await readPose(page), { x: 0, y: 0 }), { timeout: 5000 }).toBeLessThan(1.5);
    expect(await hudValue(page, 'btn-mode')).toBe('gated');

    // The operator holds a takeover (Shift, no stick: the rover stands) while v2 trains:
    // swapping models under a takeover could surprise, so v2 must wait, and the UI says so.
    await openTraining(page);
    await page.keyboard.down('Shift');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 2000, interval: 20 }).toBe('operator');
    await train(page, 'v2');
    expect(await hudValue(page, 'hud-phase')).toBe('takeover');
    // Active is the model that drives: v1, until the handback.
    await expect.poll(() => modelRow(page, 'v1').getAttribute('data-active'), { timeout: 3000 }).toBe('true');
    expect(await modelRow(page, 'v2').getAttribute('data-active')).toBe('false');
    expect(await datasetCell(page, 'v2')).toMatch(/^hgdagger ·/);
    await expect.poll(() => modelRow(page, 'v2').getAttribute('data-pending'), { timeout: 3000 }).toBe('true');
    expect(await modelRow(page, 'v2').getByTestId('btn-activate-model').textContent()).toBe('Next');
    expect(await modelRow(page, 'v1').locator('td').first().textContent()).toMatch(/driving/);
    await shot(page, 'session-5a-v2-pending.png');
    await closeTop(page, 'training-panel');
    expect(await page.getByTestId('hud-model-version').textContent()).toBe('model v1');
    expect(await page.getByTestId('hud-pending-version').textContent()).toMatch(/v2 ready/);

    const t1 = Date.now();
    await page.keyboard.up('Shift');
    await expect.poll(() => hudValue(page, 'hud-driver'), { timeout: 3000, interval: 20 }).toBe('policy');
    await expect.poll(() => page.getByTestId('hud-model-version').textContent(), { timeout: 3000 }).toBe('model v2');
    log(`v2 swapped in at the handback, ${Date.now() - t1} ms after release`);
    expect(await page.getByTestId('hud-pending-version').isVisible()).toBe(false);
    const moved = await expectPolicyDrives(page, 0.5, 2500);
    log(`policy v2 drove ${moved.toFixed(2)} m in 2.5 s`);
    await shot(page, 'session-5-v2.png');
    // Back to teleop for the replay: the live robot stops.
    await page.keyboard.press('m');
    await expect.poll(() => hudValue(page, 'btn-mode'), { timeout: 3000 }).toBe('teleop');
  });

  it('6. replays the gated episode at 0.1x, measures the reaction time, relabels the seconds before the takeover and accepts the pass', { timeout: 120_000 }, async () => {
    // Close the live episode first, to see below what the live recorder kept during the replay.
    if ((await hudValue(page, 'hud-rec')) === 'recording') {
      const n = episodes().length;
      await page.keyboard.press('n');
      await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(n + 1);
    }
    const known = new Set(episodes().map((e) => e.id));
    await openReplayOf(page, gatedEpisode);
    // The live gate's badge (phase, live model) is not shown beside the recorded driver.
    await expect.poll(() => page.getByTestId('hud-driver').getAttribute('data-recorded'), { timeout: 3000 }).toBe('true');
    expect(await page.getByTestId('hud-gate').isVisible()).toBe(false);
    expect(await page.getByTestId('hud-enable').textContent()).toMatch(/robot is held/);
    // The live episode was closed above: no "recording starts when you drive" while the robot is held.
    expect(await page.getByTestId('hud-rec').isVisible()).toBe(false);

    await page.getByTestId('replay-speed').selectOption('0.1');
    await expect.poll(() => hudValue(page, 'replay-speed')).toBe('0.1');
    await page.keyboard.press('Home');
    await page.keyboard.press('Space');
    await expect.poll(() => hudValue(page, 'btn-replay-play')).toBe('playing');
    const pos0 = Number(await hudValue(page, 'replay-position'));
    const w0 = Date.now();
    await page.waitForTimeout(2000);
    const advanced = Number(await hudValue(page, 'replay-position')) - pos0;
    const wall = (Date.now() - w0) / 1000;
    log(`replay at 0.1x: ${advanced.toFixed(3)} s of episode in ${wall.toFixed(2)} s wall (${(advanced / wall).toFixed(3)}x)`);
    expect(advanced).toBeGreaterThan(0.1 * wall * 0.6);
    expect(advanced).toBeLessThan(0.1 * wall * 1.5);
    await page.keyboard.press('Space');
    await expect.poll(() => hudValue(page, 'btn-replay-play')).toBe('paused');
    await shot(page, 'session-6-replay.png');

    // J: the reaction time, which the relabel pass and every later training line labels up by.
    await page.keyboard.press('j');
    const dialog = page.getByTestId('reaction-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.getByTestId('btn-reaction-start').click();
    for (let i = 0; i < REACTION_TRIALS; i++) {
      await expect.poll(() => hudValue(page, 'reaction-stimulus'), { timeout: 10_000, interval: 10 }).toBe('on');
      // A person's pace: an answer within 100 ms of the stimulus is a guess, and the trial is repeated.
      await page.waitForTimeout(200);
      await page.keyboard.down('KeyW');
      await page.waitForTimeout(60);
      await page.keyboard.up('KeyW');
      await expect.poll(() => hudValue(page, 'reaction-stimulus'), { timeout: 5000, interval: 10 }).toBe('off');
    }
    await expect.poll(() => page.getByTestId('reaction-summary').textContent(), { timeout: 5000 }).toMatch(/^mean \d+ ms .*over 12 trials \(saved for /);
    log(`reaction time: ${await page.getByTestId('reaction-summary').textContent()}`);
    await shot(page, 'session-6b-reaction.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.keyboard.press('i');
    await expect.poll(() => page.getByTestId('relabel-range').textContent(), { timeout: 3000 }).toMatch(/^range /);
    log(`relabel ${await page.getByTestId('relabel-range').textContent()}`);
    await page.getByTestId('relabel-speed').selectOption('0.5');
    await focusScene(page);
    await page.keyboard.press('r');
    await expect.poll(() => page.getByTestId('replay-banner').textContent(), { timeout: 5000 }).toMatch(/RELABEL PASS/);
    await page.keyboard.down('Shift');
    await page.keyboard.down('KeyW');
    await expect.poll(() => page.getByTestId('relabel-live').textContent(), { timeout: 3000 }).toMatch(/LABELLING/);
    await page.waitForTimeout(1500);
    await shot(page, 'session-7-relabel.png');
    await page.keyboard.up('KeyW');
    await page.keyboard.up('Shift');
    await page.keyboard.press('Enter');
    const pass = page.getByTestId('pass-row');
    await expect.poll(() => pass.count(), { timeout: 5000 }).toBe(1);
    expect(await pass.getAttribute('data-status')).toBe('pending');
    expect(Number(await pass.locator('td').nth(4).textContent())).toBeGreaterThan(5);
    await page.keyboard.press('a');
    await expect.poll(() => pass.getAttribute('data-status'), { timeout: 5000 }).toBe('accepted');
    await page.waitForTimeout(300);
    await shot(page, 'session-7b-accepted.png');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('replay-banner').isVisible(), { timeout: 5000 }).toBe(false);
    await expect.poll(() => hudValue(page, 'btn-replay'), { timeout: 3000 }).toBe('closed');
    await expect.poll(() => page.getByTestId('hud-gate').isVisible(), { timeout: 3000 }).toBe(true);
    expect(await page.getByTestId('hud-rec').isVisible()).toBe(true);
    // Labelling in the replay (Shift+W held for 1.5 s) labels the recorded episode only: the
    // live recorder, if it kept anything meanwhile, kept no operator driving.
    if ((await hudValue(page, 'hud-rec')) === 'recording') {
      const n = episodes().length;
      await page.keyboard.press('n');
      await expect.poll(() => episodes().length, { timeout: 5000 }).toBe(n + 1);
    }
    const during = episodes().filter((e) => !known.has(e.id));
    log(`live episodes recorded during the replay: ${during.map((e) => `${e.id} (${e.operator_frames} operator, ${e.policy_frames} policy frames)`).join(', ') || 'none'}`);
    expect(during.reduce((n, e) => n + e.operator_frames, 0)).toBe(0);
  });

  it('7. training again gives v3, trained on the accepted relabels', { timeout: 70_000 }, async () => {
    await train(page, 'v3');
    expect(await modelRow(page, 'v3').getAttribute('data-active')).toBe('true');
    const cell = await datasetCell(page, 'v3');
    log(`v3 dataset cell: ${cell}`);
    expect(cell).toMatch(/^hgdagger\+relabel ·/);
    // The operator's live takeovers, lined up by the reaction time measured in step 6.
    expect(cell).toMatch(/ · shifted by reaction time: \S+ \d+ ms$/);
    await shot(page, 'session-8-v3.png');
  });
});
