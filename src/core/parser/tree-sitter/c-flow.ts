// Reads the bodies of a C file's functions with tree-sitter for the kernel-side
// rules (copy to userspace, destructive reads, errno choices): per function, its
// locals, calls, member assignments, counter updates, returns, if-branches and
// comments as plain data with source offsets, in source order. Never throws.

import type { Node } from 'web-tree-sitter';
import { LineIndex, type Position, type SourceLocation } from '../../text/position';
import { readCTreeSteps } from './read-c-tree';
import { descendantsOfTypesSteps } from './descendants';
import { runSync, type Steps } from '../../steps';
import { pushAll } from '../../text/push-all';

export interface FlowLocal {
  name: string;
  /** The type as written, `*` appended for pointers (`struct vfio_device_feature_zpci_err`). */
  type: string;
  pointer: boolean;
  array: boolean;
  init?: string;
  at: number;
  loc: SourceLocation;
  /** Where the declarator's name ends: a quick fix inserts ` = {}` there. */
  nameEnd: Position;
}

export interface FlowCall {
  callee: string;
  args: string[];
  at: number;
  end: number;
  loc: SourceLocation;
  /** The `if` whose condition holds this call, if any: its then-branch is the call's failure path. */
  inCondition?: FlowIf;
  /** Start offset of the innermost `case` arm holding it (-1 outside any): arms are separate paths. */
  arm: number;
}

export interface FlowIf {
  cond: string;
  at: number;
  /** The then-branch's span. */
  thenAt: number;
  thenEnd: number;
}

export interface FlowWrite {
  /** `err.pec`, `zdev->pending.count`, `x`. */
  target: string;
  op: string;
  value?: string;
  at: number;
  loc: SourceLocation;
  arm: number;
}

export interface FlowReturn {
  value: string;
  at: number;
  loc: SourceLocation;
  /** The `case` label (or `default`) of the switch arm holding it, if any. */
  caseLabel?: string;
  /** The condition of the switch that arm belongs to (`cmd`, `info->index`). */
  switchOn?: string;
}

export interface FlowFunction {
  name: string;
  params: { name: string; type: string }[];
  loc: SourceLocation;
  nameLoc: SourceLocation;
  start: number;
  end: number;
  /** True for a body that is a single return statement (a stub). */
  stub: boolean;
  locals: FlowLocal[];
  calls: FlowCall[];
  writes: FlowWrite[];
  returns: FlowReturn[];
  ifs: FlowIf[];
  comments: { text: string; at: number }[];
  /** `case X:` arms of the function's switches: label, span and what the switch is on. */
  cases: { label: string; at: number; end: number; loc: SourceLocation; switchOn?: string }[];
}

export interface CFlow {
  file: string;
  functions: FlowFunction[];
  problems: string[];
}

export function parseCFlow(file: string, text: string): CFlow {
  return runSync(parseCFlowSteps(file, text));
}

/** Syntax nodes read between two checkpoints: each costs a few calls into tree-sitter's wasm. */
const NODES_PER_STEP = 256;

/** parseCFlow in steps: the parse stops and resumes, then a checkpoint every NODES_PER_STEP nodes read
 *  (a generated driver of thousands of functions, one function of thousands of statements). */
export function* parseCFlowSteps(file: string, text: string): Steps<CFlow> {
  const out: CFlow = { file, functions: [], problems: [] };
  yield* readCTreeSteps(text, out.problems, function* (root) {
    const lines = new LineIndex(text);
    const tick = { n: 0 };
    const defs = yield* descendantsOfTypesSteps(root, ['function_definition']);
    for (const def of defs.get('function_definition') ?? []) {
      if (def) {
        const fn = yield* readFunction(def, file, lines, tick);
        if (fn) out.functions.push(fn);
      }
    }
    if (root.hasError)
      out.problems.push('syntax errors tree-sitter could not place; some functions may be missed');
  });
  return out;
}

