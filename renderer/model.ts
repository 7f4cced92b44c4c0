import type { AppInfo, LiveState, RobotProfile } from '../src/app/contract.ts';
import type { MarkerArray, ScanView } from '../src/ros/messages.ts';
import { Emitter } from '../src/base/emitter.ts';
import { DisposableStore } from '../src/base/disposable.ts';
import type { HostConnection, RendererBridge } from './bridge/types.ts';
import { errorText } from './dom.ts';

/**
 * The renderer's copy of what the app core last said. Views subscribe here, never to the
 * bridge, so each event is parsed once and late-mounted views can read the latest value.
 */
export class AppModel {
  state: LiveState | null = null;
  info: AppInfo | null = null;
  profiles: RobotProfile[] = [];
  host: HostConnection;

  readonly onState = new Emitter<LiveState>();
  readonly onScan = new Emitter<ScanView>();
  readonly onMarkers = new Emitter<MarkerArray>();
  readonly onProfiles = new Emitter<RobotProfile[]>();
  readonly onInfo = new Emitter<AppInfo>();
  readonly onHost = new Emitter<HostConnection>();
  private readonly store = new DisposableStore();

  constructor(readonly bridge: RendererBridge) {
    this.host = bridge.connection();
    this.store.add(bridge.onEvent((event) => {
      switch (event.type) {
        case 'state': this.state = event.state; this.onState.fire(event.state); break;
        case 'scan': this.onScan.fire(event.scan); break;
        case 'markers': this.onMarkers.fire(event.markers); break;
        case 'profiles': this.setProfiles(event.profiles); break;
      }
    }));
    this.store.add(bridge.onConnection((c) => {
      const cameUp = c.up && !this.host.up;
      this.host = c;
      this.onHost.fire(c);
      if (cameUp) void this.refresh();
    }));
    if (this.host.up) void this.refresh();
  }

  /** Fetches what events do not repeat (info, profiles); called whenever the host comes up. */
  async refresh(): Promise<void> {
    try {
      const [info, profiles] = await Promise.all([
        this.bridge.call('info', undefined),
        this.bridge.call('listProfiles', undefined),
      ]);
      this.info = info;
      this.onInfo.fire(info);
      this.setProfiles(profiles);
    } catch (err) {
      console.warn(`intervene: could not load app info: ${errorText(err)}`);
    }
  }

  setProfiles(profiles: RobotProfile[]): void {
    this.profiles = [...profiles].sort((a, b) => a.name.localeCompare(b.name));
    this.onProfiles.fire(this.profiles);
  }

  dispose(): void {
    this.store.dispose();
    for (const e of [this.onState, this.onScan, this.onMarkers, this.onProfiles, this.onInfo, this.onHost]) e.dispose();
  }
}
