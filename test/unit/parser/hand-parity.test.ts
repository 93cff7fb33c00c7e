// Headers are read by the hand parser in every face (core/model HEADER_PARSER), so it is held
// to tree-sitter's AST on valid C: every parser fixture, generated record declarations of every
// shape the layout property test knows, and each installed UAPI header as our preprocessor
// expands it (skipped without linux-libc-dev; CI installs it, so there it fails instead).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { getAbi, type AbiSpec } from '../../../src/core/abi/index';
import { includeDirsFor } from '../../../src/core/model/include-dirs';
import { identityMap, parseUnit } from '../../../src/core/parser/index';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { nodeFileHost, preprocess } from '../../../src/core/preprocess/preprocess';
import { randomHeader } from '../../fuzz/gen/random-struct';
import { FIXTURES, ready, render } from './helpers';

before(ready);

function byHand(text: string, file: string): string {
  return renderUnit(parseUnit(text, identityMap(file, text), undefined, { parser: 'hand' }).ast);
}

/** The first differing line of two renderings, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const i = la.findIndex((line, k) => line !== lb[k]);
  return `line ${i + 1}:\n  tree-sitter: ${la[i]}\n  hand:        ${lb[i]}`;
}

function assertSame(text: string, file: string): void {
  const ts = render(text, file);
  const hand = byHand(text, file);
  if (ts !== hand) assert.fail(`${file}: ${firstDifference(ts, hand)}`);
}

test('every parser fixture reads the same by hand as with tree-sitter (damaged ones included)', () => {
  for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.h'))) {
    assertSame(readFileSync(join(FIXTURES, name), 'latin1'), name);
  }
});

test('generated record declarations read the same by hand as with tree-sitter', () => {
  for (let seed = 1; seed <= 300; seed++) assertSame(randomHeader(seed, 6), `random-${seed}.h`);
});

const UAPI = '/usr/include/linux';

test('every installed UAPI header, as expanded for x86_64, reads the same by hand', (t) => {
  if (!existsSync(join(UAPI, 'vfio.h'))) {
    if (process.env.CI === 'true') assert.fail('linux-libc-dev is not installed');
    t.skip('linux-libc-dev is not installed');
    return;
  }
  const abi = getAbi('x86_64') as AbiSpec;
  const headers = readdirSync(UAPI, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.h'))
    .sort();
  assert.ok(headers.length > 500, `only ${headers.length} headers under ${UAPI}`);
  for (const header of headers) {
    const file = join(UAPI, header);
    const dirs = includeDirsFor([file], [], abi).dirs;
    const unit = preprocess([file], nodeFileHost, { includeDirs: dirs, predefined: abi.predefined });
    assertSame(unit.text, file);
  }
});
