// descendantsOfTypesSteps (one stepped cursor walk) gives, per type, exactly the nodes and order of
// web-tree-sitter's descendantsOfType (one walk per type in one call, which held the language
// server ~250 ms on a 6,000-case switch). Generated C sources: the slow shapes of
// test/fuzz/gen/slow-c-sources.ts and cut-off and damaged copies of them (ERROR and MISSING nodes).

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { initParser, parseTree, type ParseTree } from '../../../src/core/parser/tree-sitter/tree-sitter';
import { descendantsOfTypesSteps } from '../../../src/core/parser/tree-sitter/descendants';
import { slowCSources } from '../../fuzz/gen/slow-c-sources';

const TYPES = [
  'function_definition',
  'if_statement',
  'declaration',
  'call_expression',
  'assignment_expression',
  'update_expression',
  'return_statement',
  'case_statement',
  'comment',
  'ERROR',
];

before(async () => {
  await initParser();
});

const key = (n: Node | null): string => (n ? `${n.type}@${n.startIndex}-${n.endIndex}` : 'null');

/** The sources: each slow shape whole, cut in the middle of a line, and with every 97th `;` dropped. */
function sources(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const s of slowCSources(1)) {
    out.push(s);
    out.push({ name: `${s.name} cut`, text: s.text.slice(0, Math.floor(s.text.length * 0.61)) });
    let k = 0;
    out.push({ name: `${s.name} damaged`, text: s.text.replace(/;/g, () => (++k % 97 === 0 ? '' : ';')) });
  }
  return out;
}

function root(tree: ParseTree): Node {
  return (tree as unknown as { tree: { rootNode: Node } }).tree.rootNode;
}

test('descendantsOfTypesSteps lists what descendantsOfType lists, in its order, in steps', () => {
  let errors = 0;
  for (const { name, text } of sources()) {
    const tree = parseTree(text);
    try {
      const top = root(tree);
      // The root, and each function's body (what c-flow walks).
      const nodes = [top, ...top.descendantsOfType('compound_statement').slice(0, 50)];
      for (const node of nodes) {
        if (!node) continue;
        const steps = descendantsOfTypesSteps(node, TYPES);
        let yields = 0;
        let r = steps.next();
        for (; !r.done; r = steps.next()) yields++;
        for (const type of TYPES)
          assert.deepEqual(
            (r.value.get(type) ?? []).map(key),
            node.descendantsOfType(type).map(key),
            `${name}: ${type} under ${key(node)}`,
          );
        errors += r.value.get('ERROR')?.length ?? 0;
        if (node === top) assert.ok(yields > 0, `${name}: the whole file's walk paused`);
      }
    } finally {
      tree.delete();
    }
  }
  assert.ok(errors > 0, 'the damaged sources hold ERROR nodes');
});
