// A small, dependency-free command-line parser for kpw's subcommands:
// short options with attached or separate values (-I DIR, -IDIR), long options
// (--abi NAME, --abi=NAME), repeatable options, and `--` ending the options.

import { UsageError } from './exit-codes';

export interface OptionSpec {
  /** Long name without dashes. */
  name: string;
  /** Optional one-letter alias. */
  short?: string;
  /** Whether the option takes a value. */
  value?: boolean;
  /** Whether the option may be given several times (values collected in order). */
  repeat?: boolean;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  positionals: string[];
  /** Everything after a literal `--`. */
  rest: string[];
}

export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const add = (spec: OptionSpec, value: string) => {
    const list = options.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UsageError(`option --${spec.name} given more than once`);
    list.push(value);
    options.set(spec.name, list);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return { options, positionals, rest: argv.slice(i + 1) };
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option '${arg}'`);
      if (!spec.value) {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        add(spec, 'true');
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      add(spec, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      const spec = byShort.get(arg[1]);
      if (!spec) throw new UsageError(`unknown option '${arg}'`);
      if (!spec.value) {
        if (arg.length > 2) throw new UsageError(`option -${arg[1]} takes no value`);
        add(spec, 'true');
        continue;
      }
      const value = arg.length > 2 ? arg.slice(2) : argv[++i];
      if (value === undefined) throw new UsageError(`option -${arg[1]} needs a value`);
      add(spec, value);
    } else {
      positionals.push(arg);
    }
  }
  return { options, positionals, rest: [] };
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}

export function single(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function list(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}
