// Shared helpers for the parser tests: parse text with an identity map, compare
// against golden files (KPW_UPDATE_GOLDEN=1 rewrites them), and build realistic
// expanded text with gcc -E from the installed kernel UAPI headers.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityMap, initParser, parseUnit, type ParsedUnit } from '../../../src/core/parser/index';
import type { Decl, TypeExpr } from '../../../src/core/lang/ast';
import { LowerContext } from '../../../src/core/parser/lower/lower-context';
import { parseTopLevelRegion } from '../../../src/core/parser/recovery/parse-top';
import { renderUnit } from '../../../src/core/parser/render-ast';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'parser');

export async function ready(): Promise<void> {
  await initParser();
}

export function parseText(text: string, file = 'test.h', previous?: ParsedUnit): ParsedUnit {
  return parseUnit(text, identityMap(file, text), previous);
}

/** Parses, renders and frees the tree. */
export function render(text: string, file = 'test.h'): string {
  const unit = parseText(text, file);
  unit.dispose();
  return renderUnit(unit.ast);
}

/** The same text through the hand-written recovery parser alone (no tree-sitter). */
export function renderByHand(text: string, file = 'test.h'): string {
  const ctx = new LowerContext(text, identityMap(file, text));
  const decls: Decl[] = [];
  parseTopLevelRegion(ctx, 0, text.length, decls);
  return renderUnit({ decls, diagnostics: ctx.diagnostics });
}

export function checkGolden(path: string, actual: string): void {
  if (process.env.KPW_UPDATE_GOLDEN === '1' || !existsSync(path)) {
    writeFileSync(path, actual);
    if (process.env.KPW_UPDATE_GOLDEN !== '1') assert.fail(`golden file created, review and rerun: ${path}`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `output differs from ${path} (KPW_UPDATE_GOLDEN=1 to accept)`,
  );
}

const INCLUDE_ARGS = ['-nostdinc', '-I/usr/include', '-I/usr/include/x86_64-linux-gnu'];

/** Why gcc-based tests cannot run here, or undefined when they can. */
export function gccMissing(): string | undefined {
  if (spawnSync('gcc', ['--version']).status !== 0) return 'gcc not installed';
  if (!existsSync('/usr/include/linux/vfio.h')) return 'kernel UAPI headers (linux-libc-dev) not installed';
  return undefined;
}

/** `gcc -E -P -C` of one header or a file of #includes. */
export function gccExpand(path: string): string {
  return execFileSync('gcc', ['-E', '-P', '-C', ...INCLUDE_ARGS, '-x', 'c', path], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

/** Expanded text of every /usr/include/linux/*.h that compiles alone, cached in the temp dir. */
export function headerCorpus(): string {
  const headers = readdirSync('/usr/include/linux')
    .filter((f) => f.endsWith('.h'))
    .sort();
  const stamp = createHash('sha1')
    .update(headers.map((h) => `${h}:${statSync(join('/usr/include/linux', h)).mtimeMs}`).join('\n'))
    .digest('hex')
    .slice(0, 12);
  const cached = join(tmpdir(), `kpw-parser-corpus-${stamp}.i`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const ok = headers.filter(
    (h) =>
      spawnSync('gcc', ['-fsyntax-only', ...INCLUDE_ARGS, '-x', 'c', `/usr/include/linux/${h}`], {
        stdio: 'ignore',
      }).status === 0,
  );
  const main = join(tmpdir(), `kpw-parser-corpus-${stamp}.h`);
  writeFileSync(main, ok.map((h) => `#include <linux/${h}>\n`).join(''));
  const text = gccExpand(main);
  writeFileSync(cached, text);
  return text;
}

/** Named struct definitions found by a grep-style pattern over expanded text: a line
 *  starting a definition (`struct NAME {`, maybe after typedef/static/const, attributes,
 *  a comment or a line break before the brace). Nested definitions are indented, so not counted. */
export function grepStructDefinitions(text: string): string[] {
  const attr = String.raw`(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)\s*)*`;
  const comment = String.raw`(?:\/\*(?:[^*]|\*(?!\/))*\*\/\s*)?`;
  const re = new RegExp(
    String.raw`^(?:typedef\s+|static\s+|const\s+|extern\s+)*struct\s+${attr}([A-Za-z_]\w*)\s*${comment}\{`,
    'gm',
  );
  return [...text.matchAll(re)].map((m) => m[1]);
}

/** Named struct definitions at file scope in the model: declared alone, or inside a typedef or variable. */
export function topLevelStructNames(decls: Decl[]): string[] {
  const out: string[] = [];
  const seen = new Set<object>(); // `typedef struct x {...} a, *b;` shares one definition
  const visit = (t: TypeExpr): void => {
    if (
      t.kind === 'record' &&
      t.decl.kind === 'struct' &&
      t.decl.name &&
      t.decl.fields !== null &&
      !seen.has(t.decl)
    ) {
      seen.add(t.decl);
      out.push(t.decl.name);
    } else if (t.kind === 'pointer') visit(t.to);
    else if (t.kind === 'array') visit(t.of);
  };
  for (const d of decls) {
    if (d.kind === 'record') visit({ kind: 'record', decl: d.decl });
    else if (d.kind === 'typedef') visit(d.decl.type);
    else if (d.kind === 'other') visit(d.type);
  }
  return out;
}
