// `kpw check [--format text|json|sarif|b4] [--base DIR] [-I DIR]... PATH...`: the
// UAPI rules and feature-number checks on headers (directories are searched for
// *.h) and on patches (patch files, mboxes, Patchwork JSON/API pages, `-` for
// one message on stdin), the same checks the editor runs, in the format asked.

import { ABIS, analyzeHeaders } from '../../core/api/index';
import { DiagCode, type CodeFilter } from '../../core/diag/codes';
import type { Diagnostic } from '../../core/diag/diagnostic';
import { sortDiagnostics } from '../../core/diag/sort';
import { ZERO_RANGE } from '../../core/text/position';
import {
  describePath,
  HostRefusal,
  LIMITS,
  nodeFileHost,
  snapshotHost,
  statOf,
  tooLargeMessage,
  walkTree,
  type FileStat,
} from '../../core/host/index';
import { flag, list, parseArgs, single, type ParsedArgs } from '../args';
import { CODE_FILTER_SPECS, codeFilter } from '../code-filter';
import { namedInputUnread } from '../unread-inputs';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { failThreshold, outputFormat, printFindings, reachesThreshold } from '../findings-output';
import {
  checkBase,
  groupsByPatch,
  hasPatchExtension,
  isPatchInput,
  runPatchAnalysis,
  type PatchRun,
} from '../patch-inputs';
import type { B4Group } from '../reporters/b4';
import { displayPath } from '../display-path';
import type { AgainstRef } from '../against';
import { checkCSource, kernelRootOf } from '../../core/api/index';
import { resolveAbis } from './layout';
import type { CommandIo } from './command';

export const checkUsage = `usage: kpw check [--format text|json|sarif|b4|b4-lines] [--abi LIST|all] [-I DIR]... [--base DIR|REF] [--against REF]
                 [--only CODES] [--disable CODES] [--uapi] [--fail-on error|warning|note] PATH...

Runs the UAPI layout rules and feature-number checks on the headers named (a
directory is searched for *.h), the kernel-side rules on C files named (.c), and on patches (.patch, .diff, .mbox, .eml,
Patchwork JSON or a saved API page; - reads one message from stdin), whose
findings land on the patch's own '+' lines. Findings on stdout; exit 1 when any
finding is at or above --fail-on (default: warning).
  --format F     text (gcc-style, default), json, sarif (SARIF 2.1.0), b4 (the JSON array
                 of b4's review hook: one pass/warn/fail result per patch), or b4-lines (what
                 b4 am/prep --check grade: silent on pass, one ERROR:/WARNING: line per finding)
  --base DIR|REF the tree patches apply to (a directory or a git ref); without it the hunks'
                 added lines are analyzed alone
  --against REF  compare each header with the same file at git REF (compat-* checks: breaks and extensions)
  --abi LIST     ABIs to lay out (default: all: ${ABIS.map((a) => a.name).join(', ')})
  --only CODES   comma-separated diagnostic codes to report; --disable CODES to hide some
  --uapi         apply the UAPI rules even outside include/uapi and installed headers
  -I DIR         add DIR to the include path (searched first)`;

interface CheckOptions {
  includeDirs: string[];
  abis: string[];
  codes: CodeFilter;
}

/** Loaded only with --against (it runs git: see checkBase). */
async function againstOf(args: ParsedArgs): Promise<AgainstRef | undefined> {
  const ref = single(args, 'against');
  return ref === undefined ? undefined : new (await import('../against.js')).AgainstRef(ref);
}

export async function runCheck(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'format', value: true },
    { name: 'abi', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'base', value: true },
    { name: 'against', value: true },
    ...CODE_FILTER_SPECS,
    { name: 'uapi' },
    { name: 'fail-on', value: true },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(checkUsage);
    return ExitCode.ok;
  }
  const format = outputFormat(single(args, 'format'));
  const threshold = failThreshold(single(args, 'fail-on'));
  const base = await checkBase(single(args, 'base'));
  const opts: CheckOptions = {
    includeDirs: list(args, 'include'),
    abis: resolveAbis(single(args, 'abi') ?? 'all').map((a) => a.name),
    codes: codeFilter(args),
  };
  const paths = [...args.positionals, ...args.rest];
  if (paths.length === 0) throw new UsageError('no PATH given');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError("stdin ('-') can be read only once");

  const inputs = classifyInputs(paths, io);
  const headers = await checkHeaders(inputs.headers, opts, args);
  const patchRun = inputs.patches.length
    ? await runPatchAnalysis(inputs.patches, { ...opts, base }, io)
    : undefined;

  // One order for everything, as gcc prints: file, line, column.
  const findings = sortDiagnostics([
    ...inputs.findings,
    ...headers.findings,
    ...(patchRun?.diagnostics ?? []),
  ]);
  // A limit reached is an input that could not be used (README, Security).
  const overLimit =
    findings.some((d) => d.code === DiagCode.fileTooLarge) || namedInputUnread(findings, inputs.headers);
  const inputFailed = inputs.failed || (patchRun?.inputFailed ?? false) || overLimit;
  await printFindings(format, findings, format === 'b4' ? b4Groups(headers, patchRun) : [], io, {
    threshold,
    places: patchRun?.places,
    inputFailed,
  });
  if (inputFailed) return ExitCode.input;
  return reachesThreshold(findings, threshold) ? ExitCode.findings : ExitCode.ok;
}

