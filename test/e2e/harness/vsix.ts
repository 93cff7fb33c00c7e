// Packages the extension as a .vsix with the pinned @vscode/vsce (from the
// e2e tools folder, not the extension's dependencies). The bundles are built in
// a staging copy, so a test run never rewrites the checkout's dist/ under others.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type Tools } from './tools';

export interface Vsix {
  file: string;
  bytes: number;
  /** The staged extension folder the .vsix was made from (dist/ inside). */
  stage: string;
}

const COPIED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  '.vscodeignore',
  'media',
  'syntaxes',
  'bin',
];
/** What esbuild.mjs reads, linked (not copied) for the build, removed before packaging. */
const LINKED = ['src', 'server', 'node_modules', 'esbuild.mjs', 'docs'];

/** Builds the bundles (esbuild.mjs, as `npm run build`) into outDir/stage and packages them. */
export function packageVsix(tools: Tools, outDir: string): Vsix {
  const stage = join(outDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const name of COPIED)
    cpSync(join(REPO_ROOT, name), join(stage, name), {
      recursive: true,
      filter: (src) => !src.includes(`${join('media', 'screenshots')}`),
    });
  for (const name of LINKED) symlinkSync(join(REPO_ROOT, name), join(stage, name));
  try {
    run(process.execPath, [join(stage, 'esbuild.mjs')], stage, 'the esbuild build');
  } finally {
    for (const name of LINKED) rmSync(join(stage, name), { force: true });
  }
  const file = join(outDir, 'kernel-patch-workbench.vsix');
  // --no-dependencies: dist/ is bundled, node_modules must not ship.
  // --allow-missing-repository: a private package without a repository field.
  // --no-rewrite-relative-links: README images stay relative (no repository URL to point at).
  run(
    tools.node,
    [
      tools.vsce,
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--out',
      file,
    ],
    stage,
    'vsce package',
  );
  return { file, bytes: statSync(file).size, stage };
}

/** The file names inside a .vsix (a zip): read from its central directory. */
export function vsixFiles(file: string): string[] {
  const zip = readFileSync(file);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file}: not a zip (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

function run(cmd: string, args: string[], cwd: string, what: string): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, PATH: `${join(cmd, '..')}:${process.env.PATH ?? ''}` },
  });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}
