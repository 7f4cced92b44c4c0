import type { AppInfo, EpisodeEntry, LiveState, ModelInfo, RecoveryProgress, RobotProfile } from '../src/app/contract.ts';
import type { MarkerArray, ScanView } from '../src/ros/messages.ts';
import { Emitter } from '../src/base/emitter.ts';
import { DisposableStore } from '../src/base/disposable.ts';
import type { HostConnection, RendererBridge } from './bridge/types.ts';
import { errorText } from './dom.ts';
import { upsertEpisode } from './episodes/query.ts';

/**
 * The renderer's copy of what the app core last said. Views subscribe here, never to the
 * bridge, so each event is parsed once and late-mounted views can read the latest value.
 */
export class AppModel {
  state: LiveState | null = null;
  info: AppInfo | null = null;
  profiles: RobotProfile[] = [];
  episodes: EpisodeEntry[] = [];
  /** Why the episode list could not be loaded; null once it was. */
  episodesError: string | null = null;
  recovery: RecoveryProgress | null = null;
  /** Every checkpoint, as listModels or the `models` event last said. */
  models: ModelInfo[] = [];
  /** Why the model list could not be loaded (a build without policies); null once it was. */
  modelsError: string | null = null;
  host: HostConnection;
  private episodesVersion = 0;

  readonly onState = new Emitter<LiveState>();
  readonly onScan = new Emitter<ScanView>();
  readonly onMarkers = new Emitter<MarkerArray>();
  readonly onProfiles = new Emitter<RobotProfile[]>();
  readonly onInfo = new Emitter<AppInfo>();
  readonly onHost = new Emitter<HostConnection>();
  readonly onEpisodes = new Emitter<EpisodeEntry[]>();
  readonly onRecovery = new Emitter<RecoveryProgress>();
  readonly onModels = new Emitter<ModelInfo[]>();
  private readonly store = new DisposableStore();

  constructor(readonly bridge: RendererBridge) {
    this.host = bridge.connection();
    this.store.add(bridge.onEvent((event) => {
      switch (event.type) {
        case 'state': this.state = event.state; this.onState.fire(event.state); break;
        case 'scan': this.onScan.fire(event.scan); break;
        case 'markers': this.onMarkers.fire(event.markers); break;
        case 'profiles': this.setProfiles(event.profiles); break;
        case 'episodes': this.setEpisodes(event.episodes); break;
        case 'recovery': this.recovery = event.recovery; this.onRecovery.fire(event.recovery); break;
        case 'models': this.setModels(event.models); break;
      }
    }));
    this.store.add(bridge.onConnection((c) => {
      const cameUp = c.up && !this.host.up;
      this.host = c;
      this.onHost.fire(c);
      if (cameUp) {
        void this.refresh();
        void this.refreshEpisodes();
      }
    }));
    if (this.host.up) {
      void this.refresh();
      void this.refreshEpisodes();
    }
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

  /** The episode list is fetched apart from info: a dataset that cannot be read must not hide the rest. */
  async refreshEpisodes(): Promise<void> {
    const asked = this.episodesVersion;
    try {
      const episodes = await this.bridge.call('listEpisodes', undefined);
      // A list that changed while the answer was on its way is newer than the answer.
      if (this.episodesVersion === asked) this.setEpisodes(episodes);
    } catch (err) {
      this.episodesError = errorText(err);
      this.onEpisodes.fire(this.episodes);
    }
  }

  /** The whole list (the `episodes` event carries every entry, as `profiles` does). */
  setEpisodes(episodes: EpisodeEntry[]): void {
    this.episodesVersion++;
    this.episodes = episodes;
    this.episodesError = null;
    this.onEpisodes.fire(episodes);
  }

  /** One entry as a call returned it, without waiting for the event that follows. */
  putEpisode(entry: EpisodeEntry): void {
    this.setEpisodes(upsertEpisode(this.episodes, entry));
  }

  /** Asked when the training panel opens; the `models` event keeps it fresh after that. */
  async refreshModels(): Promise<void> {
    try {
      this.setModels(await this.bridge.call('listModels', undefined));
    } catch (err) {
      this.modelsError = errorText(err);
      this.onModels.fire(this.models);
    }
  }

  setModels(models: ModelInfo[]): void {
    this.models = models;
    this.modelsError = null;
    this.onModels.fire(models);
  }

  dispose(): void {
    this.store.dispose();
    for (const e of [this.onState, this.onScan, this.onMarkers, this.onProfiles, this.onInfo, this.onHost, this.onEpisodes, this.onRecovery, this.onModels]) e.dispose();
  }
}
