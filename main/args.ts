/** A small argument parser: `--name value`, `--name=value`, `--flag`, and positionals. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], flags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h') {
      options.set('help', true);
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) options.set(name, arg.slice(eq + 1));
      else if (flags.has(name)) options.set(name, true);
      else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        options.set(name, value);
        i++;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, options };
}

export class UsageError extends Error {}

export function stringOpt(args: ParsedArgs, name: string, fallback: string): string {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : fallback;
}

export function numberOpt(args: ParsedArgs, name: string, fallback: number, check: (n: number) => boolean = Number.isFinite): number {
  const v = args.options.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || v.trim() === '' || !check(n)) throw new UsageError(`--${name}: ${JSON.stringify(v)} is not a valid value`);
  return n;
}

export function rejectUnknown(args: ParsedArgs, known: readonly string[]): void {
  for (const name of args.options.keys()) {
    if (name !== 'help' && !known.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}

/**
 * The start of every command: parse, answer --help with `help`, refuse unknown options.
 * Returns null when help was printed (the command exits 0).
 */
export function commandArgs(argv: readonly string[], help: string, flags: ReadonlySet<string>, known: readonly string[]): ParsedArgs | null {
  const args = parseArgs(argv, flags);
  if (args.options.has('help')) {
    console.log(help);
    return null;
  }
  rejectUnknown(args, known);
  return args;
}
