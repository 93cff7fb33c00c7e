// Turns the per-ABI changes between a baseline's models and the context's
// models into diagnostics: one per (code, subject, member, kind of change),
// naming the ABIs and the per-ABI detail, and the convention that makes an
// extension compatible. Memoized per check context; the compat-* checks filter it.

import { resolve } from 'node:path';
import type { Diagnostic, Severity } from '../diag/diagnostic';
import type { HeaderModel } from '../model/header-model';
import { ZERO_RANGE } from '../text/position';
import type { CheckContext } from '../analysis/context';
import { abiList, groupBy } from '../analysis/records';
import { uapiFiles } from '../analysis/scope';
import { diffModels } from './diff-models';
import { CONVENTION_TEXT, type CompatChange, type CompatCode } from './types';
import { pushAll } from '../text/push-all';

const memo = new WeakMap<CheckContext, Diagnostic[]>();

/** Every compat finding of the context (empty without baseline models). */
export function compatFindings(ctx: CheckContext): Diagnostic[] {
  let out = memo.get(ctx);
  if (!out) memo.set(ctx, (out = compute(ctx)));
  return out;
}

/** The findings of one compat code, with the check's severity. */
export function compatFindingsOf(ctx: CheckContext, code: CompatCode, severity: Severity): Diagnostic[] {
  return compatFindings(ctx)
    .filter((d) => d.code === code)
    .map((d) => ({ ...d, severity }));
}

function compute(ctx: CheckContext): Diagnostic[] {
  const befores = ctx.before ?? ctx.baseline?.models;
  if (!befores?.length) return [];
  const files = uapiFiles(ctx);
  if (files.size === 0) return [];
  const changes: CompatChange[] = [];
  for (const after of ctx.models) {
    const before = befores.find((m) => m.abi.name === after.abi.name);
    // A refused side (over a size limit, with its error) holds nothing to compare: a partial
    // list of #defines called every define after the stop "removed", 300,000 of them in 4.4 GB.
    if (before && !before.refused && !after.refused) pushAll(changes, diffModels({ before, after, files }));
  }
  const fallback = ctx.files.map((f) => resolve(f)).find((f) => files.has(f)) ?? resolve(ctx.files[0]);
  const groups = groupBy(changes, (c) => `${c.code}|${c.subject}|${c.member ?? ''}|${c.what}`);
  return [...groups.values()].map((g) => toDiagnostic(g, ctx.models, befores, fallback));
}

function toDiagnostic(
  group: CompatChange[],
  afters: HeaderModel[],
  befores: HeaderModel[],
  fallback: string,
): Diagnostic {
  const first = group[0];
  const byDetail = [...groupBy(group, (c) => c.detail).values()];
  const all = afters.map((m) => m.abi.name);
  const abis = group.map((c) => c.abi);
  const onAll = abis.length === all.length;
  const detail = byDetail
    .map((g) =>
      byDetail.length === 1 && onAll ? g[0].detail : `${g[0].detail} on ${abiList(g.map((c) => c.abi))}`,
    )
    .join('; ');
  const everywhere = onAll && byDetail.length === 1 ? ' (every ABI)' : '';
  const conv = first.convention ? `; compatible: ${CONVENTION_TEXT[first.convention]}` : '';
  const note = first.note ? `; ${first.note}` : '';
  const message = `${first.subject}: ${detail}${everywhere}${conv}${note}`;
  const loc = first.loc;
  if (loc)
    return { code: first.code, severity: 'warning', file: resolve(loc.file), range: loc.range, message };
  // Removed things have no place in the after file: report them at its top, naming where they were.
  const was = first.beforeLoc
    ? ` (was at line ${first.beforeLoc.range.start.line + 1}${fileOf(first.beforeLoc.file, befores)})`
    : '';
  return {
    code: first.code,
    severity: 'warning',
    file: fallback,
    range: ZERO_RANGE,
    message: `${message}${was}`,
  };
}

function fileOf(file: string, befores: HeaderModel[]): string {
  const main = befores[0]?.mainFiles ?? [];
  return main.length > 1 || !main.includes(resolve(file)) ? ` of ${file}` : '';
}
