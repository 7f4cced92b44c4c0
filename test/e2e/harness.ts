import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

export interface ConsoleProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `intervene console` as a user would, on a free port, with a throwaway data folder. */
export async function startConsole(extra: string[] = []): Promise<ConsoleProcess> {
  const data = mkdtempSync(join(tmpdir(), 'intervene-e2e-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'intervene.js'), 'console', '--port', '0', '--no-hid', '--data', data, ...extra], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start:\n${out}`)), 20_000);
    const look = () => {
      const m = /Intervene console: (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', look);
    child.on('exit', (code) => reject(new Error(`console exited with ${code}:\n${out}`)));
  });
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** E, pick the episode's row, P: as a user opens a replay; waits for the replay banner naming it. */
export async function openReplayOf(page: Page, id: string): Promise<void> {
  await page.keyboard.press('e');
  const row = page.locator(`[data-testid="episode-row"][data-id="${id}"]`);
  await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
  await row.click();
  await page.keyboard.press('p');
  await expect.poll(() => page.getByTestId('replay-banner').isVisible(), { timeout: 5000 }).toBe(true);
  expect(await page.getByTestId('replay-banner').textContent()).toContain(id);
}

/** Reads a HUD element's data-value attribute. */
export async function hudValue(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute('data-value');
}

export async function readPose(page: Page): Promise<{ x: number; y: number }> {
  const x = Number(await page.getByTestId('pose-x').getAttribute('data-value'));
  const y = Number(await page.getByTestId('pose-y').getAttribute('data-value'));
  return { x, y };
}

export interface UiSession {
  app: ConsoleProcess;
  browser: Browser;
  page: Page;
}

/** A console on a throwaway data folder, with a browser page open on it. */
export async function openUi(extra: string[] = [], viewport = { width: 1400, height: 900 }): Promise<UiSession> {
  const app = await startConsole(extra);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  await page.goto(app.url);
  return { app, browser, page };
}

export async function closeUi(ui: UiSession | undefined): Promise<void> {
  await ui?.browser.close();
  await ui?.app.stop();
}

/** Where e2e tests leave their screenshots. */
export const SHOTS = join(root, 'test-results');

/**
 * For the describe block it is called in: a console recording into `dataset` and a page
 * on it, opened before the first test and closed (the dataset removed) after the last.
 */
export function useUi(dataset: string): { readonly page: Page } {
  let ui: UiSession | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ui = await openUi(['--dataset', dataset]);
  });
  afterAll(async () => {
    await closeUi(ui);
    rmSync(dataset, { recursive: true, force: true });
  });
  return {
    get page(): Page {
      if (!ui) throw new Error('useUi: the console is not open yet (read page inside a test or hook)');
      return ui.page;
    },
  };
}
