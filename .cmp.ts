import { readFileSync } from 'node:fs';
import { parseText, ready } from './test/unit/parser/helpers';
import type { Decl, TypeExpr } from './src/core/parser/ast';
function named(decls: Decl[]): string[] {
  const out: string[] = [];
  const visit = (t: TypeExpr) => { if (t.kind === 'record' && t.decl.kind === 'struct' && t.decl.name && t.decl.fields) out.push(t.decl.name); else if (t.kind === 'pointer') visit(t.to); else if (t.kind === 'array') visit(t.of); };
  for (const d of decls) {
    if (d.kind === 'record') visit({ kind: 'record', decl: d.decl });
    else if (d.kind === 'typedef') visit(d.decl.type);
    else if (d.kind === 'other') visit(d.type);
  }
  return out;
}
(async () => {
  await ready();
  const text = readFileSync(process.argv[2], 'utf8');
  const u = parseText(text);
  const m = named(u.ast.decls);
  const g = [...text.matchAll(/^(?:typedef\s+|static\s+|const\s+|extern\s+)*struct\s+(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)\s*)*([A-Za-z_]\w*)\s*\{/gm)].map((x) => x[1]);
  console.log(m.length, g.length);
  const ms = new Set(m), gs = new Set(g);
  console.log('model only', m.filter((x) => !gs.has(x)).slice(0, 20));
  console.log('grep only', g.filter((x) => !ms.has(x)).slice(0, 20));
})();
