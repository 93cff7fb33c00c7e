const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const tree = p.parse(text);
  const leaf = new Uint8Array(65536);
  for (let i = 0; i < lang.nodeTypeCount; i++) { const t = lang.nodeTypeForId(i); if (!lang.nodeTypeIsNamed(i) || /identifier|primitive_type|number_literal|comment|char_literal|string_literal|compound_statement/.test(t)) leaf[i] = 1; }
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now(); let n = 0, s = 0;
    function rec(node) { const ch = node.children; for (let i = 0; i < ch.length; i++) { const x = ch[i]; n++; const id = x.typeId; s += x.startIndex; if (!leaf[id]) rec(x); } }
    rec(tree.rootNode);
    console.log('children walk', n, (performance.now() - t0).toFixed(1), 'ms');
  }
})();
