// Proof by tracing: the CLI and the language server run under
// `strace -f -e trace=open,openat,openat2` on a tree seeded with every hostile
// layout at once, and no open (attempted or done) ever names a file outside
// the tree, /dev/zero or a FIFO. Skips without strace, except under CI=true.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { DIR_SHAPES, DEPTHS, makeLab, plant, SHAPES, type Lab } from './hostile-fs';

const ROOT = join(__dirname, '..', '..');
const HAVE_STRACE = spawnSync('strace', ['-V']).status === 0;
const skip =
  !HAVE_STRACE && process.env.CI !== 'true' ? 'strace is not installed (apt-get install strace)' : false;

/** Every path an open/openat/openat2 named, resolved against `cwd`. */
function openedPaths(log: string, cwd: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m =
      /\bopen(?:at2?)?\((?:AT_FDCWD|\d+<[^>]*>|-?\d+), "((?:[^"\\]|\\.)*)"/.exec(line) ??
      /\bopen\("((?:[^"\\]|\\.)*)"/.exec(line);
    if (m) out.push(resolve(cwd, m[1]));
  }
  return out;
}

/** Why opening `path` breaks the rule, or undefined: outside the lab's tree, a FIFO, /dev/zero. */
function violation(lab: Lab, path: string): string | undefined {
  const outside = realpathSync(lab.outside);
  if (path.startsWith(outside + '/') || path === outside) return 'under outside/';
  if (path === '/dev/zero') return '/dev/zero';
  if (!path.startsWith(lab.root + '/')) return undefined;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined; // dangling or a loop: no file was opened
  }
  if (real.startsWith(outside + '/') || real === '/dev/zero' || real === '/')
    return `through a link to ${real}`;
  if (!real.startsWith(lab.tree + '/') && real !== lab.tree && !real.startsWith(join(lab.root, 'in') + '/'))
    return `outside the tree (${real})`;
  try {
    if (statSync(real).isFIFO()) return 'a FIFO';
  } catch {
    return undefined;
  }
  return undefined;
}

function seed(lab: Lab): void {
  mkdirSync(join(lab.tree, 'include/uapi/linux'), { recursive: true });
  mkdirSync(join(lab.root, 'in'), { recursive: true });
  // One benign file every reader must open: proof the trace sees the tree at all.
  writeFileSync(join(lab.tree, 'include/uapi/linux/ok.h'), 'struct ok { int a; };\n');
  const includes: string[] = ['#include "ok.h"'];
  const patches: string[] = [
    'diff --git a/include/uapi/linux/ok.h b/include/uapi/linux/ok.h\n--- a/include/uapi/linux/ok.h\n+++ b/include/uapi/linux/ok.h\n@@ -1,1 +1,1 @@\n-struct ok { int a; };\n+struct ok { int a; int b; };\n',
  ];
  for (const shape of SHAPES) {
    for (const depth of DEPTHS) {
      const entry = `${depth}${shape}${DIR_SHAPES.has(shape) ? '-dir' : '.h'}`;
      plant(lab, entry, shape);
      const target = DIR_SHAPES.has(shape)
        ? `${entry}/${shape === 'root' ? 'etc/passwd' : 'secret.h'}`
        : entry;
      includes.push(`#include "../../../${target}"`);
      patches.push(
        `diff --git a/${target} b/${target}\n--- a/${target}\n+++ b/${target}\n@@ -1,1 +1,1 @@\n-x\n+struct s_${shape.replace(/-/g, '_')} { int a; };\n`,
      );
    }
  }
  writeFileSync(
    join(lab.tree, 'include/uapi/linux/inc.h'),
    `${includes.join('\n')}\nstruct inc { int a; };\n`,
  );
  const mail = `From 0 Mon Sep 17 00:00:00 2001\nFrom: T <t@example.com>\nSubject: [PATCH] all shapes\n\n---\n${patches.join('')}`;
  writeFileSync(join(lab.root, 'in', 'all.patch'), mail);
  writeFileSync(join(lab.tree, 'all.patch'), mail);
}

