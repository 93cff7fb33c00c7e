// A function head in damaged text (a macro call the preprocessor left alone looks like one)
// followed by K&R-style declarations but no body: the recovery parser once spun forever when
// the declarations ran into a `}`. Each case goes through both parser paths.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { renderUnit } from '../../../src/core/parser/render-ast';
import { parseText, ready, renderByHand, topLevelStructNames } from './helpers';

before(ready);

interface Case {
  name: string;
  text: string;
  /** Every error message expected, in order. */
  errors: string[];
  /** Named structs the parse must keep. */
  structs: string[];
}

const CASES: Case[] = [
  {
    name: 'a K&R head whose declarations end at a `}`',
    text: 'int f(a)\n\tint a;\n};\n',
    errors: ["3:1 expected '{' to start the body of function 'f', found '}'"],
    structs: [],
  },
  {
    name: 'a K&R head right before a `}`',
    text: 'struct s { int x; };\nint f(a) int a }\n',
    errors: ["2:16 expected '{' to start the body of function 'f', found '}'"],
    structs: ['s'],
  },
  {
    name: 'a K&R head at the end of the text',
    text: 'int f(a)\n\tint a;\n',
    errors: ["2:8 expected '{' to start the body of function 'f', found end of input"],
    structs: [],
  },
  {
    name: 'a macro call read as a function head, then a struct (the soak finding, shortened)',
    text: [
      'fine FEATURE (((0U) << 8) | ((VFIO_BASE + 17) << 0))',
      'struct kept {',
      '\tint argsz;',
      '};',
      '\tint __attribute__((aligned(8))) flags;',
      '};',
      '',
    ].join('\n'),
    errors: [
      "2:1 expected '{' to start the body of function 'FEATURE', found 'struct'",
      "6:1 unexpected '}' at file scope (unbalanced braces?)",
    ],
    structs: ['kept'],
  },
  {
    name: 'a K&R definition with its body still parses silently',
    text: 'int f(a)\n\tint a;\n{\n\treturn a;\n}\nstruct after { int y; };\n',
    errors: [],
    structs: ['after'],
  },
];

for (const c of CASES) {
  test(`function head recovery: ${c.name}`, () => {
    const unit = parseText(c.text);
    unit.dispose();
    const errors = unit.ast.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    assert.deepEqual(errors, c.errors);
    assert.deepEqual(topLevelStructNames(unit.ast.decls), c.structs);
    // The hand parser alone reports the same errors (positions may differ: tree-sitter hands
    // it only the damaged region, so "end of input" is that region's end).
    const byHand = renderByHand(c.text);
    for (const e of c.errors)
      assert.ok(byHand.includes(e.replace(/^\d+:\d+ /, '')), `hand parser: ${e}\n${byHand}`);
    assert.equal(renderUnit(unit.ast).includes('error'), c.errors.length > 0);
  });
}
