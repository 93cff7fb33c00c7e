// kpw: the command-line face of Kernel Patch Workbench. Wiring only: pick the
// subcommand, run it, map errors to the documented exit codes (docs/cli.md).

import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes';
import type { Command, CommandIo } from './commands/command';
import { KPW_VERSION } from './version';
import { terminalSafe } from './terminal-safe';

/** A subcommand's code, loaded only when it is the one asked for: start-up pays for nothing else. */
interface Loaded {
  run: Command;
  usage: string;
}

const commands: Record<string, { load: () => Promise<Loaded>; summary: string }> = {
  layout: {
    load: async () =>
      import('./commands/layout.js').then((m) => ({ run: m.runLayout, usage: m.layoutUsage })),
    summary: 'struct/union layouts per ABI (pahole-style or JSON)',
  },
  check: {
    load: async () => import('./commands/check.js').then((m) => ({ run: m.runCheck, usage: m.checkUsage })),
    summary: 'UAPI rules and feature-number checks on headers and patches (text, JSON, SARIF, b4)',
  },
  patch: {
    load: async () => import('./commands/patch.js').then((m) => ({ run: m.runPatch, usage: m.patchUsage })),
    summary: "patches, mbox series, Patchwork: applied in memory, findings on the patch's + lines",
  },
  'abi-diff': {
    load: async () =>
      import('./commands/abi-diff.js').then((m) => ({ run: m.runAbiDiff, usage: m.abiDiffUsage })),
    summary:
      'UAPI compatibility of two header trees per ABI (check-uapi.sh without a build; #define numbers too)',
  },
  sim: {
    load: async () => import('./commands/sim.js').then((m) => ({ run: m.runSim, usage: m.simUsage })),
    summary: 'run a zPCI error scenario on the built-in kernel model (s390x)',
  },
  run: {
    load: async () => import('./commands/run.js').then((m) => ({ run: m.runRun, usage: m.runUsage })),
    summary: 'run a zPCI error scenario on a remote s390x target over SSH',
  },
  target: {
    load: async () =>
      import('./commands/target.js').then((m) => ({ run: m.runTarget, usage: m.targetUsage })),
    summary: 'start, stop or check the local s390x test guest (QEMU, Linux 7.3, zPCI on vfio-pci)',
  },
};

function mainUsage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: kpw <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nkpw <command> --help shows a command's options.`;
}

export async function main(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainUsage());
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version') {
    io.stdout(`kpw ${KPW_VERSION}`);
    return ExitCode.ok;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    io.stderr(`kpw: error: unknown command '${name}'\n${mainUsage()}`);
    return ExitCode.usage;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`kpw ${name}: error: ${err.message}\n${command.usage}`);
      return ExitCode.usage;
    }
    const e = err as Error;
    io.stderr(`kpw: internal error: ${e?.stack ?? String(err)}\nThis is a bug in kpw; please report it.`);
    return ExitCode.internal;
  }
}

const stdio: CommandIo = {
  stdout: (text) => process.stdout.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`)),
  stderr: (text) => process.stderr.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`)),
  drain: () => drained(process.stdout),
};

/** Resolves when `stream` has written out what it buffered (at once for a file, which Node writes
 *  synchronously; a pipe to a slow reader waits), or is closed or failed (nothing more to wait for). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done).off('close', done).off('error', done);
      resolve();
    };
    stream.on('drain', done).on('close', done).on('error', done);
  });
}

/** Runs kpw with the process's arguments and sets the exit code (bin/kpw calls this). */
export function runCli(): void {
  let settled = false;
  // A promise that can never settle (nothing left to wait on) would let Node end with exit 0 and
  // nothing printed: a silent pass. Say so and fail instead.
  process.once('beforeExit', () => {
    if (settled) return;
    process.stderr.write(
      'kpw: internal error: the command stopped before it finished (an awaited step never completed)\n',
    );
    process.exitCode = ExitCode.internal;
  });
  main(process.argv.slice(2), stdio).then(
    (code) => {
      settled = true;
      process.exitCode = code;
    },
    (err) => {
      settled = true;
      process.stderr.write(`kpw: internal error: ${String(err)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}

// Run when executed directly (`node --import tsx src/cli/main.ts`), not when imported.
if (require.main === module) runCli();
