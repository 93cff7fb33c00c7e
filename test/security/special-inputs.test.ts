// Inputs that are not regular files, or are too large, generated per kind and
// given to every command that reads a named file (patch, check, layout, sim)
// and to stdin: each is refused with a clear error naming it (exit 3), by type
// before it is opened and by size before it is read; nothing hangs or grows.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIMITS, readRegularBytes, HostRefusal } from '../../src/core/host/index';
import { makeLab, mkfifo, oversize, type Lab } from './hostile-fs';

const ROOT = join(__dirname, '..', '..');

interface Special {
  name: string;
  /** Makes the input for a file name ending in `ext`; returns its path. */
  make(lab: Lab, ext: string, limit: number): string;
  /** What the error must say about it. */
  cause: RegExp;
}

const NOT_REGULAR = /not a regular file|a character device|a FIFO|a socket/;

/** The class: devices, FIFOs, sockets, links to them, directories, and regular files one byte over the limit. */
const SPECIALS: Special[] = [
  { name: 'dev-zero', make: () => '/dev/zero', cause: NOT_REGULAR },
  { name: 'dev-null', make: () => '/dev/null', cause: NOT_REGULAR },
  { name: 'dev-urandom', make: () => '/dev/urandom', cause: NOT_REGULAR },
  { name: 'fifo', make: (lab, ext) => fifoAt(join(lab.tree, `fifo${ext}`)), cause: NOT_REGULAR },
  {
    name: 'link-to-dev-zero',
    make: (lab, ext) => linkAt(join(lab.tree, `zero${ext}`), '/dev/zero'),
    cause: NOT_REGULAR,
  },
  {
    name: 'link-to-fifo',
    make: (lab, ext) => linkAt(join(lab.tree, `lfifo${ext}`), fifoAt(join(lab.tree, `real-fifo${ext}`))),
    cause: NOT_REGULAR,
  },
  { name: 'socket', make: (lab, ext) => join(lab.tree, `sock${ext}`), cause: NOT_REGULAR },
  {
    name: 'oversize',
    make: (lab, ext, limit) => oversize(join(lab.tree, `big${ext}`), limit),
    cause: /larger than the \d+ MiB limit/,
  },
];

const sockets: Server[] = [];

function fifoAt(path: string): string {
  mkfifo(path);
  return path;
}

function linkAt(path: string, target: string): string {
  symlinkSync(target, path);
  return path;
}

function kpw(args: string[], input?: string): { status: number | null; out: string; signal: string | null } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, signal: r.signal };
}

/** Each command, with the extension its inputs get and the limit that applies to them. */
const COMMANDS: { name: string; args: string[]; ext: string; limit: number; many: boolean }[] = [
  {
    name: 'kpw patch',
    args: ['patch', '--abi', 'x86_64'],
    ext: '.patch',
    limit: LIMITS.patchInputBytes,
    many: true,
  },
  {
    name: 'kpw check',
    args: ['check', '--abi', 'x86_64'],
    ext: '.patch',
    limit: LIMITS.patchInputBytes,
    many: true,
  },
  {
    name: 'kpw check (headers)',
    args: ['check', '--abi', 'x86_64'],
    ext: '.h',
    limit: LIMITS.headerBytes,
    many: true,
  },
  {
    name: 'kpw layout',
    args: ['layout', '--abi', 'x86_64'],
    ext: '.h',
    limit: LIMITS.headerBytes,
    many: true,
  },
  { name: 'kpw sim', args: ['sim'], ext: '.json', limit: LIMITS.scenarioBytes, many: false },
];

describe('special and oversize inputs, per command', () => {
  let lab: Lab;
  before(() => {
    lab = makeLab();
  });
  after(() => {
    sockets.forEach((s) => s.close());
    lab.cleanup();
  });

  for (const cmd of COMMANDS) {
    test(`${cmd.name}: every special input is refused by name and cause (exit 3), nothing hangs`, async () => {
      const dir = join(lab.tree, cmd.name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      const sub: Lab = { ...lab, tree: dir };
      const inputs: { special: Special; path: string }[] = [];
      for (const special of SPECIALS) {
        const path = special.make(sub, cmd.ext, cmd.limit);
        if (special.name === 'socket') await listen(path);
        inputs.push({ special, path });
      }
      const runs = cmd.many
        ? [kpw([...cmd.args, ...inputs.map((i) => i.path)])]
        : inputs.map((i) => kpw([...cmd.args, i.path]));
      for (const [n, r] of runs.entries()) {
        assert.equal(r.signal, null, `${cmd.name} was killed (it hung): ${r.out.slice(0, 500)}`);
        assert.equal(r.status, 3, `${cmd.name}: exit ${r.status}\n${r.out}`);
        for (const { special, path } of cmd.many ? inputs : [inputs[n]]) {
          const line = r.out.split('\n').find((l) => l.includes(path));
          assert.ok(line, `${special.name}: ${path} is named\n${r.out}`);
          assert.match(line, special.cause, `${special.name}: ${line}`);
        }
      }
    });
  }

  test('an oversize header named alone is an input error too (exit 3), for check and layout', () => {
    const big = oversize(join(lab.tree, 'alone-big.h'), LIMITS.headerBytes);
    for (const cmd of [
      ['check', '--abi', 'x86_64'],
      ['layout', '--abi', 'x86_64'],
    ]) {
      const r = kpw([...cmd, big]);
      assert.equal(r.status, 3, `${cmd[0]}: ${r.out}`);
      assert.match(r.out, /alone-big\.h: 16777217 bytes, larger than the 16 MiB limit for headers/);
    }
  });

  test('stdin: /dev/zero piped in stops at the stdin limit with a clear error (exit 3)', () => {
    const r = spawnSync(
      'sh',
      [
        '-c',
        `head -c ${LIMITS.stdinBytes + 1} /dev/zero | "${process.execPath}" --import tsx src/cli/main.ts patch -`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.signal, null);
    assert.equal(r.status, 3, r.stderr);
    assert.match(
      r.stderr,
      /<stdin>: cannot read: more than \d+ bytes, larger than the 64 MiB limit for stdin/,
    );
  });

  test('the reader caps while reading, not only by the size stat reports (/proc files say 0)', () => {
    assert.throws(
      () => readRegularBytes('/proc/self/status', 16, 'tests'),
      (e) =>
        e instanceof HostRefusal &&
        e.reason === 'too-large' &&
        /more than 16 bytes, larger than the 16 bytes limit for tests/.test(e.message),
    );
    assert.ok((readRegularBytes('/proc/self/status', 1 << 20)?.length ?? 0) > 16);
  });
});

function listen(path: string): Promise<void> {
  return new Promise((resolve) => {
    const server = createServer();
    sockets.push(server);
    server.listen(path, () => resolve());
  });
}
