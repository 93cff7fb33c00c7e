// Reads a raw C source file (no preprocessing) with tree-sitter for the checks
// that look at drivers: function definitions, `case X:` labels of switches,
// calls with their argument texts, locals and #defines, as plain data.

import type { Node } from 'web-tree-sitter';
import { LineIndex, type SourceLocation } from '../../text/position';
import { readCTree } from './read-c-tree';

export interface CFunction {
  name: string;
  loc: SourceLocation;
}

export interface CCase {
  /** The label as written (`VFIO_DEVICE_FEATURE_ZPCI_ERROR`). */
  label: string;
  /** The function whose switch holds the case. */
  fn?: string;
  loc: SourceLocation;
  /** The whole case statement (label and the statements up to the next label). */
  body: SourceLocation;
  /** Functions called by the case's statements, in order (`vfio_pci_zdev_feature_err`). */
  calls: string[];
}

export interface CCall {
  callee: string;
  /** Argument texts as written, whitespace collapsed. */
  args: string[];
  fn?: string;
  loc: SourceLocation;
}

export interface CLocal {
  fn: string;
  name: string;
  /** The declared type with `*` for pointers (`struct vfio_device_feature_migration`, `struct foo *`). */
  type: string;
  init?: string;
}

export interface CSource {
  file: string;
  functions: CFunction[];
  cases: CCase[];
  calls: CCall[];
  locals: CLocal[];
  /** Object-like #defines: name -> body text. */
  macros: Map<string, string>;
  /** Why the file could not be read fully (parser not loaded, syntax errors); empty when clean. */
  problems: string[];
}

/** What a size argument (`sizeof(struct x)`, a local, a macro) comes down to. */
export type SizeArg =
  | { kind: 'struct'; tag: string; via: string[] }
  | { kind: 'type'; name: string; via: string[] }
  | { kind: 'number'; value: number; via: string[] }
  | { kind: 'unknown'; reason: string; via: string[] };

/** Parses C source text; never throws (an unloaded parser or damaged text shows in `problems`). */
export function parseCSource(file: string, text: string): CSource {
  const out: CSource = {
    file,
    functions: [],
    cases: [],
    calls: [],
    locals: [],
    macros: new Map(),
    problems: [],
  };
  readCTree(text, out.problems, (root) => new Extractor(file, text, out).run(root));
  return out;
}

/** `case` labels inside the named function's switch statements. */
export function casesIn(src: CSource, fn: string): CCase[] {
  return src.cases.filter((c) => c.fn === fn);
}

/** Calls to `callee`, optionally only those inside function `fn`. */
export function callsTo(src: CSource, callee: string, fn?: string): CCall[] {
  return src.calls.filter((c) => c.callee === callee && (fn === undefined || c.fn === fn));
}

/** Resolves a size argument through locals of `fn` and the file's macros (simple cases only). */
export function resolveSizeArg(src: CSource, expr: string, fn?: string, via: string[] = []): SizeArg {
  const e = stripParens(expr);
  if (via.length > 8) return { kind: 'unknown', reason: `'${expr}' is defined in terms of itself`, via };
  let m = /^sizeof\s*\(?\s*(?:const\s+)?(struct|union)\s+(\w+)\s*\)?$/.exec(e);
  if (m) return { kind: 'struct', tag: m[2], via };
  m = /^sizeof\s*\(?\s*\*\s*(\w+)\s*\)?$/.exec(e);
  if (m) return fromLocalType(src, m[1], fn, via, true);
  m = /^sizeof\s*\(?\s*(\w+)\s*\)?$/.exec(e);
  if (m) return fromLocalType(src, m[1], fn, via, false);
  if (/^\d+[uUlL]*$/.test(e)) return { kind: 'number', value: Number.parseInt(e, 10), via };
  if (/^[A-Za-z_]\w*$/.test(e)) {
    const local = src.locals.find((l) => l.fn === fn && l.name === e);
    if (local?.init) return resolveSizeArg(src, local.init, fn, [...via, e]);
    const macro = src.macros.get(e);
    if (macro !== undefined) return resolveSizeArg(src, macro, fn, [...via, e]);
    return {
      kind: 'unknown',
      reason: `'${e}' is neither a local with an initializer nor a #define in ${src.file}`,
      via,
    };
  }
  return { kind: 'unknown', reason: `'${e}' is not a sizeof, a number, a local or a macro`, via };
}

