// `kpw check [--format text|json|sarif] [-I DIR]... PATH...`: the UAPI rules
// and feature-number checks on headers (directories are searched for *.h),
// the same checks the editor runs, reported gcc-style, as JSON or as SARIF.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS } from '../../core/abi/index';
import type { Diagnostic, Severity } from '../../core/diag/diagnostic';
import { CHECKS } from '../../core/checks/registry';
import { checkFiles } from '../../core/checks/run';
import { flag, list, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { formatDiagnostic } from '../reporters/diagnostics-text';
import { formatJson } from '../reporters/json';
import { formatSarif } from '../reporters/sarif';
import { resolveAbis } from './layout';
import type { CommandIo } from './command';
import { KPW_VERSION } from '../version';

export const checkUsage = `usage: kpw check [--format text|json|sarif] [--abi LIST|all] [-I DIR]... [--only CODES] [--disable CODES]
                 [--uapi] [--fail-on error|warning|note] PATH...

Runs the UAPI layout rules and feature-number checks on the headers named (a
directory is searched for *.h). Findings on stdout; exit 1 when any finding is
at or above --fail-on (default: warning).
  --format F     text (gcc-style, default), json, or sarif (SARIF 2.1.0)
  --abi LIST     ABIs to lay out (default: all: ${ABIS.map((a) => a.name).join(', ')})
  --only CODES   comma-separated check codes to run; --disable CODES to skip some
  --uapi         apply the UAPI rules even outside include/uapi and installed headers
  -I DIR         add DIR to the include path (searched first)`;

const rank: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

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

function failThreshold(value: string | undefined): number {
  if (value === undefined) return rank.warning;
  const map: Record<string, number> = { error: rank.error, warning: rank.warning, note: rank.info };
  if (!(value in map)) throw new UsageError(`--fail-on takes error, warning or note, not '${value}'`);
  return map[value];
}

function codes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const known = new Set(CHECKS.map((c) => c.id));
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const code of list) if (!known.has(code)) throw new UsageError(`unknown check code '${code}'`);
  return list;
}

export async function runCheck(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'format', value: true },
    { name: 'abi', value: true },
    { name: 'include', short: 'I', value: true, repeat: true },
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
  const format = single(args, 'format') ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format '${format}'`);
  const abis = resolveAbis(single(args, 'abi') ?? 'all').map((a) => a.name);
  const threshold = failThreshold(single(args, 'fail-on'));
  const only = codes(single(args, 'only'));
  const disable = codes(single(args, 'disable'));
  const paths = [...args.positionals, ...args.rest];
  if (paths.length === 0) throw new UsageError('no PATH given');

  const files: string[] = [];
  let inputFailed = false;
  for (const p of paths) if (!collectHeaders(p, files, io)) inputFailed = true;

  const findings: Diagnostic[] = [];
  for (const file of files) {
    const found = await checkFiles({
      files: [file],
      includeDirs: list(args, 'include'),
      abis,
      forceUapi: flag(args, 'uapi'),
      only,
      disable,
    });
    findings.push(...found);
  }
  if (format === 'json') io.stdout(formatJson(findings));
  else if (format === 'sarif') io.stdout(formatSarif(findings, CHECKS.map((c) => ({ id: c.id, summary: c.summary })), KPW_VERSION));
  else if (findings.length) io.stdout(findings.map(formatDiagnostic).join('\n'));

  if (inputFailed) return ExitCode.input;
  return findings.some((d) => rank[d.severity] >= threshold) ? ExitCode.findings : ExitCode.ok;
}
