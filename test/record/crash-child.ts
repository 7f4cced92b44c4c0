// Run by crash.test.ts as a separate process (bundled with esbuild): records episodes into
// a dataset as the app does, at twenty times real time, and says on stdout how far it got,
// until the test kills it with SIGKILL.
import { systemClock } from '../../src/base/clock.ts';
import { Dataset } from '../../src/record/dataset.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { frameAt, metadataFor, odometryAt, RAW_TOPICS, scanAt } from './record-fixture.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: crash-child DATASET');
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ds = await Dataset.open(root, { fs: nodeRecordFs, clock: systemClock });
for (let n = 0; ; n++) {
  const id = `ep-${Date.now().toString(36)}-${process.pid}-${n}`;
  const writer = await EpisodeWriter.open({ dir: ds.episodesDir, id, metadata: metadataFor(id), fs: nodeRecordFs, clock: systemClock, rawTopics: RAW_TOPICS });
  say(`open ${id}`);
  const ticks = 150 + Math.floor(Math.random() * 200);
  for (let i = 0; i < ticks; i++) {
    const f = frameAt(i);
    const ns = writer.originNs + BigInt(Math.round(f.t * 1e9));
    writer.frame(f);
    writer.raw('/odom', odometryAt(f.t), ns);
    if (i % 5 === 0) writer.raw('/scan', scanAt(f.t), ns);
    // Five ticks (0.1 s of episode time) every 5 ms of wall time.
    if (i % 5 === 4) {
      say(`t ${id} ${f.t}`);
      await sleep(5);
    }
  }
  const summary = await writer.close({ outcome: 'success' });
  say(`closed ${id} ${summary.frames}`);
  await ds.addEpisode(summary);
  say(`added ${id}`);
}
