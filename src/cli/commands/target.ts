// `kpw target up|down|status [--variant 7.3|absent] [--json]`: the local s390x
// test guest (Linux under QEMU with a zPCI device on vfio-pci) that `kpw run`
// can use as a target; built and cached by scripts/guest/build.sh.

import {
  GUEST_DEVICE,
  guestDown,
  guestStatus,
  guestUp,
  isGuestVariant,
  type GuestState,
  type GuestVariant,
} from '../../core/api/target';
import { flag, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import type { CommandIo } from './command';

export const targetUsage = `usage: kpw target up|down|status [--variant 7.3|absent] [--no-build] [--timeout S] [--json]

The local s390x test guest: Linux under QEMU (TCG) with a zPCI virtio-rng
function bound to vfio-pci, reachable over ssh on 127.0.0.1 with its own keys.
  up          build (first time: about 5-15 minutes) or reuse, start, wait for ssh
  down        stop the guest this cache started
  status      say whether it runs and how to reach it
  --variant   7.3 (default: has VFIO_DEVICE_FEATURE_ZPCI_ERROR) or absent
              (Debian's 6.12 kernel: the feature is missing, answers ENOTTY)
  --no-build  fail instead of building when nothing is cached
  --timeout S seconds to wait for the first ssh login (default 180)
  --json      one JSON object
The guest carries /etc/kpw-test-guest, so scenarios may use inject steps there.
Exit: 0 done or running, 1 not running (status), 2 usage, 3 could not build or start.`;

export async function runTarget(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'variant', value: true },
    { name: 'no-build' },
    { name: 'timeout', value: true },
    { name: 'json' },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(targetUsage);
    return ExitCode.ok;
  }
  if (args.positionals.length !== 1) throw new UsageError('give one action: up, down or status');
  const action = args.positionals[0];
  const variantText = single(args, 'variant') ?? '7.3';
  if (!isGuestVariant(variantText))
    throw new UsageError(`--variant must be 7.3 or absent, not '${variantText}'`);
  const variant: GuestVariant = variantText;
  const timeoutText = single(args, 'timeout');
  const timeout = timeoutText === undefined ? 180 : Number(timeoutText);
  if (!(Number.isFinite(timeout) && timeout >= 1 && timeout <= 3600))
    throw new UsageError(`--timeout must be 1 to 3600 seconds, not '${timeoutText}'`);
  const json = flag(args, 'json');
  if (action === 'up') {
    const result = await guestUp({
      variant,
      build: !flag(args, 'no-build'),
      timeoutMs: timeout * 1000,
      onLog: (l) => io.stderr(l),
    });
    if (!result.ok) {
      io.stderr(`kpw: error: ${result.error}`);
      return ExitCode.input;
    }
    if (json)
      io.stdout(
        JSON.stringify({ running: true, reused: result.reused, loginMs: result.loginMs, ...result.state }),
      );
    else
      io.stdout(
        `${result.reused ? 'already running' : `started; first ssh login after ${(result.loginMs / 1000).toFixed(1)} s`}\n${howToUse(result.state)}`,
      );
    return ExitCode.ok;
  }
  if (action === 'down') {
    const down = await guestDown(variant);
    io.stdout(json ? JSON.stringify(down) : down.reason);
    return ExitCode.ok;
  }
  if (action === 'status') {
    const status = await guestStatus(variant);
    if (json)
      io.stdout(JSON.stringify({ running: status.running, reason: status.reason, ...(status.state ?? {}) }));
    else
      io.stdout(
        status.running && status.state ? `${status.reason}\n${howToUse(status.state)}` : status.reason,
      );
    return status.running ? ExitCode.ok : ExitCode.findings;
  }
  throw new UsageError(`unknown action '${action}': give up, down or status`);
}

function howToUse(state: GuestState): string {
  return [
    `guest ${state.variant} (Linux ${state.kernelRelease}), QEMU pid ${state.pid}, ssh 127.0.0.1:${state.port}`,
    `  ssh -F ${state.sshConfig} ${state.alias}`,
    `  kpw run --ssh ${state.alias} --ssh-config ${state.sshConfig} --device ${GUEST_DEVICE} SCENARIO`,
    `  console log: ${state.console}`,
  ].join('\n');
}
