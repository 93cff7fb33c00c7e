// Every CLI error path exits with its documented code (docs/cli.md: 0 ok,
// 1 findings, 2 usage, 3 input, 4 internal) and says what and where: cases
// as data in cli-error-cases.json ($TMP holds the bad inputs made below).

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main';

interface Case {
  args: string[];
  exit: number;
  /** Fragments the output must contain (the file, the cause): usage errors on stderr, input problems as gcc-style diagnostics. */
  output?: string[];
}

const ROOT = join(__dirname, '..', '..');
const cases = JSON.parse(readFileSync(join(__dirname, 'cli-error-cases.json'), 'utf8')) as Case[];
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'kpw-cli-errors-')));
after(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(join(tmp, 'empty-dir'));
writeFileSync(join(tmp, 'empty.patch'), '');
writeFileSync(join(tmp, 'nul.patch'), 'From: a\0b\n\ndiff --git a/x b/x\n');
writeFileSync(
  join(tmp, 'http-404.txt'),
  'GET /api/patches/1/\n\nHTTP 404 Not Found\nContent-Type: application/json\n\n{"detail": "Not found."}\n',
);
writeFileSync(
  join(tmp, 'truncated.json'),
  '{"id": 1, "name": "[PATCH] x", "diff": "diff --git a/x.h b/x.h\\n',
);
writeFileSync(join(tmp, 'not-json.json'), '{ steps: [ }');
writeFileSync(
  join(tmp, 'bad-step.json'),
  JSON.stringify({ steps: [{ op: 'open' }, { op: 'ioctl', flags: 'GET|ZPCI_ERROR' }] }),
);

const expand = (a: string) => a.split('$TMP').join(tmp);

async function run(
  args: string[],
  io?: { stdout(t: string): void },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const code = await main(args, { stdout: io?.stdout ?? ((t) => out.push(t)), stderr: (t) => err.push(t) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.chdir(cwd);
  }
}

describe('CLI error paths', () => {
  for (const c of cases) {
    test(`kpw ${c.args.join(' ')} -> ${c.exit}`, async () => {
      const r = await run(c.args.map(expand));
      assert.equal(r.code, c.exit, `exit code; stderr:\n${r.stderr}`);
      const all = `${r.stderr}\n${r.stdout}`;
      if (c.exit === 2) assert.ok(r.stderr.trim().length > 0, 'a usage error says something on stderr');
      if (c.exit >= 3) assert.ok(all.trim().length > 0, 'an input error says something');
      assert.doesNotMatch(all, /internal error/, 'no internal error on bad input');
      for (const fragment of c.output ?? [])
        assert.ok(all.includes(expand(fragment)), `the output names ${expand(fragment)}:\n${all}`);
    });
  }

  test('a crash inside a command is exit 4 with a message saying it is a bug', async () => {
    const r = await run(['layout', 'test/fixtures/cli/holes.h'], {
      stdout: () => {
        throw new Error('EPIPE: the pipe is gone');
      },
    });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /internal error: Error: EPIPE: the pipe is gone/);
    assert.match(r.stderr, /bug in kpw/);
  });
});