function traced(argv: string[], log: string): { status: number | null; out: string } {
  const r = spawnSync(
    'strace',
    ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, '--import', 'tsx', ...argv],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('every file open, traced', { skip }, () => {
  let lab: Lab;
  before(() => {
    lab = makeLab();
    seed(lab);
  });
  after(() => lab?.cleanup());

  const cliCases: [string, string[]][] = [
    ['kpw check DIR', ['check', '--abi', 'x86_64', 'TREE']],
    ['kpw check (includes)', ['check', '--abi', 'x86_64', 'TREE/include/uapi/linux/inc.h']],
    ['kpw patch --base', ['patch', '--abi', 'x86_64', '--pre-existing', '--base', 'TREE', 'IN/all.patch']],
    [
      'kpw patch --base --format b4',
      ['patch', '--abi', 'x86_64', '--format', 'b4', '--base', 'TREE', 'IN/all.patch'],
    ],
  ];
  for (const [name, args] of cliCases) {
    test(`${name}: nothing outside the roots is opened`, () => {
      const log = join(lab.root, `trace-${name.replace(/\W+/g, '-')}.log`);
      const argv = args.map((a) => a.replace('TREE', lab.tree).replace('IN', join(lab.root, 'in')));
      const r = traced([join(ROOT, 'src/cli/main.ts'), ...argv], log);
      assert.ok(r.status !== null && r.status !== 4, `exit ${r.status}: ${r.out.slice(0, 2000)}`);
      const opened = openedPaths(log, ROOT);
      assert.ok(
        opened.some((p) => p.startsWith(lab.tree)),
        'the trace saw the tree being read',
      );
      const bad = opened.map((p) => [p, violation(lab, p)]).filter(([, why]) => why);
      assert.deepEqual(bad, []);
    });
  }

  test('the language server: headers, patch documents and scenarios open nothing outside', async () => {
    const log = join(lab.root, 'trace-server.log');
    const child = spawn(
      'strace',
      [
        '-f',
        '-qq',
        '-e',
        'trace=open,openat,openat2',
        '-o',
        log,
        process.execPath,
        '--import',
        'tsx',
        join(ROOT, 'server/src/server.ts'),
        '--stdio',
      ],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const client = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const published = new Map<string, () => void>();
    const seen = new Set<string>();
    client.onRequest('workspace/configuration', () => [{}]);
    client.onRequest('workspace/inlayHint/refresh', () => null);
    client.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
      seen.add(p.uri);
      published.get(p.uri)?.();
    });
    client.listen();
    const published$ = (uri: string) =>
      seen.has(uri) ? Promise.resolve() : new Promise<void>((r) => published.set(uri, r));
    try {
      await client.sendRequest('initialize', {
        processId: null,
        rootUri: null,
        capabilities: { workspace: { configuration: true } },
        workspaceFolders: [{ uri: pathToFileURL(lab.tree).toString(), name: 'tree' }],
      });
      await client.sendNotification('initialized', {});
      const header = join(lab.tree, 'include/uapi/linux/inc.h');
      const patch = join(lab.tree, 'all.patch');
      const hUri = pathToFileURL(header).toString();
      const pUri = pathToFileURL(patch).toString();
      const waits = [published$(hUri), published$(pUri)];
      await client.sendNotification('textDocument/didOpen', {
        textDocument: { uri: hUri, languageId: 'c', version: 1, text: readFileSync(header, 'utf8') },
      });
      await client.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: pUri,
          languageId: 'kernel-patch',
          version: 1,
          text: readFileSync(patch, 'utf8'),
        },
      });
      await Promise.all(waits);
      for (const shape of SHAPES) {
        if (DIR_SHAPES.has(shape)) continue;
        const uri = pathToFileURL(join(lab.tree, `${shape}.h`)).toString();
        const r = (await client.sendRequest('kpw/sim/runScenario', { uri })) as { ok: boolean };
        assert.equal(r.ok, false, shape);
      }
      await client.sendRequest('shutdown');
      await client.sendNotification('exit');
    } finally {
      client.dispose();
      await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    }
    assert.ok(existsSync(log));
    const opened = openedPaths(log, ROOT);
    assert.ok(
      opened.some((p) => p.startsWith(lab.tree)),
      'the trace saw the tree being read',
    );
    const bad = opened.map((p) => [p, violation(lab, p)]).filter(([, why]) => why);
    assert.deepEqual(bad, []);
  });
});