function fromLocalType(
  src: CSource,
  name: string,
  fn: string | undefined,
  via: string[],
  deref: boolean,
): SizeArg {
  const local = src.locals.find((l) => l.fn === fn && l.name === name);
  if (!local)
    return deref
      ? { kind: 'unknown', reason: `no local '${name}' in ${fn ?? 'the file'}`, via }
      : { kind: 'type', name, via };
  const pointer = local.type.endsWith('*');
  if (pointer !== deref) return { kind: 'unknown', reason: `'${name}' is declared '${local.type}'`, via };
  const m = /^(?:const\s+)?(struct|union)\s+(\w+)/.exec(local.type);
  const step = [...via, deref ? `*${name}` : name];
  return m
    ? { kind: 'struct', tag: m[2], via: step }
    : { kind: 'type', name: local.type.replace(/\s*\*$/, ''), via: step };
}

function stripParens(expr: string): string {
  let e = expr.replace(/\s+/g, ' ').trim();
  while (e.startsWith('(') && e.endsWith(')') && balanced(e.slice(1, -1))) e = e.slice(1, -1).trim();
  return e;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

class Extractor {
  private readonly lines: LineIndex;
  private readonly spans: { name: string; start: number; end: number }[] = [];

  constructor(
    private readonly file: string,
    text: string,
    private readonly out: CSource,
  ) {
    this.lines = new LineIndex(text);
  }

  run(root: Node): void {
    if (root.hasError)
      this.out.problems.push(
        'the file has syntax errors tree-sitter could not place; some functions may be missed',
      );
    for (const fn of root.descendantsOfType('function_definition')) this.fn(fn);
    for (const def of root.descendantsOfType('preproc_def')) {
      const name = def.childForFieldName('name')?.text;
      if (name) this.out.macros.set(name, (def.childForFieldName('value')?.text ?? '').trim());
    }
    for (const c of root.descendantsOfType('case_statement')) this.caseLabel(c);
    for (const call of root.descendantsOfType('call_expression')) this.call(call);
  }

  private loc(n: Node): SourceLocation {
    return { file: this.file, range: this.lines.rangeOf(n.startIndex, n.endIndex) };
  }

  private enclosing(n: Node): string | undefined {
    return this.spans.find((s) => n.startIndex >= s.start && n.endIndex <= s.end)?.name;
  }

  private fn(def: Node): void {
    const name = declaredName(def.childForFieldName('declarator'));
    if (!name) return;
    this.spans.push({ name, start: def.startIndex, end: def.endIndex });
    this.out.functions.push({ name, loc: this.loc(def) });
    for (const decl of def.childForFieldName('body')?.descendantsOfType('declaration') ?? [])
      this.locals(name, decl);
  }

  private locals(fn: string, decl: Node): void {
    const type = collapse(decl.childForFieldName('type')?.text ?? '');
    for (const d of decl.childrenForFieldName('declarator')) {
      if (!d) continue;
      const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
      const pointer = target?.type === 'pointer_declarator';
      const name = declaredName(target);
      if (!name) continue;
      const init =
        d.type === 'init_declarator' ? collapse(d.childForFieldName('value')?.text ?? '') : undefined;
      this.out.locals.push({ fn, name, type: pointer ? `${type} *` : type, init });
    }
  }

  private caseLabel(c: Node): void {
    const value = c.childForFieldName('value');
    if (!value) return; // `default:`
    const calls = c
      .descendantsOfType('call_expression')
      .map((call) => call.childForFieldName('function')?.text ?? '');
    const label = collapse(value.text);
    this.out.cases.push({
      label,
      fn: this.enclosing(c),
      loc: this.loc(value),
      body: this.loc(c),
      calls: calls.filter(Boolean),
    });
  }

  private call(call: Node): void {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier') return;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (a): a is Node => !!a && a.type !== 'comment',
    );
    this.out.calls.push({
      callee: callee.text,
      args: args.map((a) => collapse(a.text)),
      fn: this.enclosing(call),
      loc: this.loc(call),
    });
  }
}

/** The identifier a declarator declares, through pointer/function/array/parenthesized declarators. */
function declaredName(n: Node | null | undefined): string | undefined {
  for (let depth = 0; n && depth < 16; depth++) {
    if (n.type === 'identifier' || n.type === 'field_identifier') return n.text;
    n =
      n.childForFieldName('declarator') ??
      n.namedChildren.find((c) => c?.type.endsWith('declarator') || c?.type === 'identifier');
  }
  return undefined;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
