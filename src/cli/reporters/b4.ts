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
// read plain lines (b4/__init__.py run_local_check()): use --format b4-lines
// there (./b4-lines.ts).
//
// A result's status agrees with kpw's exit code: "fail" for an error or an input
// that could not be used (exit 3), "warn" for a finding at or above --fail-on,
// "pass" otherwise, so exit 0 is all "pass". url is empty: b4 shows it relative
// to the kernel tree, where a path into kpw's checkout does not exist, and the
// project publishes no docs site (the code in details names the check).

import type { Diagnostic } from '../../core/diag/diagnostic';
import { severityRank } from '../findings-output';
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
  /** An input of this group could not be used (kpw exits 3): the result fails whatever its findings. */
  failed?: boolean;
}

export const B4_TOOL = 'kpw';

/** `threshold`: the --fail-on severity rank (warning by default). */
export function toB4Results(groups: readonly B4Group[], threshold = severityRank.warning): B4Result[] {
  const labelled = groups.length > 1;
  return groups.map((g) => {
    const counts = countsText(g);
    return {
      tool: B4_TOOL,
      status: statusOf(g, threshold),
      summary: labelled && g.label ? `${g.label}: ${counts}` : counts,
      url: '',
      details: g.diagnostics.map(formatDiagnostic).join('\n'),
    };
  });
}

export function formatB4(groups: readonly B4Group[], threshold = severityRank.warning): string {
  return JSON.stringify(toB4Results(groups, threshold), null, 2);
}

function statusOf(g: B4Group, threshold: number): B4Status {
  if (g.failed || g.diagnostics.some((d) => d.severity === 'error')) return 'fail';
  if (g.diagnostics.some((d) => severityRank[d.severity] >= threshold)) return 'warn';
  return 'pass';
}

function countsText(g: B4Group): string {
  const list = g.diagnostics;
  const n = (sev: Diagnostic['severity'][]) => list.filter((d) => sev.includes(d.severity)).length;
  const parts = [
    plural(n(['error']), 'error'),
    plural(n(['warning']), 'warning'),
    plural(n(['info', 'hint']), 'note'),
  ].filter(Boolean);
  if (g.failed) return ['input could not be used', ...parts].join(', ');
  return parts.length ? parts.join(', ') : 'passed all checks';
}

function plural(count: number, word: string): string {
  return count === 0 ? '' : `${count} ${word}${count === 1 ? '' : 's'}`;
}
