#!/usr/bin/env node
// `npm test`'s pretest: before setup there is no node_modules and the first command
// (tsc) would stop with "tsc: not found". Say what to run instead. Plain Node, no dependencies.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const needed = ['tsc', 'eslint', 'tsx'].filter((bin) => !existsSync(join(root, 'node_modules', '.bin', bin)));
if (needed.length) {
  console.error(
    `npm test: this checkout is not set up (node_modules/.bin has no ${needed.join(', ')}).\n` +
      'Run `npm run setup` first (or `npm start`, which sets up on its first run); `npm ci` alone is enough ' +
      'for the unit tests, and the suites that need more skip, saying why.',
  );
  process.exit(1);
}
