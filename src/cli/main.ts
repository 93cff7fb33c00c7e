// kpw: the command-line face of Kernel Patch Workbench. Wiring only: pick the
// subcommand, run it, map errors to the documented exit codes (docs/cli.md).

import { ExitCode, UsageError, type ExitCodeValue } from './exit-codes';
import type { Command, CommandIo } from './commands/command';
import { layoutUsage, runLayout } from './commands/layout';
import { checkUsage, runCheck } from './commands/check';
import { patchUsage, runPatch } from './commands/patch';
import { runSim, simUsage } from './commands/sim';
import { runRun, runUsage } from './commands/run';
import { runTarget, targetUsage } from './commands/target';
import { abiDiffUsage, runAbiDiff } from './commands/abi-diff';
import { KPW_VERSION } from './version';
import { terminalSafe } from './terminal-safe';

const commands: Record<string, { run: Command; usage: string; summary: string }> = {
  layout: { run: runLayout, usage: layoutUsage, summary: 'struct/union layouts per ABI (pahole-style or JSON)' },
  check: { run: runCheck, usage: checkUsage, summary: 'UAPI rules and feature-number checks on headers and patches (text, JSON, SARIF, b4)' },
  patch: {
    run: runPatch,
    usage: patchUsage,
    summary: "patches, mbox series, Patchwork: applied in memory, findings on the patch's + lines",
  },
  'abi-diff': { run: runAbiDiff, usage: abiDiffUsage, summary: 'UAPI compatibility of two header trees per ABI (check-uapi.sh without a build; #define numbers too)' },
  sim: { run: runSim, usage: simUsage, summary: 'run a zPCI error scenario on the built-in kernel model (s390x)' },
  run: { run: runRun, usage: runUsage, summary: 'run a zPCI error scenario on a remote s390x target over SSH' },
  target: { run: runTarget, usage: targetUsage, summary: 'start, stop or check the local s390x test guest (QEMU, Linux 7.3, zPCI on vfio-pci)' },
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
  const command = commands[name];
  if (!command) {
    io.stderr(`kpw: error: unknown command '${name}'\n${mainUsage()}`);
    return ExitCode.usage;
  }
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
};

/** Runs kpw with the process's arguments and sets the exit code (bin/kpw calls this). */
export function runCli(): void {
  main(process.argv.slice(2), stdio).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`kpw: internal error: ${String(err)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}

// Run when executed directly (`node --import tsx src/cli/main.ts`), not when imported.
if (require.main === module) runCli();
