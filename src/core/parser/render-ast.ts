// A compact, stable text rendering of a TranslationUnit: one line per
// declaration, field and enumerator. Used by golden tests and debugging dumps;
// its exact shape is part of those goldens, so change it deliberately.

import type { Expr } from '../lang/ast';
import type {
  Attribute,
  Decl,
  EnumDecl,
  FieldDecl,
  RecordDecl,
  TranslationUnit,
  TypeExpr,
} from '../lang/ast';
import type { SourceLocation } from '../text/position';

export function renderUnit(unit: TranslationUnit, opts: { locations?: boolean } = {}): string {
  const r = new Renderer(opts.locations ?? true);
  for (const d of unit.decls) r.decl(d);
  for (const d of unit.diagnostics) {
    r.line(
      0,
      `diag ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
    );
  }
  return r.out.join('\n') + '\n';
}

export function renderType(t: TypeExpr): string {
  return new Renderer(false).type(t, 0, []);
}

export function renderExpr(e: Expr): string {
  switch (e.kind) {
    case 'int':
    case 'char':
      return e.text;
    case 'ident':
      return e.name;
    case 'unary':
      return `(${e.op}${renderExpr(e.arg)})`;
    case 'binary':
      return `(${renderExpr(e.left)} ${e.op} ${renderExpr(e.right)})`;
    case 'cond':
      return `(${renderExpr(e.test)} ? ${renderExpr(e.then)} : ${renderExpr(e.else)})`;
    case 'cast':
      return `cast(${renderType(e.type)}, ${renderExpr(e.arg)})`;
    case 'sizeof-type':
      return `sizeof(${renderType(e.type)})`;
    case 'sizeof-expr':
      return `sizeof-expr(${renderExpr(e.arg)})`;
    case 'alignof':
      return `alignof(${renderType(e.type)})`;
    case 'offsetof':
      return `offsetof(${renderType(e.type)}, ${e.member.map((m, i) => (i === 0 || m.startsWith('[') ? m : `.${m}`)).join('')})`;
    case 'defined':
      return `defined(${e.name})`;
    case 'string':
      return JSON.stringify(e.value);
    case 'invalid':
      return `invalid(${JSON.stringify(e.text)}: ${e.reason})`;
  }
}

type Bodies = (() => void)[];

class Renderer {
  readonly out: string[] = [];
  constructor(private readonly locations: boolean) {}

  line(depth: number, text: string): void {
    this.out.push('  '.repeat(depth) + text);
  }

  at(loc: SourceLocation | undefined): string {
    return this.locations && loc ? ` @${loc.range.start.line + 1}:${loc.range.start.character + 1}` : '';
  }

  /** Writes a line mentioning types, then the bodies of records/enums they define inline. */
  withTypes(depth: number, make: (type: (t: TypeExpr) => string) => string): void {
    const bodies: Bodies = [];
    this.line(
      depth,
      make((t) => this.type(t, depth, bodies)),
    );
    for (const b of bodies) b();
  }

  decl(d: Decl): void {
    switch (d.kind) {
      case 'record':
        return this.record(d.decl, 0, '');
      case 'enum':
        return this.enumDecl(d.decl, 0, '');
      case 'typedef': {
        const t = d.decl;
        return this.withTypes(
          0,
          (ty) => `typedef ${t.name}${this.at(t.nameLoc)}${attrs(t.attributes)}${doc(t.doc)} = ${ty(t.type)}`,
        );
      }
      case 'other':
        return this.withTypes(0, (ty) => `other${this.at(d.loc)} ${ty(d.type)}`);
    }
  }

  record(r: RecordDecl, depth: number, prefix: string): void {
    const head = `${prefix}${r.kind} ${r.name ?? '<anon>'}${this.at(r.nameLoc ?? r.loc)}${attrs(r.attributes)}${doc(r.doc)}`;
    if (r.fields === null) return this.line(depth, `${head} (no body)`);
    this.line(depth, `${head} {`);
    for (const f of r.fields) this.field(f, depth + 1);
    this.line(depth, '}');
  }

  enumDecl(e: EnumDecl, depth: number, prefix: string): void {
    const head = `${prefix}enum ${e.name ?? '<anon>'}${this.at(e.nameLoc ?? e.loc)}${attrs(e.attributes)}${doc(e.doc)}`;
    if (e.enumerators === null) return this.line(depth, `${head} (no body)`);
    this.line(depth, `${head} {`);
    for (const x of e.enumerators)
      this.line(depth + 1, `${x.name}${x.value ? ` = ${renderExpr(x.value)}` : ''}${this.at(x.loc)}`);
    this.line(depth, '}');
  }

  field(f: FieldDecl, depth: number): void {
    const bits = f.bitWidth ? ` : ${renderExpr(f.bitWidth)}` : '';
    this.withTypes(
      depth,
      (ty) =>
        `${f.name ?? '<unnamed>'}${this.at(f.nameLoc ?? f.loc)}${attrs(f.attributes)}${bits} = ${ty(f.type)}`,
    );
  }

  type(t: TypeExpr, depth: number, bodies: Bodies): string {
    switch (t.kind) {
      case 'builtin':
      case 'typedef-ref':
        return t.name;
      case 'record-ref':
        return `${t.tag} ${t.name}`;
      case 'enum-ref':
        return `enum ${t.name}`;
      case 'record':
        bodies.push(() => this.record(t.decl, depth + 1, 'defines '));
        return `${t.decl.kind} ${t.decl.name ?? '<anon>'} {...}`;
      case 'enum':
        bodies.push(() => this.enumDecl(t.decl, depth + 1, 'defines '));
        return `enum ${t.decl.name ?? '<anon>'} {...}`;
      case 'pointer':
        return `pointer(${this.type(t.to, depth, bodies)})`;
      case 'array':
        return `array(${this.type(t.of, depth, bodies)}${t.length ? `, ${renderExpr(t.length)}` : ''})`;
      case 'function':
        return `function(${this.type(t.returns, depth, bodies)})`;
      case 'unknown':
        return `unknown(${JSON.stringify(t.text)})`;
    }
  }
}

function attrs(list: Attribute[]): string {
  if (list.length === 0) return '';
  return ` [${list.map((a) => (a.args.length ? `${a.name}(${a.args.map(renderExpr).join(', ')})` : a.name)).join(', ')}]`;
}

function doc(text: string | undefined): string {
  return text === undefined
    ? ''
    : ` doc=${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)}`;
}
