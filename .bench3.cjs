const { Parser, Language } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = process.argv[2].startsWith('/') ? fs.readFileSync(process.argv[2], 'utf8') : process.argv[2];
  const tree = p.parse(text);
  if (process.argv[3] === 'sexp') { console.log(tree.rootNode.toString()); return; }
  let n = 0;
  function rec(node) {
    if (node.isError || node.isMissing) { n++; if (n < +(process.argv[3]||20)) console.log(node.isMissing ? 'MISSING ' + node.type : 'ERROR', node.startPosition.row + 1, JSON.stringify(text.slice(node.startIndex, node.startIndex + 100)), 'parent', node.parent && node.parent.type); if (node.isError) return; }
    if (node.hasError) for (const c of node.children) rec(c);
  }
  rec(tree.rootNode); console.log('errors', n);
})();