interface HeaderRun {
  /** Findings per header file, in the order checked (b4 reports each file on its own). */
  perFile: { file: string; findings: Diagnostic[] }[];
  findings: Diagnostic[];
}

async function checkHeaders(files: string[], opts: CheckOptions, args: ParsedArgs): Promise<HeaderRun> {
  const perFile: HeaderRun['perFile'] = [];
  const against = await againstOf(args);
  // One view of the disk for the run: each path's kind and real path are asked once, not once
  // per header, model and ABI (texts are still read when needed, not held).
  const host = snapshotHost(nodeFileHost, { contents: false });
  for (const file of files) {
    if (file.endsWith('.c')) {
      const only = opts.codes.only?.slice();
      const disable = opts.codes.disable?.slice();
      perFile.push({
        file,
        findings: await checkCSource({
          file,
          root: kernelRootOf(file),
          includeDirs: opts.includeDirs,
          abis: opts.abis,
          only,
          disable,
        }),
      });
      continue;
    }
    const before = against?.beforeOf(file);
    const { diagnostics } = await analyzeHeaders({
      files: [file],
      ...opts,
      forceUapi: flag(args, 'uapi'),
      // No output format shows quick fixes (they are the editor's code actions).
      fixes: false,
      host,
      before,
      // Nothing reads the models after the checks: hold one ABI's at a time.
      releaseModels: true,
    });
    perFile.push({ file, findings: diagnostics });
  }
  return { perFile, findings: perFile.flatMap((f) => f.findings) };
}

interface ClassifiedInputs {
  headers: string[];
  patches: string[];
  /** What a directory walk refused (links out of it, dangling links, loops, FIFOs): findings naming them. */
  findings: Diagnostic[];
  /** A path named on the command line was missing, not a regular file, or a directory with nothing to check (exit 3). */
  failed: boolean;
}

/**
 * Sorts the command line into headers and patches. A path named that is a device,
 * FIFO or socket is an input error (never opened); a directory is walked for *.h
 * and patch files (.patch .diff .mbox .mbx .eml) without leaving it.
 */
function classifyInputs(paths: readonly string[], io: CommandIo): ClassifiedInputs {
  const out: ClassifiedInputs = { headers: [], patches: [], findings: [], failed: false };
  const fail = (message: string) => {
    io.stderr(`kpw: error: ${message}`);
    out.failed = true;
  };
  for (const p of paths) {
    if (p === '-') {
      out.patches.push(p);
      continue;
    }
    let st: FileStat | undefined;
    try {
      st = statOf(nodeFileHost, p);
    } catch (e) {
      if (e instanceof HostRefusal) fail(e.message);
      else fail(`${p}: ${(e as Error).message}`);
      continue;
    }
    if (st?.kind === 'other') fail(`${p}: ${describePath(p)}, not a regular file; not read`);
    else if (st?.kind === 'directory') walkInto(p, out, fail);
    else if (isPatchInput(p)) out.patches.push(p);
    else if (st && st.size > LIMITS.headerBytes)
      fail(tooLargeMessage(p, st.size, LIMITS.headerBytes, 'headers'));
    else if (st) out.headers.push(p);
    else fail(`${p}: no such file or directory`);
  }
  return out;
}

function walkInto(dir: string, out: ClassifiedInputs, fail: (message: string) => void): void {
  const walk = walkTree(nodeFileHost, dir, (name) => name.endsWith('.h') || hasPatchExtension(name));
  for (const p of walk.problems) {
    out.findings.push({
      code: DiagCode.fileUnreadable,
      severity: 'warning',
      file: p.path,
      range: ZERO_RANGE,
      message: p.message,
    });
  }
  if (walk.truncated) out.failed = true;
  if (walk.files.length === 0 && walk.problems.length === 0)
    fail(`${dir}: no headers (*.h) or patches (.patch .diff .mbox .mbx .eml) in this directory`);
  for (const f of walk.files) (f.endsWith('.h') ? out.headers : out.patches).push(f);
}

/** b4 results: one per header file checked, then one per patch. */
function b4Groups(headers: HeaderRun, patchRun: PatchRun | undefined): B4Group[] {
  const byFile = headers.perFile.map((f) => ({ label: displayPath(f.file), diagnostics: f.findings }));
  return [...byFile, ...(patchRun ? groupsByPatch(patchRun) : [])];
}