/** The node types readFunction reads from a function's body. */
const BODY_TYPES = [
  'if_statement',
  'declaration',
  'call_expression',
  'assignment_expression',
  'update_expression',
  'return_statement',
  'case_statement',
  'comment',
];

/** A checkpoint is due every NODES_PER_STEP calls. */
const due = (tick: { n: number }): boolean => ++tick.n % NODES_PER_STEP === 0;

const collapse = (t: string): string => t.replace(/\s+/g, ' ').trim();

function* readFunction(
  def: Node,
  file: string,
  lines: LineIndex,
  tick: { n: number },
): Steps<FlowFunction | undefined> {
  if (due(tick)) yield;
  const declarator = def.childForFieldName('declarator');
  const nameNode = innermost(declarator);
  const body = def.childForFieldName('body');
  if (!nameNode || !body) return undefined;
  const loc = (n: Node): SourceLocation => ({ file, range: lines.rangeOf(n.startIndex, n.endIndex) });
  const fn: FlowFunction = {
    name: nameNode.text,
    params: params(declarator),
    loc: loc(def),
    nameLoc: loc(nameNode),
    start: def.startIndex,
    end: def.endIndex,
    stub:
      body.namedChildren.filter((c) => c && c.type !== 'comment').length === 1 &&
      body.namedChildren.some((c) => c?.type === 'return_statement'),
    locals: [],
    calls: [],
    writes: [],
    returns: [],
    ifs: [],
    comments: [],
    cases: [],
  };
  const ifOf = new Map<number, FlowIf>();
  // One stepped walk of the body for every type read below (descendantsOfType walked it once per type, in one go).
  const found = yield* descendantsOfTypesSteps(body, BODY_TYPES);
  const of = (type: string): Node[] => found.get(type) ?? [];
  for (const n of of('if_statement')) {
    if (due(tick)) yield;
    const cond = n?.childForFieldName('condition');
    const then = n?.childForFieldName('consequence');
    if (!n || !cond || !then) continue;
    const flowIf: FlowIf = {
      cond: collapse(cond.text),
      at: n.startIndex,
      thenAt: then.startIndex,
      thenEnd: then.endIndex,
    };
    fn.ifs.push(flowIf);
    for (const call of cond.descendantsOfType('call_expression')) if (call) ifOf.set(call.startIndex, flowIf);
  }
  for (const d of of('declaration')) {
    if (due(tick)) yield;
    if (d) pushAll(fn.locals, locals(d, loc, lines));
  }
  for (const call of of('call_expression')) {
    if (due(tick)) yield;
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier') continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (a): a is Node => !!a && a.type !== 'comment',
    );
    fn.calls.push({
      callee: callee.text,
      args: args.map((a) => collapse(a.text)),
      at: call.startIndex,
      end: call.endIndex,
      loc: loc(call),
      inCondition: ifOf.get(call.startIndex),
      arm: armOf(call, body),
    });
  }
  for (const a of of('assignment_expression')) {
    if (due(tick)) yield;
    const left = a?.childForFieldName('left');
    const op =
      a?.childForFieldName('operator')?.text ?? a?.children.find((c) => c?.type.endsWith('='))?.type ?? '=';
    if (a && left)
      fn.writes.push({
        target: collapse(left.text),
        op,
        value: collapse(a.childForFieldName('right')?.text ?? ''),
        at: a.startIndex,
        loc: loc(a),
        arm: armOf(a, body),
      });
  }
  for (const u of of('update_expression')) {
    if (due(tick)) yield;
    const arg = u?.childForFieldName('argument');
    const op = u?.childForFieldName('operator')?.text ?? (u?.text.includes('--') ? '--' : '++');
    if (u && arg)
      fn.writes.push({ target: collapse(arg.text), op, at: u.startIndex, loc: loc(u), arm: armOf(u, body) });
  }
  for (const r of of('return_statement')) {
    if (due(tick)) yield;
    if (!r) continue;
    const value = collapse(r.namedChildren.find((c) => c?.type !== 'comment')?.text ?? '');
    fn.returns.push({ value, at: r.startIndex, loc: loc(r), ...caseOf(r, body) });
  }
  for (const c of of('case_statement')) {
    if (due(tick)) yield;
    const value = c?.childForFieldName('value');
    if (!c || !value) continue;
    const { switchOn } = caseOf(value, body);
    fn.cases.push({
      label: collapse(value.text),
      at: c.startIndex,
      end: c.endIndex,
      loc: loc(value),
      switchOn,
    });
  }
  for (const c of of('comment')) {
    if (due(tick)) yield;
    if (c) fn.comments.push({ text: c.text, at: c.startIndex });
  }
  for (const list of [fn.calls, fn.writes, fn.returns, fn.locals] as { at: number }[][])
    list.sort((a, b) => a.at - b.at);
  return fn;
}

