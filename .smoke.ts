import { readFileSync } from 'node:fs';
import { initParser, parseUnit, identityMap } from '../../work/main/src/core/parser/index';
import { renderUnit } from '../../work/main/src/core/parser/render-ast';
(async () => {
  await initParser();
  const file = process.argv[2];
  const text = file.startsWith('/') ? readFileSync(file, 'utf8') : file;
  const t0 = performance.now();
  const u = parseUnit(text, identityMap('x.h', text));
  const t1 = performance.now();
  if (process.argv[3] !== 'quiet') process.stdout.write(renderUnit(u.ast));
  console.error('time', (t1 - t0).toFixed(1), 'decls', u.ast.decls.length, 'diags', u.ast.diagnostics.length);
  u.dispose();
})();
