// `kpw check [--format text|json|sarif|b4] [--base DIR] [-I DIR]... PATH...`: the
// UAPI rules and feature-number checks on headers (directories are searched for
// *.h) and on patches (patch files, mboxes, Patchwork JSON/API pages, `-` for
// one message on stdin), the same checks the editor runs, in the format asked.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS } from '../../core/abi/index';
import type { Diagnostic } from '../../core/diag/diagnostic';
import { CHECKS } from '../../core/checks/registry';
import { checkFiles } from '../../core/checks/run';
import { flag, list, parseArgs, single, type ParsedArgs } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { failThreshold, outputFormat, printFindings, reachesThreshold } from '../findings-output';
import { checkBase, groupsByPatch, isPatchInput, runPatchAnalysis, type PatchRun } from '../patch-inputs';
import type { B4Group } from '../reporters/b4';
import { displayPath } from '../display-path';
import { AgainstRef } from '../against';
import { checkCSource } from '../../core/kernel/run';
import { kernelRootOf } from '../../core/kernel/tree-root';
import { KERNEL_CODES } from '../../core/checks/kernel-registry';
import { resolveAbis } from './layout';
import type { CommandIo } from './command';

export const checkUsage = `usage: kpw check [--format text|json|sarif|b4] [--abi LIST|all] [-I DIR]... [--base DIR] [--against REF]
                 [--only CODES] [--disable CODES] [--uapi] [--fail-on error|warning|note] PATH...

Runs the UAPI layout rules and feature-number checks on the headers named (a
directory is searched for *.h), the kernel-side rules on C files named (.c), and on patches (.patch, .diff, .mbox, .eml,
Patchwork JSON or a saved API page; - reads one message from stdin), whose
findings land on the patch's own '+' lines. Findings on stdout; exit 1 when any
finding is at or above --fail-on (default: warning).
  --format F     text (gcc-style, default), json, sarif (SARIF 2.1.0), or b4 (the JSON
                 array b4's check commands print: one pass/warn/fail result per patch)
  --base DIR     the tree patches apply to; without it the hunks' added lines are analyzed alone
  --against REF  compare each header with the same file at git REF (compat-* checks: breaks and extensions)
  --abi LIST     ABIs to lay out (default: all: ${ABIS.map((a) => a.name).join(', ')})
  --only CODES   comma-separated check codes to run; --disable CODES to skip some
  --uapi         apply the UAPI rules even outside include/uapi and installed headers
  -I DIR         add DIR to the include path (searched first)`;

interface CheckOptions {
  includeDirs: string[];
  abis: string[];
  only?: string[];
  disable?: string[];
}

function againstOf(args: ParsedArgs): AgainstRef | undefined {
  const ref = single(args, 'against');
  return ref === undefined ? undefined : new AgainstRef(ref);
}

export async function runCheck(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'format', value: true },
    { name: 'abi', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'base', value: true },
    { name: 'against', value: true },
    { name: 'only', value: true },
    { name: 'disable', value: true },
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
  const base = checkBase(single(args, 'base'));
  const opts: CheckOptions = {
    includeDirs: list(args, 'include'),
    abis: resolveAbis(single(args, 'abi') ?? 'all').map((a) => a.name),
    only: codes(single(args, 'only')),
    disable: codes(single(args, 'disable')),
  };
  const paths = [...args.positionals, ...args.rest];
  if (paths.length === 0) throw new UsageError('no PATH given');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError("stdin ('-') can be read only once");

  const patches = paths.filter(isPatchInput);
  const headers = await checkHeaders(paths.filter((p) => !isPatchInput(p)), opts, args, io);
  const patchRun = patches.length ? await runPatchAnalysis(patches, { ...opts, base }, io) : undefined;

  const findings = [...headers.findings, ...(patchRun?.diagnostics ?? [])];
  printFindings(format, findings, format === 'b4' ? b4Groups(headers, patchRun) : [], io);
  if (headers.inputFailed || patchRun?.inputFailed) return ExitCode.input;
  return reachesThreshold(findings, threshold) ? ExitCode.findings : ExitCode.ok;
}

interface HeaderRun {
  /** Findings per header file, in the order checked (b4 reports each file on its own). */
  perFile: { file: string; findings: Diagnostic[] }[];
  findings: Diagnostic[];
  inputFailed: boolean;
}

async function checkHeaders(paths: string[], opts: CheckOptions, args: ParsedArgs, io: CommandIo): Promise<HeaderRun> {
  const files: string[] = [];
  let inputFailed = false;
  for (const p of paths) if (!collectHeaders(p, files, io)) inputFailed = true;
  const perFile: HeaderRun['perFile'] = [];
  const against = againstOf(args);
  for (const file of files) {
    if (file.endsWith('.c')) {
      perFile.push({ file, findings: await checkCSource({ file, root: kernelRootOf(file), ...opts }) });
      continue;
    }
    const before = against?.beforeOf(file);
    perFile.push({ file, findings: await checkFiles({ files: [file], ...opts, forceUapi: flag(args, 'uapi'), before }) });
  }
  return { perFile, findings: perFile.flatMap((f) => f.findings), inputFailed };
}

/** b4 results: one per header file checked, then one per patch. */
function b4Groups(headers: HeaderRun, patchRun: PatchRun | undefined): B4Group[] {
  const byFile = headers.perFile.map((f) => ({ label: displayPath(f.file), diagnostics: f.findings }));
  return [...byFile, ...(patchRun ? groupsByPatch(patchRun) : [])];
}

function collectHeaders(path: string, out: string[], io: CommandIo): boolean {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    io.stderr(`kpw: error: ${path}: no such file or directory`);
    return false;
  }
  if (stat.isFile()) out.push(path);
  else if (stat.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (name.endsWith('.h') || statSync(full).isDirectory()) collectHeaders(full, out, io);
    }
  }
  return true;
}

function codes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const known = new Set([...CHECKS.map((c) => c.id), ...KERNEL_CODES]);
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const code of list) if (!known.has(code)) throw new UsageError(`unknown check code '${code}'`);
  return list;
}
