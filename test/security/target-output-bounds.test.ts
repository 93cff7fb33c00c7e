// A target's output is bounded: a program printing without end (no newline,
// on stdout or on stderr) is stopped at the per-stream byte cap with a clear
// problem, `kpw run` exits 3 (the target could not be used; not 1, "an
// expectation failed"), and its local temp dir is removed. Sizes generated.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runRun } from '../../src/cli/commands/run';
import { runProgram } from '../../src/core/runner/spawn';
import { installFakeTools } from './fake-tools';

const FLOOD = `yes x | tr -d '\\n'`;
const SCENARIO = join(__dirname, '../fixtures/target/probe-and-get.json');

describe('target output bounds', () => {
  for (const stream of ['stdout', 'stderr'] as const) {
    for (const cap of [4096, 1 << 20, 16 << 20]) {
      test(`a program flooding ${stream} without a newline is stopped at ${cap} bytes`, async () => {
        let longest = 0;
        const out = await runProgram('sh', ['-c', stream === 'stdout' ? FLOOD : `${FLOOD} >&2`], {
          maxStreamBytes: cap,
          onStdoutLine: (l) => (longest = Math.max(longest, l.length)),
          onStderrLine: (l) => (longest = Math.max(longest, l.length)),
        });
        assert.equal(out.overflow?.stream, stream);
        assert.match(
          out.overflow?.message ?? '',
          new RegExp(`more than .* on ${stream} \\(the limit per stream\\); it was stopped`),
        );
        assert.ok(out[stream].length <= cap, `${out[stream].length} kept`);
        assert.ok(longest <= cap);
        assert.notEqual(out.code, 0);
      });
    }
  }

  for (const stream of ['stdout', 'stderr'] as const) {
    test(`kpw run: a target flooding ${stream} exits 3 with an output-limit error and leaves no temp dir`, async () => {
      const ssh = [
        'for last; do :; done',
        'case "$last" in',
        '  mktemp*) echo /tmp/kpw-probe.AbCd1234 ;;',
        `  *chmod\\ 700*) ${stream === 'stdout' ? FLOOD : `${FLOOD} >&2`} ;;`,
        '  *) exit 0 ;;',
        'esac',
      ].join('\n');
      const fake = installFakeTools(['ssh', 'scp'], { ssh, scp: 'exit 0' });
      // A private TMPDIR: whatever the runner leaves behind there is seen.
      const tmp = mkdtempSync(join(tmpdir(), 'kpw-run-tmp-'));
      const saved = process.env.TMPDIR;
      process.env.TMPDIR = tmp;
      const err: string[] = [];
      try {
        const code = await runRun(
          ['--ssh', 'ssh://tester@target.example:2222', '--build', 'remote', SCENARIO],
          { stdout: () => undefined, stderr: (t) => err.push(t) },
        );
        assert.equal(code, 3, err.join('\n'));
        assert.match(err.join('\n'), new RegExp(`wrote more than 16 MiB on ${stream}.*\\[output-limit\\]`));
        assert.deepEqual(readdirSync(tmp), [], 'the local temp dir is removed');
        const sshCalls = fake.calls().filter((c) => c.tool === 'ssh');
        assert.ok(
          sshCalls.every(
            (c) =>
              c.argv.includes('-p') &&
              c.argv[c.argv.indexOf('-p') + 1] === '2222' &&
              c.argv.includes('tester@target.example'),
          ),
        );
      } finally {
        fake.restore();
        if (saved === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = saved;
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
