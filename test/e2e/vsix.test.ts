// The packaged extension (.vsix from vsce, as published): it holds the three
// bundles, the tree-sitter wasm, the webview media, the grammar, the probe's C
// source and the manifest, and nothing of node_modules, sources, tests or screenshots.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { e2eSkip, requireTools } from './harness/tools';
import { packageVsix, vsixFiles } from './harness/vsix';

const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/server.js',
  'extension/dist/server-bundle.js',
  // The opt-in startup snapshot's entry and its background builder (src/launch/snapshot.ts).
  'extension/dist/server-snapshot.js',
  'extension/dist/snapshot-build.js',
  'extension/dist/cli.js',
  'extension/dist/cli-launch.js',
  'extension/dist/tree-sitter-c.wasm',
  'extension/dist/web-tree-sitter.wasm',
  'extension/dist/probe/kpw-probe.c',
  'extension/dist/scenario.schema.json',
  'extension/media/struct-layout.js',
  'extension/media/struct-layout.css',
  'extension/media/sim-results.js',
  'extension/media/sim-results.css',
  'extension/syntaxes/kernel-patch.tmLanguage.json',
  'extension/syntaxes/kernel-patch.language-configuration.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
];
const FORBIDDEN = [
  /\/node_modules\//,
  /^extension\/(src|server|test|bench|scripts|examples|docs)\//,
  /\/screenshots\//,
  /\.map$/,
  /\.ts$/,
];

describe('the .vsix', { skip: e2eSkip(), timeout: 10 * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-vsix-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('ships what the extension runs on and nothing else', () => {
    const vsix = packageVsix(requireTools(), dir);
    const files = vsixFiles(vsix.file);
    assert.deepEqual(
      REQUIRED.filter((f) => !files.includes(f)),
      [],
      'missing from the .vsix',
    );
    assert.deepEqual(
      files.filter((f) => FORBIDDEN.some((re) => re.test(f))),
      [],
      'must not ship',
    );
  });
});
