import { readFileSync } from 'node:fs';
import { initParser } from './src/core/parser/index';
import { parseTree, toSyntax } from './src/core/parser/tree-sitter';
import { normalizeForTreeSitter } from './src/core/parser/normalize';
(async () => {
  await initParser();
  const text = normalizeForTreeSitter(readFileSync(process.argv[2], 'utf8'));
  const root = toSyntax(parseTree(text), text);
  for (const k of root.children) if (k.hasError) console.log(k.type, text.slice(0, k.start).split('\n').length, k.end - k.start, JSON.stringify(text.slice(k.start, k.start + 60)));
})();
