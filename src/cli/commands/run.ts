// `kpw run --ssh DEST [--device BDF] SCENARIO [--json] [--compare]`: runs a
// scenario's ioctl steps on a remote s390x target over ssh and prints the
// results in the same format as `kpw sim`; --compare also runs the simulator and
// prints the core's step-by-step comparison (the editor's Compare command).

import { toHex, parseScenario } from '../../core/api/index';
import {
  runOnTarget,
  type TargetConfig,
  type TargetRunResult,
  type TargetStepResult,
} from '../../core/api/target';
import { flag, list, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import type { CommandIo } from './command';
import { LIMITS } from '../../core/host/limits';
import { readInput } from '../read-input';
import { stepJson } from '../step-json';
import { reportComparison } from './run-compare';

export const runUsage = `usage: kpw run --ssh DEST [--ssh-config FILE] [--device BDF] [--header FILE] [-I DIR]...
               [--timeout S] [--sudo] [--build local|remote] [--runner-prefix WORD]... [--json] [--compare] SCENARIO

Runs a scenario's steps on a remote s390x target over the system ssh client,
with a probe built locally (s390x-linux-gnu-gcc -static) against the header.
  --ssh DEST            ssh destination: host, user@host, ssh://[user@]host[:port] or a Host alias (your ssh config applies)
  --ssh-config FILE     use this ssh client config instead of ~/.ssh/config
  --device BDF          the target's PCI function (default: the scenario's address)
  --header FILE         the vfio.h whose struct the probe sends (default: built in)
  -I DIR                include directory for --header
  --timeout S           seconds the probe may run on the target (default 30)
  --sudo                run the probe with sudo -n
  --build WHERE         local (default: s390x-linux-gnu-gcc -static) or remote (the target's gcc)
  --runner-prefix WORD  run the probe through WORD (e.g. qemu-s390x-static); repeatable
  --json                one JSON object per step and line
  --compare             also run the scenario on the simulator and print where the two differ
                        (a markdown table; with --json one object per step)
Exit: 0 all expectations held (with --compare: all steps agree), 1 one failed (differ), 2 usage or a refused destination,
3 unusable input or the target could not be used (transport, build, timeout).`;

export async function runRun(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const specs = [
    { name: 'ssh', value: true },
    { name: 'ssh-config', value: true },
    { name: 'device', value: true },
    { name: 'header', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'timeout', value: true },
    { name: 'sudo' },
    { name: 'build', value: true },
    { name: 'runner-prefix', value: true, repeat: true },
    { name: 'json' },
    { name: 'compare' },
    { name: 'help', short: 'h' },
  ];
  const args = parseArgs(argv, specs);
  if (flag(args, 'help')) {
    io.stdout(runUsage);
    return ExitCode.ok;
  }
  const destination = single(args, 'ssh');
  if (destination === undefined) throw new UsageError('give the target with --ssh DEST');
  if (args.positionals.length !== 1) throw new UsageError('give exactly one SCENARIO file');
  const timeoutText = single(args, 'timeout');
  const timeoutSeconds = timeoutText === undefined ? undefined : Number(timeoutText);
  if (
    timeoutSeconds !== undefined &&
    !(Number.isFinite(timeoutSeconds) && timeoutSeconds >= 1 && timeoutSeconds <= 86400)
  )
    throw new UsageError(`--timeout must be a number of seconds from 1 to 86400, not '${timeoutText}'`);
  const file = args.positionals[0];
  const text = readInput(file, io, LIMITS.scenarioBytes, 'scenarios');
  if (text === undefined) return ExitCode.input;
  const header = single(args, 'header');
  if (header !== undefined && readInput(header, io) === undefined) return ExitCode.input;
  const loaded = parseScenario(text, file);
  if (!loaded.ok) {
    io.stderr(`kpw: error: ${loaded.error}`);
    return ExitCode.input;
  }
  const build = single(args, 'build') ?? 'local';
  if (build !== 'local' && build !== 'remote')
    throw new UsageError(`--build must be local or remote, not '${build}'`);
  const prefix = list(args, 'runner-prefix');
  const config: TargetConfig = {
    destination,
    sshConfig: single(args, 'ssh-config'),
    device: single(args, 'device'),
    privilege: flag(args, 'sudo') ? 'sudo' : 'none',
    build,
    runnerPrefix: prefix.length ? prefix : undefined,
  };
  const result = await runOnTarget(config, loaded.scenario, {
    header,
    includeDirs: list(args, 'include'),
    timeoutSeconds,
  });
  if (flag(args, 'compare'))
    return reportComparison(
      loaded.scenario,
      result,
      { header, includeDirs: list(args, 'include'), json: flag(args, 'json'), destination },
      io,
    );
  return report(result, flag(args, 'json'), destination, io);
}

function report(result: TargetRunResult, json: boolean, destination: string, io: CommandIo): ExitCodeValue {
  for (const r of result.steps) io.stdout(json ? JSON.stringify(stepJson(r)) : renderText(r));
  for (const p of result.problems) io.stderr(`kpw: error: ${p.message} [${p.kind}]`);
  const failed = result.steps.filter((r) => r.failures.length).length;
  if (!json && result.steps.length)
    io.stdout(
      `${result.steps.length} steps, ${failed} failed expectation${failed === 1 ? '' : 's'} (target ${destination})`,
    );
  if (result.problems.some((p) => p.kind === 'refused')) return ExitCode.usage;
  if (result.problems.length) return ExitCode.input;
  return failed ? ExitCode.findings : ExitCode.ok;
}

function renderText(r: TargetStepResult): string {
  const a = r.answer;
  const lines = [`step ${r.step}: ${a.op} -> rc ${a.rc}${a.errno ? ` ${a.errno}` : ''} [${a.decidedBy}]`];
  if (a.bytes.length) lines.push(`  bytes ${toHex(a.bytes)}`);
  const fields = Object.entries(a.fields);
  if (fields.length) lines.push(`  ${fields.map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  for (const w of a.warnings) lines.push(`  warning: ${w}`);
  for (const f of r.failures) lines.push(`  FAIL ${f}`);
  return lines.join('\n');
}
