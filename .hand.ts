import { readFileSync } from 'node:fs';
import { identityMap } from './src/core/parser/index';
import { LowerContext } from './src/core/parser/lower-context';
import { parseTopLevelRegion } from './src/core/parser/parse-top';
import { renderUnit } from './src/core/parser/render-ast';
import type { Decl } from './src/core/parser/ast';
const text = readFileSync(process.argv[2], 'utf8');
const ctx = new LowerContext(text, identityMap('x', text));
const decls: Decl[] = [];
try { parseTopLevelRegion(ctx, 0, text.length, decls); } catch (e) { console.log('THROW', e); }
process.stdout.write(renderUnit({ decls, diagnostics: ctx.diagnostics }));
