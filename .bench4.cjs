const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const tree = p.parse(text);
  const leaf = new Uint8Array(lang.nodeTypeCount + 1);
  const skip = new Uint8Array(lang.nodeTypeCount + 1);
  for (let i = 0; i < lang.nodeTypeCount; i++) { const t = lang.nodeTypeForId(i); if (!lang.nodeTypeIsNamed(i) || /identifier|primitive_type|number_literal|comment|char_literal|string_literal/.test(t)) leaf[i] = 1; if (t === 'compound_statement' || t==='string_literal') skip[i] = 1; }
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now();
    const c = tree.walk(); let n = 0, s = 0;
    outer: for (;;) {
      n++;
      const id = c.nodeTypeId; s += c.startIndex;
      if (!leaf[id] && !skip[id] && c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) { if (!c.gotoParent()) break outer; }
    }
    console.log('lean walk', n, (performance.now() - t0).toFixed(1), 'ms');
    t0 = performance.now();
    const t2 = tree.copy(); const tree3 = p.parse(text, t2); 
    console.log('reparse unchanged', (performance.now() - t0).toFixed(1)); t2.delete(); tree3.delete();
  }
})();
