// Bundles the language server exactly as esbuild.mjs does, into a private
// temporary directory (with the tree-sitter wasm files beside it), so the soak
// always drives a server built from the current sources, never a stale dist/.

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

export interface BuiltServer {
  script: string;
  remove(): void;
}

export async function buildServer(): Promise<BuiltServer> {
  const root = join(__dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'kpw-soak-server-'));
  for (const file of [
    require.resolve('tree-sitter-c/tree-sitter-c.wasm'),
    join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
  ]) {
    copyFileSync(file, join(dir, file.split('/').pop() as string));
  }
  await build({
    entryPoints: [{ in: join(root, 'server', 'src', 'server.ts'), out: 'server' }],
    outdir: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    define: { 'import.meta.url': '__kpwImportMetaUrl' },
    banner: { js: "const __kpwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'silent',
  });
  return { script: join(dir, 'server.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
