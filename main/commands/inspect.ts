import { UsageError, commandArgs } from '../args.ts';
import { inspectEpisode } from '../../src/record/inspect.ts';

const HELP = `intervene inspect FILE [--json]

Reads an episode file (.mcap, finished or cut off, or a .mcap.partial) and prints
what it holds:

  complete          finished, undamaged and not marked incomplete
  frames            control steps recorded (/intervene/frame)
  duration_s        episode seconds up to the last frame
  operator_frames   frames the operator drove (labels)
  policy_frames     frames the policy drove
  interventions     takeovers (operator took control from the policy)
  channels          every topic with its schema and message count
  problems          damage found: a cut-off tail, damaged chunks

Options:
  --json   print one JSON object`;

export const inspectCommand = {
  name: 'inspect',
  summary: 'show what an episode file holds (frames, interventions, channels)',
  async run(argv: string[]): Promise<number> {
    const args = commandArgs(argv, HELP, new Set(['help', 'json']), ['json']);
    if (!args) return 0;
    const [file, ...extra] = args.positionals;
    if (!file || extra.length > 0) throw new UsageError('give exactly one episode FILE');
    const r = await inspectEpisode(file);
    if (args.options.has('json')) {
      const { file: path, complete, frames, duration_s, operator_frames, policy_frames, interventions, distance_m, channels, problems, metadata, end } = r;
      console.log(JSON.stringify({ file: path, complete, frames, duration_s, operator_frames, policy_frames, interventions, distance_m, channels, problems, metadata, end }));
      return 0;
    }
    const lines = [
      ['file', r.file],
      ['complete', r.complete ? 'yes' : `no${r.end?.status ? ` (${r.end.status})` : ''}`],
      ['frames', `${r.frames} (operator ${r.operator_frames}, policy ${r.policy_frames})`],
      ['duration', `${r.duration_s} s`],
      ['interventions', String(r.interventions)],
      ['distance', `${r.distance_m} m`],
    ];
    if (r.metadata) lines.push(['episode', `round ${r.metadata.round}, ${r.metadata.robot_profile}${r.metadata.world ? ` in ${r.metadata.world} (seed ${r.metadata.seed})` : ''}, operator ${r.metadata.operator || '-'}`]);
    for (const [k, v] of lines) console.log(`${k!.padEnd(14)} ${v}`);
    const width = Math.max(5, ...r.channels.map((c) => c.topic.length));
    const schemaWidth = Math.max(6, ...r.channels.map((c) => c.schema.length));
    console.log(`\n${'topic'.padEnd(width)}  ${'schema'.padEnd(schemaWidth)}  count`);
    for (const c of r.channels) console.log(`${c.topic.padEnd(width)}  ${(c.schema || '-').padEnd(schemaWidth)}  ${c.count}`);
    for (const p of r.problems) console.log(`problem: ${p}`);
    return 0;
  },
};
