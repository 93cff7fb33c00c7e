// Bundles the extension-host tests (index.ts and every *.exthost.ts) into one
// folder of CommonJS files, `vscode` left to the host, mocha loaded from the e2e
// tools folder ($KPW_MOCHA_PATH at run time). Shared by the code-server harness and `npm run test:electron`.

import { build } from 'esbuild';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export async function buildExthostTests(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const specs = readdirSync(__dirname).filter((f) => f.endsWith('.exthost.ts'));
  await bundleForExtensionHost(
    ['index.ts', ...specs].map((f) => join(__dirname, f)),
    outDir,
  );
  return join(outDir, 'index.js');
}

/** Bundles entry points as CommonJS for the extension host, `vscode` left to the host. */
export async function bundleForExtensionHost(entryPoints: string[], outdir: string): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
}
