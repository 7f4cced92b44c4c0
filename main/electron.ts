// Electron host: a thin shell over the app core. Security follows REFERENCE.md's checklist:
// sandboxed, isolated renderer; deny-by-default permissions, navigation and new windows;
// the UI loads from a custom protocol; every IPC message's sender is checked.
import { app, BrowserWindow, ipcMain, protocol, session, type WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiSession, type ApiSession } from '../src/app/api-session.ts';
import { readStatic } from './static-files.ts';
import { gpuWindowHost } from './gpu-window.ts';
import { createNodeApp } from './node-app.ts';

const here = dirname(fileURLToPath(import.meta.url));
const rendererRoot = join(here, '..', 'renderer');
const ORIGIN = 'app://intervene';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
// Chromium still ships WebGPU behind a flag on Linux; the GPU window trains with it.
if (process.platform === 'linux') app.commandLine.appendSwitch('enable-unsafe-webgpu');

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  // The UI opens no windows and no external links: a robot console has no need to.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'intervene' ? await readStatic(rendererRoot, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), { headers: { 'content-type': file.type, 'content-security-policy': CSP } });
  });

  const gpu = gpuWindowHost({ preload: join(here, 'gpu-preload.cjs'), url: `${ORIGIN}/gpu-trainer.html` });
  const core = await createNodeApp({ host: 'electron', dataDir: app.getPath('userData'), simWorker: join(here, '..', 'sim-worker.js'), gpu, log: (l) => console.log(l) });
  const sessions = new Map<number, ApiSession>();

  ipcMain.on('api', (event, raw: unknown) => {
    if (!isOurs(event.senderFrame?.url)) return;
    sessionFor(event.sender).receive(raw);
  });

  function sessionFor(wc: WebContents): ApiSession {
    let s = sessions.get(wc.id);
    if (!s) {
      s = openApiSession(core, (msg) => !wc.isDestroyed() && wc.send('api', msg));
      sessions.set(wc.id, s);
      const id = wc.id;
      wc.once('destroyed', () => {
        sessions.get(id)?.dispose();
        sessions.delete(id);
      });
    }
    return s;
  }

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Intervene',
    backgroundColor: '#11151c',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      // Middle-click would otherwise open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  await win.loadURL(`${ORIGIN}/index.html`);
  // The hidden GPU window counts as a window: closing the UI must still quit (and stop the robot).
  win.on('closed', () => app.quit());

  // Every way out (last window closed, Cmd+Q, app.quit) disposes the core first, so the
  // robot gets its final zero and the simulator thread stops cleanly.
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    e.preventDefault();
    quitting = true;
    void core.dispose().finally(() => {
      gpu.dispose();
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());
});

function isOurs(url: string | undefined): boolean {
  return typeof url === 'string' && url.startsWith(`${ORIGIN}/`);
}
