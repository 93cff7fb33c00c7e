// `kpw abi-diff [--abi LIST|all] [--extensions] [--format F] OLD NEW [HEADER...]`:
// what scripts/check-uapi.sh reports, without a build: every UAPI header of the
// OLD tree against the same path in NEW, on every ABI, plus #define numbers.

import { nodeFileHost, statOf } from '../../core/host/index';
import { basename } from 'node:path';
import { diffHeaderPairs, diffTrees } from '../../core/api/index';
import { flag, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { failThreshold, outputFormat, printFindings, reachesThreshold } from '../findings-output';
import { resolveAbis } from './layout';
import type { CommandIo } from './command';

export const abiDiffUsage = `usage: kpw abi-diff [--abi LIST|all] [--extensions] [--format text|json|sarif]
                    [--fail-on error|warning|note] OLD NEW [HEADER...]

Compares the UAPI headers of two trees (two installed include/ directories, two
kernel trees' include/uapi, or two header files), as scripts/check-uapi.sh does
with abidiff but with #define and ioctl numbers too: every header under OLD
against the header at the same path under NEW (or only the HEADERs named,
relative to both), on every ABI. Breaks are warnings (compat-* codes); exit 1
when any finding is at or above --fail-on (default: warning).
  --abi LIST     ABIs to compare (default: all)
  --extensions   also list the compatible extensions (compat-extension, with the convention)`;

export async function runAbiDiff(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'abi', value: true },
    { name: 'extensions' },
    { name: 'format', value: true },
    { name: 'fail-on', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(abiDiffUsage);
    return ExitCode.ok;
  }
  const format = outputFormat(single(args, 'format'));
  if (format === 'b4') throw new UsageError('--format b4 is for patches; use text, json or sarif');
  const threshold = failThreshold(single(args, 'fail-on'));
  const [oldRoot, newRoot, ...headers] = [...args.positionals, ...args.rest];
  if (!oldRoot || !newRoot) throw new UsageError('OLD and NEW are required');
  for (const p of [oldRoot, newRoot]) {
    if (!statOf(nodeFileHost, p)) {
      io.stderr(`kpw: error: ${p}: no such file or directory`);
      return ExitCode.input;
    }
  }
  const abis = resolveAbis(single(args, 'abi') ?? 'all').map((a) => a.name);
  const extensions = flag(args, 'extensions');
  const findings =
    statOf(nodeFileHost, oldRoot)?.kind === 'file'
      ? await diffHeaderPairs([{ label: basename(newRoot), oldFile: oldRoot, newFile: newRoot }], {
          abis,
          extensions,
        })
      : (
          await diffTrees({
            oldRoot,
            newRoot,
            abis,
            headers: headers.length ? headers : undefined,
            extensions,
          })
        ).findings;
  await printFindings(format, findings, [], io);
  return reachesThreshold(findings, threshold) ? ExitCode.findings : ExitCode.ok;
}
