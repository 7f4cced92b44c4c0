/**
 * A TrainerChannel to the GPU trainer page in a real Chromium, for tests: the page gets a
 * MessagePort exactly as the desktop app hands it one (window message), and this side
 * reaches the port's other end through playwright. Typed arrays do not cross
 * page.evaluate, so they travel tagged and are rebuilt on each side.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_ARGS } from './harness.ts';
import type { TrainerChannel } from '../../src/learn/trainer.ts';
import type { HostMessage, WorkerMessage } from '../../src/learn/train-protocol.ts';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

/** Serves the built page on 127.0.0.1 (WebGPU needs a secure context; localhost is one). */
export async function serveTrainerPage(): Promise<{ url: string; close(): Promise<void> }> {
  const files: Record<string, [string, string]> = {
    '/gpu-trainer.html': ['text/html', 'gpu-trainer.html'], '/gpu-trainer.js': ['text/javascript', 'gpu-trainer.js'],
  };
  const server: Server = createServer((req, res) => {
    const f = files[req.url ?? ''];
    // The browser asks for a favicon; a 404 would read as an error on the page's console.
    if (!f) { res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end(); return; }
    res.writeHead(200, { 'content-type': f[0] }).end(readFileSync(join(dist, f[1])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/gpu-trainer.html`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const TAG = '__typed';
type Tagged = { [TAG]: string; values: number[] };

function pack(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { [TAG]: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) };
  if (Array.isArray(v)) return v.map(pack);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]));
  return v;
}

function unpack(v: unknown): unknown {
  if (v && typeof v === 'object' && TAG in v) {
    const t = v as Tagged;
    const Ctor = { Float32Array, Float64Array, Int32Array, Uint32Array, Uint8Array }[t[TAG]] ?? Float64Array;
    return Ctor.from(t.values);
  }
  if (Array.isArray(v)) return v.map(unpack);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unpack(x)]));
  return v;
}

let nextId = 0;

/** Opens a port to the trainer page in `page` (already loaded) and wraps it as a channel. */
export async function pageChannel(page: Page): Promise<TrainerChannel> {
  const id = `ch${nextId++}`;
  let listener: ((m: WorkerMessage) => void) | null = null;
  await page.exposeFunction(`__toHost_${id}`, (m: unknown) => listener?.(unpack(m) as WorkerMessage));
  await page.evaluate(([id, tag]) => {
    const rebuild = (v: unknown): unknown => {
      if (v && typeof v === 'object' && tag in v) {
        const t = v as unknown as { values: number[] } & Record<string, string>;
        const C = ({ Float32Array, Float64Array, Int32Array, Uint32Array, Uint8Array } as Record<string, { from(a: number[]): unknown }>)[t[tag] as string] ?? Float64Array;
        return C.from(t.values);
      }
      if (Array.isArray(v)) return v.map(rebuild);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
      return v;
    };
    const flat = (v: unknown): unknown => {
      if (ArrayBuffer.isView(v)) return { [tag]: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) };
      if (Array.isArray(v)) return v.map(flat);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flat(x)]));
      return v;
    };
    const ch = new MessageChannel();
    const w = window as unknown as Record<string, unknown>;
    ch.port2.onmessage = (e) => (w[`__toHost_${id}`] as (m: unknown) => void)(flat(e.data));
    w[`__toPage_${id}`] = (m: unknown) => ch.port2.postMessage(rebuild(m));
    w[`__close_${id}`] = () => ch.port2.close();
    window.postMessage('intervene-trainer-port', '*', [ch.port1]);
  }, [id, TAG] as const);
  return {
    name: 'GPU trainer',
    post: (m: HostMessage) => { void page.evaluate(([id, m]) => (window as unknown as Record<string, (m: unknown) => void>)[`__toPage_${id}`]?.(m), [id, pack(m)] as const); },
    onMessage: (fn) => { listener = fn; },
    onFailure: (fn) => { page.on('crash', () => fn('the GPU trainer page crashed')); page.on('close', () => fn('the GPU trainer page closed')); },
    close: () => {
      void page.evaluate(([id, m]) => (window as unknown as Record<string, (m: unknown) => void>)[`__toPage_${id}`]?.(m), [id, { type: 'cancel' }] as const).catch(() => undefined);
      void page.evaluate((id) => (window as unknown as Record<string, () => void>)[`__close_${id}`]?.(), id).catch(() => undefined);
    },
  };
}

/** Chromium as the e2e tests run it; with `webgpu`, its WebGPU is on (SwiftShader here). */
export function launchChromium(webgpu: boolean): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])] });
}

export interface TrainerPage {
  page: Page;
  channel: TrainerChannel;
  /** Errors and warnings on the page's console. */
  consoleErrors: string[];
}

/** For a describe block: the built page served, a WebGPU Chromium, and a way to open pages. */
export function useTrainerPages(): { readonly browser: Browser; open(browser?: Browser): Promise<TrainerPage> } {
  let server: Awaited<ReturnType<typeof serveTrainerPage>> | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveTrainerPage();
    browser = await launchChromium(true);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useTrainerPages: the browser starts in beforeAll');
      return browser;
    },
    async open(b?: Browser) {
      if (!server || !browser) throw new Error('useTrainerPages: open() before beforeAll ran');
      const page = await (b ?? browser).newPage();
      const consoleErrors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
      await page.goto(server.url);
      await page.getByText('ready').waitFor();
      return { page, channel: await pageChannel(page), consoleErrors };
    },
  };
}
