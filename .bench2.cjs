const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const tree = p.parse(text);
  const root = tree.rootNode;
  console.log('top children', root.childCount);
  for (const c of root.children.slice(0, +process.argv[3] || 10)) console.log(c.type, c.startPosition.row, c.endPosition.row, JSON.stringify(c.text.slice(0, 80)));
  const counts = {};
  const c = tree.walk(); let inBody = 0;
  outer: for (;;) {
    const t = c.nodeType; counts[t] = (counts[t] || 0) + 1;
    if (t !== 'compound_statement' && c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) { if (!c.gotoParent()) break outer; }
  }
  console.log(Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 40).map(e => e.join(':')).join(' '));
  console.log('total', Object.values(counts).reduce((a, b) => a + b));
})();
