// `kpw patch [--base DIR] [-I DIR]... [--format text|json|sarif|b4] [--patchwork URL] FILE|ID|-...`:
// reads patch files, mboxes and Patchwork JSON (or fetches by id), applies the
// series in memory, and reports every check's findings on the patch's own lines.
// The analysis itself is src/cli/patch-inputs.ts, shared with `kpw check`.

import { flag, list, parseArgs, single } from '../args';
import { CODE_FILTER_SPECS, codeFilter } from '../code-filter';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { failThreshold, outputFormat, printFindings, reachesThreshold } from '../findings-output';
import { checkBase, groupsByPatch, runPatchAnalysis } from '../patch-inputs';
import type { CommandIo } from './command';
import { resolveAbis } from './layout';

export const patchUsage = `usage: kpw patch [--base DIR|REF] [-I DIR]... [--format text|json|sarif|b4|b4-lines] [--abi LIST|all]
                 [--patchwork URL [--token TOKEN]] [--compare FILE|ID|URL]... [--pre-existing]
                 [--only CODES] [--disable CODES] [--fail-on error|warning|note] FILE|ID|URL|-...

Reads patches (.patch, .mbox, .eml, Patchwork JSON or a saved API page; - reads
one message from stdin), applies each series in memory onto --base (nothing is
written), runs every check on the touched headers and reports the findings on
the patch's own '+' lines.
  --base DIR|REF   the tree the patches apply to: a directory, or a git ref (read from git, e.g. the
                   fork point of a b4 prep branch); a patch already in it is said so and the tree
                   analyzed as it is; without --base the hunks' added lines are analyzed alone
  -I DIR           include directory for the headers (types a partial header needs)
  --patchwork URL  fetch IDs from this Patchwork server: 2222859, series:499754, cover:ID, a Message-ID
                   (project:NAME/<id> within a project); Patchwork web and API URLs need no --patchwork
  --token TOKEN    Patchwork API token (default: $KPW_PATCHWORK_TOKEN), sent only to the --patchwork server
  --compare X      other series (mbox, patch, Patchwork ref or URL) the series-wide checks compare
                   against (one number claimed twice); only findings on the inputs are reported
  --pre-existing   also print findings on lines the patches did not add
  --only CODES     comma-separated diagnostic codes to report; --disable CODES to hide some
  --format F       text (gcc-style, default), json, sarif, b4 (b4's review-hook JSON), or
                   b4-lines (b4 am/prep --check: silent on pass, one ERROR:/WARNING: line per finding)`;

export async function runPatch(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'base', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'format', value: true },
    { name: 'abi', value: true },
    { name: 'patchwork', value: true },
    { name: 'compare', value: true, repeat: true },
    { name: 'token', value: true },
    { name: 'pre-existing' },
    ...CODE_FILTER_SPECS,
    { name: 'fail-on', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(patchUsage);
    return ExitCode.ok;
  }
  const format = outputFormat(single(args, 'format'));
  const threshold = failThreshold(single(args, 'fail-on'));
  const base = await checkBase(single(args, 'base'));
  const abiList = single(args, 'abi');
  const abis = abiList ? resolveAbis(abiList).map((a) => a.name) : undefined;
  // `-` is stdin, which the parser sees as a positional.
  const inputs = [...args.positionals, ...args.rest];
  if (inputs.length === 0) throw new UsageError('no FILE or ID given');

  const server = single(args, 'patchwork');
  const run = await runPatchAnalysis(
    inputs,
    {
      base,
      includeDirs: list(args, 'include'),
      abis,
      preExisting: flag(args, 'pre-existing'),
      codes: codeFilter(args),
      compare: list(args, 'compare'),
      patchwork: server
        ? { url: server, token: single(args, 'token') ?? process.env.KPW_PATCHWORK_TOKEN }
        : undefined,
    },
    io,
  );
  await printFindings(format, run.diagnostics, format === 'b4' ? groupsByPatch(run) : [], io, {
    threshold,
    places: run.places,
    inputFailed: run.inputFailed,
  });
  if (run.inputFailed) return ExitCode.input;
  return reachesThreshold(run.diagnostics, threshold) ? ExitCode.findings : ExitCode.ok;
}
