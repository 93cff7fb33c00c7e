// uapi-version-without-policy: a member named `version` in a new UAPI struct
// whose comments state neither its value nor a compatibility policy. vfio
// prefers a `flags` member (<20260414081238.23e2cecc@shazbot.org>).

import type { Diagnostic } from '../diag/diagnostic';
import type { FieldDecl } from '../lang/ast';
import type { Check, CheckContext } from './types';
import { allFieldDecls, eachRecordSteps, type CheckedRecord } from '../analysis/records';
import { runSync, type Steps } from '../steps';
import { lineText } from '../analysis/source-text';

export const uapiVersionWithoutPolicy: Check = {
  id: 'uapi-version-without-policy',
  summary: 'A version member in a new UAPI struct without a documented value or compatibility policy',
  defaultSeverity: 'warning',
  run(ctx: CheckContext): Diagnostic[] {
    return runSync(versionSteps(ctx));
  },
  steps: (ctx) => versionSteps(ctx),
};

/** A pause every RECORDS_PER_STEP records (eachRecordSteps). */
function* versionSteps(ctx: CheckContext): Steps<Diagnostic[]> {
  const out: Diagnostic[] = [];
  yield* eachRecordSteps(ctx, (rec) => {
    if (!isNew(ctx, rec)) return;
    for (const field of allFieldDecls(rec.decl)) {
      if (field.name !== 'version' || statesPolicy(ctx, rec, field)) continue;
      out.push({
        code: uapiVersionWithoutPolicy.id,
        severity: uapiVersionWithoutPolicy.defaultSeverity,
        file: field.loc.file,
        range: field.nameLoc?.range ?? field.loc.range,
        message:
          `${rec.display}: member 'version' has no documented value or compatibility policy ` +
          `(which value the kernel sets, what userspace does with another); document it, or use a 'flags' member instead`,
      });
    }
  });
  return out;
}

/** New in this change: not in the baseline's records of its file (every record when there is no baseline). */
function isNew(ctx: CheckContext, rec: CheckedRecord): boolean {
  const before = ctx.baseline?.records.get(rec.file);
  if (!ctx.baseline) return true;
  return !before?.has(rec.name);
}

/** Words that state a value or a policy: `version 1`, `= 1`, `compatible`, `incremented`, `specific to`, ... */
const POLICY =
  /\bversion\s*(?:=|is|of)?\s*\d|=\s*\d|\bcompatib|\bincrement|\bbump|\bspecific to\b|\bmust be\b|\bbackward|\bforward|\bnewer\b|\bolder\b|\bunknown version/i;

function statesPolicy(ctx: CheckContext, rec: CheckedRecord, field: FieldDecl): boolean {
  const texts = [
    rec.decl?.doc ?? '',
    lineText(ctx, field.loc.file, field.loc.range.start.line).replace(/^[^/]*/, ''),
  ];
  // Comment lines right above the member.
  for (let line = field.loc.range.start.line - 1; line >= 0; line--) {
    const t = lineText(ctx, field.loc.file, line).trim();
    if (!/^(\/\*|\*|\/\/)/.test(t)) break;
    texts.push(t);
  }
  return texts.some((t) => POLICY.test(t));
}
