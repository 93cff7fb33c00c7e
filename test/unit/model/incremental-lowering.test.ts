// Incremental lowering (src/core/parser/lower/lower-reuse.ts) as data: each case is a
// chain of texts; every text parsed from the previous unit must render exactly
// like a fresh parse, including when an unchanged declaration means something
// else because a typedef name, its doc comment or its line moved.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { identityMap, initParser, parseUnit, type ParsedUnit } from '../../../src/core/parser/index';
import { renderUnit } from '../../../src/core/parser/render-ast';

before(() => initParser());

const CASES: [string, string[]][] = [
  [
    'a typedef renamed changes how sizeof(T) in a later, unchanged struct parses',
    [
      'typedef int T;\nstruct s { char a[sizeof(T)]; };\n',
      'typedef int U;\nstruct s { char a[sizeof(T)]; };\n',
      'typedef int T;\nstruct s { char a[sizeof(T)]; };\n',
    ],
  ],
  [
    'a doc comment edited above an unchanged struct',
    [
      '/* first */\nstruct s { int a; };\n',
      '/* second */\nstruct s { int a; };\n',
      '\n/* second */\n\nstruct s { int a; };\n',
    ],
  ],
  [
    'lines inserted and removed above unchanged declarations',
    [
      'struct a { int x; };\nstruct b { long y; };\n',
      '\n\nstruct a { int x; };\nstruct b { long y; };\n',
      'struct a { int x; };\n\nstruct b { long y; };\n',
      'struct a { int x; };struct b { long y; };\n',
    ],
  ],
  [
    'a declaration broken and repaired next to unchanged ones',
    [
      'struct a { int x; };\nstruct b { int y; };\nstruct c { int z; };\n',
      'struct a { int x; };\nstruct b { int y @@; };\nstruct c { int z; };\n',
      'struct a { int x; };\nstruct b { int y; };\nstruct c { int z; };\n',
    ],
  ],
  [
    'two identical declarations, one removed',
    [
      'struct a;\nstruct a;\nstruct b { int q; };\n',
      'struct a;\nstruct b { int q; };\n',
      'struct a;\nstruct a;\nstruct a;\n',
    ],
  ],
];

function fresh(text: string): string {
  const unit = parseUnit(text, identityMap('t.h', text));
  unit.dispose();
  return renderUnit(unit.ast);
}

for (const [what, chain] of CASES) {
  test(what, () => {
    let unit: ParsedUnit | undefined;
    for (const [k, text] of chain.entries()) {
      const next = parseUnit(text, identityMap('t.h', text), unit);
      unit?.dispose();
      assert.equal(renderUnit(next.ast), fresh(text), `text ${k}`);
      unit = next;
    }
    unit?.dispose();
  });
}
