import { parseText, ready, topLevelStructNames } from './test/unit/parser/helpers';
import { renderUnit } from './src/core/parser/render-ast';
(async () => {
  await ready();
  const parts: string[] = [];
  for (let i = 0; i < +process.argv[2]; i++) {
    const chunk = [];
    for (let j = 0; j < 200; j++) { const n = i * 200 + j; chunk.push(`struct s${n} {\n\tunsigned int a${n};\n\tchar name[16];\n\tunsigned long long :8;\n};\n`); }
    chunk.push(i % 2 ? '@@@ junk ) ] }\n' : 'struct broken { int x\n');
    parts.push(chunk.join(''));
  }
  const text = parts.join('');
  const t = performance.now();
  const u = parseText(text);
  console.log('ms', performance.now() - t);
  console.log(topLevelStructNames(u.ast.decls).length, u.ast.diagnostics.length, u.ast.diagnostics.slice(-2).map((d) => d.message));
})();
