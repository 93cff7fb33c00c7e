// CLI tests as data: test/cli/cases.json lists argument vectors with their
// expected exit code and either a golden stdout (test/golden/cli/<name>.stdout,
// rewritten with KPW_UPDATE_GOLDEN=1) or a fragment stdout/stderr must contain.
// Arguments may name $TMP (a temporary directory holding $TMP/base, a tree with
// Debian's 7.2.13 vfio.h, and $TMP/patchwork-2222859, the seed API page copied
// without its extension) or $UAPI_7_2; output shows those paths as the names.
// A case with `stdin` spawns the real process with that file on its stdin.

import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main';
import { KPW_VERSION } from '../../src/cli/version';
import { SHARED_DIR, UAPI_7_2 } from '../shared-fixtures';
import { systemHeadersSkip } from '../system-headers';

interface Case {
  name: string;
  args: string[];
  exit: number;
  golden?: boolean;
  stdout?: string;
  /** A fragment stderr must contain, or several (a diagnostic's file:line, cause, code). */
  stderr?: string | string[];
  /** A file (relative to the project root, placeholders allowed) piped to the spawned process's stdin. */
  stdin?: string;
}

const root = join(__dirname, '..', '..');
const cases: Case[] = JSON.parse(readFileSync(join(__dirname, 'cases.json'), 'utf8'));
const update = process.env.KPW_UPDATE_GOLDEN === '1';

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'kpw-cli-')));
mkdirSync(join(tmp, 'base/include/uapi/linux'), { recursive: true });
copyFileSync(join(UAPI_7_2, 'linux/vfio.h'), join(tmp, 'base/include/uapi/linux/vfio.h'));
copyFileSync(join(SHARED_DIR, 'fixtures/patchwork-api-2222859.txt'), join(tmp, 'patchwork-2222859'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const placeholders: [string, string][] = [
  ['$UAPI_7_2', UAPI_7_2],
  ['$TMP', tmp],
];

function expand(arg: string): string {
  return placeholders.reduce((a, [name, value]) => a.split(name).join(value), arg);
}

/** Output with the machine-specific paths put back as their placeholder names. */
function normalize(text: string): string {
  return placeholders.reduce((t, [name, value]) => t.split(value).join(name), text);
}

/** The real process, for stdin: `node --import tsx src/cli/main.ts ARGS < file`. */
function spawnCli(args: string[], stdinFile: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    input: readFileSync(join(root, stdinFile)),
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const code = await main(args, {
      stdout: (t) => (stdout += `${t}\n`),
      stderr: (t) => (stderr += `${t}\n`),
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

for (const c of cases) {
  test(
    `kpw ${c.args.join(' ')}${c.stdin ? ` < ${c.stdin}` : ''}`,
    { skip: systemHeadersSkip() },
    async () => {
      const args = c.args.map(expand);
      const raw = c.stdin ? spawnCli(args, expand(c.stdin)) : await run(args);
      const r = { code: raw.code, stdout: normalize(raw.stdout), stderr: normalize(raw.stderr) };
      assert.equal(r.code, c.exit, `exit code; stderr:\n${r.stderr}`);
      for (const fragment of typeof c.stderr === 'string' ? [c.stderr] : (c.stderr ?? [])) {
        assert.ok(
          r.stderr.includes(fragment),
          `stderr should contain ${JSON.stringify(fragment)}:\n${r.stderr}`,
        );
      }
      if (c.stdout)
        assert.ok(
          r.stdout.includes(c.stdout),
          `stdout should contain ${JSON.stringify(c.stdout)}:\n${r.stdout}`,
        );
      if (c.golden) {
        const file = join(root, 'test', 'golden', 'cli', `${c.name}.stdout`);
        if (update) writeFileSync(file, r.stdout);
        assert.equal(r.stdout, readFileSync(file, 'utf8'));
      }
    },
  );
}

test('the kpw process exits with the documented code', () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'layout', '--abi', 'nope', 'x.h'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown ABI 'nope'/);
});

test('KPW_VERSION matches package.json', () => {
  assert.equal(KPW_VERSION, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});
