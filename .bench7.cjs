const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = fs.readFileSync('/tmp/pw/all.i', 'utf8').replace(/\b__(signed|const|volatile|restrict)(__)?\b/g, (m, w) => w + ' '.repeat(m.length - w.length));
  const tree = p.parse(text);
  const err = tree.rootNode.children.find(c => c.type === 'ERROR');
  console.log(err.childCount);
  err.children.slice(0, 40).forEach(c => console.log(c.type, c.hasError, c.startPosition.row + 1, JSON.stringify(c.text.slice(0, 50))));
  const counts = {}; err.children.forEach(c => counts[c.type + (c.hasError ? '!' : '')] = (counts[c.type + (c.hasError ? '!' : '')] || 0) + 1); console.log(counts);
})();
