import { ready } from './test/unit/parser/helpers';
import { parseTree, toSyntax } from './src/core/parser/tree-sitter';
import { lowerTopLevel } from './src/core/parser/lower-unit';
import { LowerContext } from './src/core/parser/lower-context';
import { identityMap } from './src/core/parser/index';
(async () => {
  await ready();
  const parts: string[] = [];
  for (let i = 0; i < +process.argv[2]; i++) {
    const chunk = [];
    for (let j = 0; j < 200; j++) { const n = i * 200 + j; chunk.push(`struct s${n} {\n\tunsigned int a${n};\n\tchar name[16];\n\tunsigned long long ${process.argv[3] ?? ''}:8;\n};\n`); }
    chunk.push(i % 2 ? '@@@ junk ) ] }\n' : 'struct broken { int x\n');
    parts.push(chunk.join(''));
  }
  const text = parts.join('');
  let t = performance.now();
  const tree = parseTree(text);
  console.log('parse', (performance.now() - t).toFixed(0)); t = performance.now();
  const root = toSyntax(tree, text);
  console.log('walk', (performance.now() - t).toFixed(0), root.children.length, root.children.filter(c => c.hasError).length); t = performance.now();
  lowerTopLevel(new LowerContext(text, identityMap('x', text)), root);
  console.log('lower', (performance.now() - t).toFixed(0));
})();
