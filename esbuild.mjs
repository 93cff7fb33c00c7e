// Bundles the three programs: dist/cli.js (kpw), dist/server.js + dist/server-bundle.js
// (language server), dist/extension.js (VS Code client), and copies the tree-sitter
// wasm files next to them, where src/core/parser/tree-sitter/tree-sitter.ts looks first.
// Usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const entries = [
  { in: 'src/cli/main.ts', out: 'cli' },
  // bin/kpw runs dist/cli-launch.js, which runs dist/cli.js through the V8 code cache.
  { in: 'src/launch/cli.ts', out: 'cli-launch' },
  // dist/server.js is the process entry (the code cache loader); it runs dist/server-bundle.js.
  { in: 'server/src/server.ts', out: 'server-bundle' },
  { in: 'server/src/launch/launch.ts', out: 'server' },
  // The server's startup snapshot: the entry `node --build-snapshot` runs, and the detached
  // builder that runs it (src/launch/snapshot.ts).
  { in: 'server/src/launch/snapshot-entry.ts', out: 'server-snapshot' },
  { in: 'src/launch/snapshot-build.ts', out: 'snapshot-build' },
  // The C checks' worker thread (server/src/c-worker): tree-sitter off the server's main thread.
  { in: 'server/src/c-worker/worker.ts', out: 'c-worker' },
  { in: 'src/extension/extension.ts', out: 'extension' },
].filter((e) => existsSync(e.in));

mkdirSync('dist', { recursive: true });
const wasmFiles = [
  require.resolve('tree-sitter-c/tree-sitter-c.wasm'),
  join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
];
for (const file of wasmFiles) copyFileSync(file, join('dist', file.split('/').pop()));
// The target probe's C source is compiled against the user's headers at run time
// (src/core/runner/build.ts looks for it in probe/ next to the running bundle).
mkdirSync(join('dist', 'probe'), { recursive: true });
copyFileSync('src/core/runner/probe/kpw-probe.c', join('dist', 'probe', 'kpw-probe.c'));
// The scenario schema ships with the extension (package.json's jsonValidation points here), so
// `*.kpw-scenario.json` files are validated in any workspace, not only beside docs/.
copyFileSync('docs/scenario.schema.json', join('dist', 'scenario.schema.json'));

// No import() is left in the bundles: web-tree-sitter's loader imports two Node built-ins
// (`module`, `fs/promises`) with import(), which becomes a call of the bundle's outer require.
// bin/kpw runs the CLI bundle through vm.Script with a V8 code cache, and a script compiled
// from cached data has no dynamic-import callback: the import never settled and kpw ended
// with exit 0 and nothing printed. (esbuild's own lowering of import() to require() is shadowed
// there by the loader's `var require`, hence the outer one by name.)
const nodeBuiltinImports = {
  name: 'node-builtin-imports',
  setup(build) {
    build.onLoad({ filter: /web-tree-sitter[\\/]web-tree-sitter\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const contents = text.replace(
        /\bimport\(("(?:module|fs\/promises)")\)/g,
        'Promise.resolve(__kpwOuterRequire($1))',
      );
      return { contents, loader: 'js' };
    });
  },
};

const options = {
  entryPoints: entries.map((e) => ({ in: e.in, out: e.out })),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  external: ['vscode'],
  plugins: [nodeBuiltinImports],
  // web-tree-sitter's loader calls createRequire(import.meta.url); in a CommonJS
  // bundle import.meta is empty, so give it this file's URL.
  define: { 'import.meta.url': '__kpwImportMetaUrl' },
  banner: {
    js: "const __kpwImportMetaUrl = require('node:url').pathToFileURL(__filename).href; const __kpwOuterRequire = require;",
  },
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
