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
import { RecoveryDialog } from './dialog/recovery-dialog.ts';
import { el, errorText } from './dom.ts';
import { EpisodeBrowser } from './episodes/episode-browser.ts';
import { HostBanner } from './hud/host-banner.ts';
import { Hud } from './hud/hud.ts';
import { Toasts } from './hud/toasts.ts';
import { Toolbar } from './hud/toolbar.ts';
import { InputCapture, keyboardLayoutFor } from './input/input-capture.ts';
import { AppModel } from './model.ts';
import { LivePlayer } from './player/live-player.ts';
import { PlayerSwitch } from './player/player-switch.ts';
import { ReplayPlayer } from './player/replay-player.ts';
import { actionTwist } from './replay/replay-logic.ts';
import { ReplayMode } from './replay/replay-mode.ts';
import { ReplayModel } from './replay/replay-model.ts';
import { createView3d } from './scene/view3d.ts';
import { installShortcuts } from './shortcuts.ts';
import { Beeper } from './policy/beeper.ts';
import { otherMode } from './policy/format.ts';
import { PolicyActions } from './policy/policy-actions.ts';
import { TrainingPanel } from './training/training-panel.ts';

function main(): void {
  const bridge = createBridge(window);
  const model = new AppModel(bridge);
  const toasts = new Toasts();
  const safety = new SafetyActions(bridge, toasts);
  const stack = new OverlayStack();
  const connect = new ConnectDialog(stack, model);
  const help = createHelpOverlay(stack);
  const replayModel = new ReplayModel(bridge);
  const episodes = new EpisodeBrowser(stack, model, (id) => {
    episodes.close();
    void replay.open(id);
  });
  const recovery = new RecoveryDialog(stack);
  const policy = new PolicyActions(bridge, toasts);
  const training = new TrainingPanel(stack, model, policy);
  const viewArea = el('div', { class: 'view', testid: 'view3d' });
  const hud = new Hud({ estop: () => safety.estop(), resetEstop: () => safety.resetEstop(), arm: () => safety.arm() }, viewArea, new Beeper(window));
  const banner = new HostBanner(() => bridge.retryNow());

  const toolbar = new Toolbar({
    openConnect: () => connect.toggle(),
    toggleCamera: () => toolbar.setCamera(view.toggleCamera()),
    openHelp: () => help.toggle(),
    openEpisodes: () => toggleEpisodes(),
    newEpisode: () => newEpisode(),
    setMode: (mode) => void policy.setMode(mode),
    openTraining: () => training.toggle(),
    replay: () => {
      if (replay.isOpen) replay.act({ kind: 'escape' });
      else if (!episodes.isOpen) toggleEpisodes();
    },
  });
  const view = createView3d(viewArea, (mode) => toolbar.setCamera(mode));
  viewArea.append(hud.viewTop, hud.viewCorner, hud.viewBottom);

  // The scene and the HUD's motion and driver follow one player: live driving, or a replay.
  const live = new LivePlayer(model);
  const recorded = new ReplayPlayer(replayModel);
  const players = new PlayerSwitch({
    reset: () => view.resetPlayer(),
    frame: (f, scene, kind) => {
      view.setFrame(f, scene, kind);
      hud.showFrame(f, scene, kind);
    },
    scan: (scan) => view.showScan(scan),
  });
  players.use(live);
  const replay = new ReplayMode(replayModel, stack, toasts, {
    opened: (open) => {
      players.use(open ? recorded : live);
      app.classList.toggle('replaying', open);
      toolbar.setReplay(replayModel.state);
    },
    ghost: (r) => view.setGhost(r?.ghost ?? null, actionTwist(r?.command ?? null)),
  });
  replayModel.onState.on((s) => toolbar.setReplay(s));

  const app = el('div', { class: 'app' }, toolbar.root, banner.root, replay.banner.root,
    el('main', { class: 'main' }, el('div', { class: 'stage' }, viewArea, replay.dock), hud.side),
    toasts.root, connect.root, help.root, episodes.root, training.root, recovery.root, ...replay.overlays);
  document.body.replaceChildren(app);

  model.onState.on((s) => {
    toolbar.update(s);
    hud.update(s);
  });
  model.onRecovery.on((p) => recovery.update(p));
  if (model.recovery) recovery.update(model.recovery);
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

  function toggleEpisodes(): void {
    if (model.recovery?.active && !episodes.isOpen) {
      toasts.show('Crash recovery is still running: the episode list is ready once it is done.', 'info', 3000);
      return;
    }
    episodes.toggle();
  }

  function newEpisode(): void {
    if ((model.state?.recording?.state ?? 'recording') === 'off') {
      toasts.show('Nothing is being recorded: connect to the simulator or a robot first (K).', 'info', 4000);
      return;
    }
    const closing = model.state?.recording?.episodeId;
    bridge.call('newEpisode', undefined).then(
      () => toasts.show(closing ? `Episode ${closing} closed; recording the next one.` : 'Recording a new episode.', 'info', 3000),
      (err: unknown) => toasts.show(`Could not start a new episode: ${errorText(err)}`));
  }

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
      if (fromTextField) toasts.show('E-STOP sent (Space). Space is the E-STOP, also while typing; once the E-STOP is latched it types spaces again. Press X to reset when safe.', 'warning');
    },
    spaceMayType: () => {
      const s = model.state;
      // During a replay the robot is held: a space in a text field (a name) is only a space.
      return model.host.up && s !== null && (s.estop || s.target === null || replay.isOpen);
    },
    replayKey: (e) => replay.handleKey(e),
    resetEstop: () => safety.resetEstop(),
    rearm: () => {
      if (model.state && !model.state.armed) safety.arm();
    },
    toggleCamera: () => toolbar.setCamera(view.toggleCamera()),
    toggleConnect: () => connect.toggle(),
    toggleHelp: () => help.toggle(),
    toggleEpisodes: () => toggleEpisodes(),
    newEpisode: () => newEpisode(),
    toggleMode: () => void policy.setMode(otherMode(model.state?.policy?.mode ?? toolbar.mode.current)),
    toggleTraining: () => training.toggle(),
    toggleReaction: () => replay.reaction.toggle(),
    panelKey: (e) => episodes.handleKey(e),
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