function innermost(n: Node | null | undefined): Node | undefined {
  for (let depth = 0; n && depth < 16; depth++) {
    if (n.type === 'identifier' || n.type === 'field_identifier') return n;
    n =
      n.childForFieldName('declarator') ??
      n.namedChildren.find((c) => c?.type.endsWith('declarator') || c?.type === 'identifier');
  }
  return undefined;
}

function params(declarator: Node | null): { name: string; type: string }[] {
  let n: Node | null | undefined = declarator;
  for (let depth = 0; n && n.type !== 'function_declarator' && depth < 16; depth++)
    n = n.childForFieldName('declarator');
  const list = n?.childForFieldName('parameters')?.namedChildren ?? [];
  return list
    .filter((p): p is Node => p?.type === 'parameter_declaration')
    .map((p) => {
      const d = p.childForFieldName('declarator');
      const pointer = d?.type === 'pointer_declarator';
      return {
        name: innermost(d)?.text ?? '',
        type: `${collapse(p.childForFieldName('type')?.text ?? '')}${pointer ? ' *' : ''}`,
      };
    });
}

function locals(decl: Node, loc: (n: Node) => SourceLocation, lines: LineIndex): FlowLocal[] {
  const type = collapse(decl.childForFieldName('type')?.text ?? '');
  const out: FlowLocal[] = [];
  for (const d of decl.childrenForFieldName('declarator')) {
    if (!d) continue;
    const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
    const name = innermost(target);
    if (!target || !name) continue;
    const init =
      d.type === 'init_declarator' ? collapse(d.childForFieldName('value')?.text ?? '') : undefined;
    const pointer = target.type === 'pointer_declarator';
    const array = target.type === 'array_declarator';
    const end = array ? target.endIndex : name.endIndex;
    out.push({
      name: name.text,
      type: pointer ? `${type} *` : type,
      pointer,
      array,
      init,
      at: decl.startIndex,
      loc: loc(decl),
      nameEnd: lines.positionAt(end),
    });
  }
  return out;
}

/** The label of the innermost `case`/`default` arm holding n, and what its switch switches on. */
function caseOf(n: Node, body: Node): { caseLabel?: string; switchOn?: string } {
  for (let p = n.parent; p && p.id !== body.id; p = p.parent) {
    if (p.type !== 'case_statement') continue;
    const value = p.childForFieldName('value');
    let sw: Node | null = p.parent;
    while (sw && sw.type !== 'switch_statement' && sw.id !== body.id) sw = sw.parent;
    const cond = sw?.type === 'switch_statement' ? sw.childForFieldName('condition')?.text : undefined;
    return {
      caseLabel: value ? collapse(value.text) : 'default',
      switchOn: cond && collapse(cond).replace(/^\((.*)\)$/, '$1'),
    };
  }
  return {};
}

/** Start offset of the innermost `case` arm holding n, or -1. */
function armOf(n: Node, body: Node): number {
  for (let p = n.parent; p && p.id !== body.id; p = p.parent)
    if (p.type === 'case_statement') return p.startIndex;
  return -1;
}
