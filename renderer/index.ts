/**
 * The operator UI's composition root: one bridge to the app core, one model of what it
 * said, and the views, inputs and keys that hang off them.
 */
import { SafetyActions } from './actions.ts';
import { createBridge } from './bridge/create-bridge.ts';
import { WsBridge } from './bridge/ws-bridge.ts';
import { ConnectDialog } from './dialog/connect-dialog.ts';
import { createHelpOverlay } from './dialog/help-overlay.ts';
import { OverlayStack } from './dialog/overlay.ts';
import { el } from './dom.ts';
import { HostBanner } from './hud/host-banner.ts';
import { Hud } from './hud/hud.ts';
import { Toasts } from './hud/toasts.ts';
import { Toolbar } from './hud/toolbar.ts';
import { InputCapture, keyboardLayoutFor } from './input/input-capture.ts';
import { AppModel } from './model.ts';
import { createView3d } from './scene/view3d.ts';
import { installShortcuts } from './shortcuts.ts';

function main(): void {
  const bridge = createBridge(window);
  const model = new AppModel(bridge);
  const toasts = new Toasts();
  const safety = new SafetyActions(bridge, toasts);
  const stack = new OverlayStack();
  const connect = new ConnectDialog(stack, model);
  const help = createHelpOverlay(stack);
  const hud = new Hud({ estop: () => safety.estop(), resetEstop: () => safety.resetEstop(), arm: () => safety.arm() });
  const banner = new HostBanner(() => bridge.retryNow());

  const viewArea = el('div', { class: 'view', testid: 'view3d' });
  const toolbar = new Toolbar({
    openConnect: () => connect.toggle(),
    toggleCamera: () => toolbar.setCamera(view.toggleCamera()),
    openHelp: () => help.toggle(),
  });
  const view = createView3d(viewArea, (mode) => toolbar.setCamera(mode));
  viewArea.append(hud.viewTop, hud.viewBottom);

  const app = el('div', { class: 'app' }, toolbar.root, banner.root,
    el('main', { class: 'main' }, viewArea, hud.side), toasts.root, connect.root, help.root);
  document.body.replaceChildren(app);

  model.onState.on((s) => {
    toolbar.update(s);
    hud.update(s);
    view.setState(s);
  });
  model.onScan.on((scan) => view.showScan(scan));
  model.onMarkers.on((m) => view.applyMarkers(m));
  model.onHost.on((c) => {
    banner.update(c);
    toolbar.setHostUp(c.up);
    // What the HUD shows is only as fresh as the last state: dim it while the host is away.
    app.classList.toggle('host-down', !c.up && c.attempt > 0);
  });

  // First start with nothing connected: ask where to go instead of showing an empty world.
  // Wait a moment first: the app may be connecting to its default target right now.
  const unsubscribeFirst = model.onState.on(() => {
    unsubscribeFirst();
    setTimeout(() => {
      const s = model.state;
      if (s && s.target === null && (s.link.status === 'idle' || s.link.status === 'failed')) connect.open();
    }, 1500);
  });

  const inputs = new InputCapture(window, bridge, () => keyboardLayoutFor(model.state, model.profiles));
  let lastLayout = keyboardLayoutFor(null, []);
  model.onState.on((s) => {
    const layout = keyboardLayoutFor(s, model.profiles);
    if (layout !== lastLayout) {
      lastLayout = layout;
      inputs.keyboard.refresh();
    }
  });

  installShortcuts(window, {
    estop: (fromTextField) => {
      safety.estop();
      if (fromTextField) toasts.show('E-STOP sent (Space). Space is reserved for the E-STOP, so it cannot be typed here: use - or _.', 'warning');
    },
    resetEstop: () => safety.resetEstop(),
    rearm: () => {
      if (model.state && !model.state.armed) safety.arm();
    },
    toggleCamera: () => toolbar.setCamera(view.toggleCamera()),
    toggleConnect: () => connect.toggle(),
    toggleHelp: () => help.toggle(),
    closeTop: () => stack.closeTop(),
  });

  // In a browser tab Ctrl+W (turbo + forward) closes the page and cannot be intercepted;
  // while driving keys are held, ask first. Electron handles its own window closing.
  if (bridge instanceof WsBridge) {
    window.addEventListener('beforeunload', (e) => {
      if (inputs.keyboard.heldCodes().size > 0) e.preventDefault();
    });
  }
}

main();
