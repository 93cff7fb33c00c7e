const { Parser, Language, Query } = require('web-tree-sitter');
const fs = require('fs');
(async () => {
  await Parser.init();
  const lang = await Language.load('node_modules/tree-sitter-c/tree-sitter-c.wasm');
  const p = new Parser(); p.setLanguage(lang);
  const text = fs.readFileSync(process.argv[2], 'utf8');
  const tree = p.parse(text);
  const names = new Set();
  for (let i = 0; i < lang.nodeTypeCount; i++) { const t = lang.nodeTypeForId(i); if (lang.nodeTypeIsNamed(i) && lang.nodeTypeIsVisible(i) && !t.startsWith('preproc') && t !== 'ERROR') names.add(t); }
  let src = [...names].map(n => { try { new Query(lang, `(${n}) @${n}`); return `(${n}) @${n}`; } catch { return ''; } }).join('\n');
  const q = new Query(lang, src);
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now();
    const caps = q.captures(tree.rootNode);
    let t1 = performance.now();
    console.log('captures', caps.length, (t1 - t0).toFixed(1));
  }
  for (let rep = 0; rep < 3; rep++) {
    let t0 = performance.now();
    const caps = tree.rootNode.descendantsOfType([...names]);
    let t1 = performance.now();
    console.log('descendantsOfType', caps.length, (t1 - t0).toFixed(1));
  }
})();
