// `--format b4`: the JSON array b4's external check commands print, one result
// per patch (or per header file) with tool "kpw", status pass/warn/fail, a
// short summary, the findings gcc-style as details and a docs link as url.
//
// The protocol, as b4 defines it (mricon/b4):
// - docs/maintainer/review.rst, "Writing an external check script": a command
//   configured as `b4.review-perpatch-check-cmd` (or `review-series-check-cmd`,
//   which gets the cover letter) receives one RFC 2822 message on stdin and
//   prints a JSON array of {"tool", "status", "summary", "url", "details"};
//   tool and status ("pass" | "warn" | "fail") are required, summary is a
//   one-line summary, url a link to open in a browser, details multi-line text;
//   `[]` means nothing to report; a non-zero exit with no JSON on stdout is an
//   execution error. misc/review-ci-example.py shows the same fields.
// - src/b4/review/checks.py, _run_external_cmd(): parses stdout as JSON
//   whatever the exit code (so exit 1 with findings is fine), wraps a lone
//   object in a list, turns an unknown status into "fail", defaults missing
//   summary/url/details to "", and caches by (message-id, tool), so one
//   message should get one "kpw" result.
// `b4 prep --check` / `b4 am --check` (prep-/am-perpatch-check-cmd) instead
// read checkpatch-style text lines (src/b4/ez.py check()); use --format text there.

import type { Diagnostic } from '../../core/diag/diagnostic';
import { getCheck } from '../../core/api/index';
import { formatDiagnostic } from './diagnostics-text';

export type B4Status = 'pass' | 'warn' | 'fail';

export interface B4Result {
  tool: string;
  status: B4Status;
  summary: string;
  url: string;
  details: string;
}

/** The findings of one patch (or one header file); `label` names it when a run covers several. */
export interface B4Group {
  label: string;
  diagnostics: readonly Diagnostic[];
}

export const B4_TOOL = 'kpw';

export function toB4Results(groups: readonly B4Group[]): B4Result[] {
  const labelled = groups.length > 1;
  return groups.map((g) => {
    const counts = countsText(g.diagnostics);
    return {
      tool: B4_TOOL,
      status: statusOf(g.diagnostics),
      summary: labelled && g.label ? `${g.label}: ${counts}` : counts,
      url: docsUrl(g.diagnostics),
      details: g.diagnostics.map(formatDiagnostic).join('\n'),
    };
  });
}

export function formatB4(groups: readonly B4Group[]): string {
  return JSON.stringify(toB4Results(groups), null, 2);
}

function statusOf(list: readonly Diagnostic[]): B4Status {
  if (list.some((d) => d.severity === 'error')) return 'fail';
  if (list.some((d) => d.severity === 'warning')) return 'warn';
  return 'pass';
}

function countsText(list: readonly Diagnostic[]): string {
  const n = (sev: Diagnostic['severity'][]) => list.filter((d) => sev.includes(d.severity)).length;
  const parts = [plural(n(['error']), 'error'), plural(n(['warning']), 'warning'), plural(n(['info', 'hint']), 'note')].filter(Boolean);
  return parts.length ? parts.join(', ') : 'passed all checks';
}

function plural(count: number, word: string): string {
  return count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The docs page of the first finding whose code is a check (reading problems have no page). */
function docsUrl(list: readonly Diagnostic[]): string {
  const code = list.find((d) => getCheck(d.code))?.code;
  return code ? `docs/checks/${code}.md` : '';
}
