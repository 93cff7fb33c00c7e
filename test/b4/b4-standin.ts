// A stand-in for how b4 (0.14-0.16) runs a check command, for the tests that need
// b4 behaviour the Debian b4 0.14.2 lacks (the 0.15+ review hook) or that must run
// without python: the command split like a shell (shlex) but run with no shell, in
// the repository's top directory, one message on stdin with no `From ` line and its
// body DECODED under the original Content-Transfer-Encoding header
// (LoreMessage.get_msg_as_bytes); am/prep output graded line by line
// (LoreMessage.run_local_check), review JSON read whatever the exit code
// (review/checks.py _run_external_cmd); results cached per command + Message-ID.

import { spawnSync } from 'node:child_process';

export type LineFlag = 'success' | 'warning' | 'fail';

/** shlex.shlex(cmd, posix=True) with whitespace_split: quotes and backslashes, no `~` or `$VAR`. */
export function shlexSplit(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i];
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) throw new Error('No closing quotation');
      cur += cmd.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < cmd.length && cmd[j] !== '"'; j++) {
        if (cmd[j] === '\\' && (cmd[j + 1] === '"' || cmd[j + 1] === '\\')) j++;
        cur += cmd[j];
      }
      if (j >= cmd.length) throw new Error('No closing quotation');
      has = true;
      i = j;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** What b4 writes to the command's stdin: headers as they were, a blank line, the decoded payload. */
export function b4Stdin(mail: string): string {
  const text = mail.replace(/\r\n/g, '\n').replace(/^From [^\n]*\n/, '');
  const blank = text.indexOf('\n\n');
  const head = blank < 0 ? text : text.slice(0, blank);
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const cte = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  let payload = body;
  if (cte === 'base64') payload = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (cte === 'quoted-printable')
    payload = Buffer.from(
      body
        .replace(/=\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const lines = payload.split('\n').map((l) => l.replace(/[\r\n]*$/, ''));
  return `${head}\n\n${lines.join('\n')}\n`;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCheckCmd(cmd: string, mail: string, cwd: string, env?: NodeJS.ProcessEnv): Run {
  const [bin, ...args] = shlexSplit(cmd);
  const r = spawnSync(bin, args, {
    cwd,
    input: b4Stdin(mail),
    encoding: 'utf8',
    env: env ?? process.env,
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** run_local_check's grading of an am/prep check command's output. */
export function gradeLines(run: Run, name: string): [LineFlag, string][] {
  const report: [LineFlag, string][] = [];
  const out = run.stdout.trim();
  const err = run.stderr.trim();
  for (const line of out ? out.split('\n') : [])
    report.push([line.includes('ERROR:') ? 'fail' : 'warning', `${name}: ${line.replace(/^-:/, '')}`]);
  for (const line of err ? err.split('\n') : []) report.push(['fail', `${name}: ${line.replace(/^-:/, '')}`]);
  if (!out && !err)
    report.push(
      run.code
        ? ['fail', `${name}: Exited with error code ${run.code}`]
        : ['success', `${name}: passed all checks`],
    );
  return report;
}

export interface ReviewResult {
  tool: string;
  status: 'pass' | 'warn' | 'fail';
  summary: string;
  url: string;
  details: string;
}

/** _run_external_cmd: stdout parsed as JSON whatever the exit code; an unknown status becomes fail. */
export function gradeReview(run: Run): ReviewResult[] | { error: string } {
  if (!run.stdout.trim()) return { error: run.code ? `exited with ${run.code} and no JSON` : 'no output' };
  let data: unknown;
  try {
    data = JSON.parse(run.stdout);
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
  const list = Array.isArray(data) ? data : [data];
  return list.map((o: Record<string, unknown>) => ({
    tool: String(o.tool ?? ''),
    status: ['pass', 'warn', 'fail'].includes(o.status as string)
      ? (o.status as ReviewResult['status'])
      : 'fail',
    summary: String(o.summary ?? ''),
    url: String(o.url ?? ''),
    details: String(o.details ?? ''),
  }));
}

/** b4's check cache: per command and Message-ID, 10 minutes. */
export class CheckCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();
  constructor(private readonly ttlMs = 10 * 60 * 1000) {}
  get(cmd: string, msgid: string, compute: () => T, now = Date.now()): { value: T; cached: boolean } {
    const key = `${cmd}${msgid}`;
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return { value: hit.value, cached: true };
    const value = compute();
    this.entries.set(key, { at: now, value });
    return { value, cached: false };
  }
}
