import { readFileSync } from 'node:fs';
import { identityMap } from './src/core/parser/index';
import { LowerContext } from './src/core/parser/lower-context';
import { parseTopLevelRegion } from './src/core/parser/parse-top';
import { tokenize } from './src/core/parser/tokens';
const text = readFileSync(process.argv[2], 'utf8');
const map = identityMap('x', text);
for (let i = 0; i < 5; i++) {
  let t = performance.now();
  const toks = tokenize(text);
  const tt = performance.now() - t; t = performance.now();
  parseTopLevelRegion(new LowerContext(text, map), 0, text.length, []);
  console.log('tokenize', tt.toFixed(1), toks.length, 'hand parse', (performance.now() - t).toFixed(1));
}
