// The `intervene` command line. Each command lives in main/commands/ and has --help.
import { UsageError } from './args.ts';
import { simCommand } from './commands/sim.ts';
import { consoleCommand } from './commands/console.ts';
import { benchCommand } from './commands/bench.ts';
import { inspectCommand } from './commands/inspect.ts';
import { recoverCommand } from './commands/recover.ts';
import { datasetCommand } from './commands/dataset.ts';
import { collectCommand } from './commands/collect.ts';
import { experimentCommand } from './commands/experiment.ts';

export interface Command {
  name: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

const commands: Command[] = [simCommand, consoleCommand, collectCommand, experimentCommand, benchCommand, inspectCommand, recoverCommand, datasetCommand];

const USAGE = `intervene <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run 'intervene <command> --help' for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`intervene: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`intervene ${name}: ${err.message} (see 'intervene ${name} --help')`);
      return 2;
    }
    console.error(`intervene ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
