import { readFileSync } from 'node:fs';
import { initParser, identityMap } from './src/core/parser/index';
import { parseTree, toSyntax } from './src/core/parser/tree-sitter';
import { lowerTopLevel } from './src/core/parser/lower-unit';
import { LowerContext } from './src/core/parser/lower-context';
(async () => {
  await initParser();
  const text = readFileSync('/tmp/pw/all.i', 'utf8');
  const map = identityMap('x', text);
  const tree = parseTree(text);
  const root = toSyntax(tree, text);
  let regions = 0, regionChars = 0;
  for (const k of root.children) if (k.hasError) { regions++; regionChars += k.end - k.start; }
  console.log('error regions', regions, regionChars);
  for (let i = 0; i < 8; i++) { const t = performance.now(); lowerTopLevel(new LowerContext(text, map), root); console.log((performance.now() - t).toFixed(1)); }
})();
