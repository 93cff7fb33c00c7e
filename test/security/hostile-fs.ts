// Test helper: a generator of hostile file-system layouts. A lab holds a tree
// (what kpw is pointed at) and an `outside` directory with secrets, a FIFO and
// links to devices; `plant` puts one shape of link (or special file) at any
// path of the tree, and `SHAPES` x `DEPTHS` enumerate the class for the tests.

import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Text that must never appear in any output: it is only in files outside the tree. */
export const SECRET = 'KPW_SECRET_9f3c';

export type Shape =
  | 'outside-file'
  | 'outside-dir'
  | 'chain-out'
  | 'dangling'
  | 'loop-self'
  | 'loop-pair'
  | 'dev-zero'
  | 'fifo-outside'
  | 'fifo-inside'
  | 'link-to-fifo'
  | 'root';

export const SHAPES: readonly Shape[] = [
  'outside-file',
  'outside-dir',
  'chain-out',
  'dangling',
  'loop-self',
  'loop-pair',
  'dev-zero',
  'fifo-outside',
  'fifo-inside',
  'link-to-fifo',
  'root',
];

/** Where a link is planted: at the top of the tree and deep inside it. */
export const DEPTHS: readonly string[] = ['', 'a/b/c/d/'];

/** Shapes that name a directory (planted where a directory is expected). */
export const DIR_SHAPES: ReadonlySet<Shape> = new Set(['outside-dir', 'root']);

export interface Lab {
  root: string;
  tree: string;
  outside: string;
  cleanup(): void;
}

/** A fresh lab: outside/ holds a secret header, a passwd-like file and a FIFO. */
export function makeLab(): Lab {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'kpw-hostile-')));
  const tree = join(root, 'tree');
  const outside = join(root, 'outside');
  mkdirSync(tree, { recursive: true });
  mkdirSync(join(outside, 'linux'), { recursive: true });
  const secretHeader = `/* ${SECRET} */\nstruct kpw_secret { int ${SECRET}_member; long b; };\n#define ${SECRET}_NUMBER 7\n`;
  writeFileSync(join(outside, 'secret.h'), secretHeader);
  writeFileSync(join(outside, 'linux', 'secret.h'), secretHeader);
  writeFileSync(join(outside, 'passwd'), `${SECRET}:x:0:0:root:/root:/bin/sh\n`);
  mkfifo(join(outside, 'fifo'));
  return { root, tree, outside, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Creates `shape` at tree/`rel` (parents made as needed). */
export function plant(lab: Lab, rel: string, shape: Shape): string {
  const at = join(lab.tree, rel);
  mkdirSync(dirname(at), { recursive: true });
  switch (shape) {
    case 'outside-file':
      symlinkSync(join(lab.outside, 'secret.h'), at);
      break;
    case 'outside-dir':
      symlinkSync(lab.outside, at);
      break;
    case 'chain-out': {
      // tree/x -> tree/.hop-x -> outside/secret.h: the first hop stays inside.
      const hop = join(dirname(at), `.hop-${rel.replace(/\W/g, '_')}`);
      symlinkSync(join(lab.outside, 'secret.h'), hop);
      symlinkSync(hop, at);
      break;
    }
    case 'dangling':
      symlinkSync(join(lab.root, 'nowhere', 'gone.h'), at);
      break;
    case 'loop-self':
      symlinkSync(at, at);
      break;
    case 'loop-pair': {
      const other = `${at}.pair`;
      symlinkSync(other, at);
      symlinkSync(at, other);
      break;
    }
    case 'dev-zero':
      symlinkSync('/dev/zero', at);
      break;
    case 'fifo-outside':
      symlinkSync(join(lab.outside, 'fifo'), at);
      break;
    case 'fifo-inside':
      mkfifo(at);
      break;
    case 'link-to-fifo': {
      const fifo = `${at}.fifo`;
      mkfifo(fifo);
      symlinkSync(fifo, at);
      break;
    }
    case 'root':
      symlinkSync('/', at);
      break;
  }
  return at;
}

/** A regular file one byte over `limit`, sparse (costs no disk). */
export function oversize(path: string, limit: number): string {
  writeFileSync(path, '');
  truncateSync(path, limit + 1);
  return path;
}

export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Every (shape, depth) pair: the class the tests run through each reader. */
export function* layouts(): Generator<{ shape: Shape; depth: string; name: string }> {
  for (const shape of SHAPES)
    for (const depth of DEPTHS) yield { shape, depth, name: `${shape}@${depth || 'top'}` };
}
