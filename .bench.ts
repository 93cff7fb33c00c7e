import { readFileSync } from 'node:fs';
import { initParser, identityMap, parseUnit } from './src/core/parser/index';
import { parseTree, toSyntax } from './src/core/parser/tree-sitter';
import { lowerTopLevel } from './src/core/parser/lower-unit';
import { LowerContext } from './src/core/parser/lower-context';
import { normalizeForTreeSitter } from './src/core/parser/normalize';
(async () => {
  await initParser();
  for (const f of process.argv.slice(2)) {
    const text = readFileSync(f, 'utf8');
    const map = identityMap(f, text);
    for (let rep = 0; rep < 4; rep++) {
      let t = performance.now();
      const norm = normalizeForTreeSitter(text);
      const tN = performance.now() - t; t = performance.now();
      const tree = parseTree(norm);
      const tP = performance.now() - t; t = performance.now();
      const root = toSyntax(tree, norm);
      const tW = performance.now() - t; t = performance.now();
      const ctx = new LowerContext(text, map);
      const decls = lowerTopLevel(ctx, root);
      const tL = performance.now() - t;
      console.log(f, `normalize ${tN.toFixed(1)} parse ${tP.toFixed(1)} walk ${tW.toFixed(1)} lower ${tL.toFixed(1)} ms; decls ${decls.length}`);
      tree.delete();
    }
    // incremental: one-char edit
    let u = parseUnit(text, map);
    const pos = text.indexOf('argsz');
    for (let rep = 0; rep < 5; rep++) {
      const edited = text.slice(0, pos) + (rep % 2 ? 'a' : 'b') + text.slice(pos + 1);
      const t = performance.now();
      const u2 = parseUnit(edited, identityMap(f, edited), u);
      console.log(' incremental', (performance.now() - t).toFixed(2), 'ms');
      u.dispose(); u = u2;
    }
    u.dispose();
  }
})();
