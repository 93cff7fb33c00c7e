// The project's one door to web-tree-sitter: loads the runtime and the C grammar,
// parses (fully or incrementally) and copies the tree into plain SyntaxNodes.
// Nothing else imports web-tree-sitter; everything past this file sees SyntaxNode.

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type ParseState, type Tree, type TreeCursor } from 'web-tree-sitter';
import { IDENT_LIKE, OPAQUE_TYPES, type SyntaxNode } from './syntax-node';

export interface InitOptions {
  /** Directory holding `web-tree-sitter.wasm` and `tree-sitter-c.wasm`. */
  wasmDir?: string;
}

/** A parsed tree-sitter tree; must be `delete()`d. */
export interface ParseTree {
  readonly hasError: boolean;
  delete(): void;
}

/** A text change expressed as offsets into the old and new texts. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

interface Loaded {
  parser: Parser;
  kinds: Uint8Array;
  types: string[];
}

let loading: Promise<void> | undefined;
let loaded: Loaded | undefined;

/** Loads the runtime and the C grammar once; concurrent and repeated calls share one load. */
export function initParser(opts: InitOptions = {}): Promise<void> {
  if (!loading) {
    loading = load(opts).catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
  }
  return loading;
}

export function isParserReady(): boolean {
  return loaded !== undefined;
}

async function load(opts: InitOptions): Promise<void> {
  const dir = wasmDirectory(opts.wasmDir);
  await Parser.init({
    locateFile: (name: string) => join(dir.runtime, name),
  });
  const language = await Language.load(new Uint8Array(readFileSync(dir.grammar)));
  const parser = new Parser();
  parser.setLanguage(language);
  loaded = { parser, ...nodeKinds(language) };
}

/** Where the wasm files are: an explicit directory, next to the bundle, or node_modules. */
function wasmDirectory(explicit?: string): { runtime: string; grammar: string } {
  const dirs = [explicit, __dirname].filter((d): d is string => !!d);
  const grammar =
    findFile(dirs, 'tree-sitter-c.wasm') ??
    resolvePackageFile('tree-sitter-c/package.json', 'tree-sitter-c.wasm');
  const runtime =
    findFile(dirs, 'web-tree-sitter.wasm') ??
    resolvePackageFile('web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm');
  if (!grammar || !runtime) {
    const missing = grammar ? 'web-tree-sitter.wasm' : 'tree-sitter-c.wasm';
    throw new Error(`${missing} not found in ${[...dirs, 'node_modules'].join(', ')}`);
  }
  return { runtime: dirname(runtime), grammar };
}

function findFile(dirs: string[], name: string): string | undefined {
  return dirs.map((d) => join(d, name)).find((p) => existsSync(p));
}

/** A file of an installed package, resolved from this module and from the working directory. */
function resolvePackageFile(request: string, name: string): string | undefined {
  for (const base of [__filename, join(process.cwd(), 'index.js')]) {
    try {
      return join(dirname(createRequire(base).resolve(request)), name);
    } catch {
      // not resolvable from here; try the next base
    }
  }
  return undefined;
}

/** Node types that are whole top-level items even inside an ERROR node. */
const TOP_LEVEL_ITEMS = new Set([
  'declaration',
  'type_definition',
  'function_definition',
  'linkage_specification',
  'comment',
  ';',
  'struct_specifier',
  'union_specifier',
  'enum_specifier',
]);

// How the walker treats each node type id.
const ANON = 1;
const IDENT = 2;
const COMMENT = 3;
const OPAQUE = 4;
const DESCEND = 5;

function nodeKinds(language: Language): { kinds: Uint8Array; types: string[] } {
  const count = language.nodeTypeCount;
  const kinds = new Uint8Array(65536).fill(OPAQUE);
  const types: string[] = new Array<string>(65536).fill('ERROR');
  for (let id = 0; id < count; id++) {
    const type = language.nodeTypeForId(id) ?? 'ERROR';
    types[id] = type;
    if (!language.nodeTypeIsNamed(id)) kinds[id] = ANON;
    else if (IDENT_LIKE.has(type)) kinds[id] = IDENT;
    else if (type === 'comment') kinds[id] = COMMENT;
    else if (OPAQUE_TYPES.has(type) || type === 'ERROR') kinds[id] = OPAQUE;
    else kinds[id] = DESCEND;
  }
  return { kinds, types };
}

class TreeHandle implements ParseTree {
  constructor(readonly tree: Tree) {}
  get hasError(): boolean {
    return this.tree.rootNode.hasError;
  }
  delete(): void {
    this.tree.delete();
  }
}

function parserOrThrow(): Loaded {
  if (!loaded) throw new Error('initParser() must be awaited before parsing');
  return loaded;
}

/** Asked periodically during a parse with tree-sitter's position (bytes); true cancels. */
export type CancelCheck = (byteOffset: number) => boolean;

/** Parses text; with `old` (the tree of `oldText`) and the change, reparses incrementally. */
export function parseTree(
  text: string,
  old?: { tree: ParseTree; oldText: string; change: TextChange },
): ParseTree {
  const tree = parseTreeWithin(text, old);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** parseTree, stopped when `cancel` says so: then undefined (the parser is reset for the next parse). */
export function parseTreeWithin(
  text: string,
  old?: { tree: ParseTree; oldText: string; change: TextChange },
  cancel?: CancelCheck,
): ParseTree | undefined {
  const { parser } = parserOrThrow();
  if (!old || !(old.tree instanceof TreeHandle)) return handle(runParse(parser, text, undefined, cancel));
  const copy = old.tree.tree.copy();
  try {
    copy.edit(toEdit(old.oldText, text, old.change));
    return handle(runParse(parser, text, copy, cancel));
  } finally {
    copy.delete();
  }
}

function handle(tree: Tree | undefined): TreeHandle | undefined {
  return tree ? new TreeHandle(tree) : undefined;
}

function runParse(parser: Parser, text: string, old: Tree | undefined, cancel?: CancelCheck): Tree | undefined {
  const options = cancel ? { progressCallback: (s: ParseState) => cancel(s.currentOffset) } : undefined;
  const tree = parser.parse(text, old ?? null, options);
  if (tree) return tree;
  // A cancelled parser resumes the old parse on its next call unless reset.
  parser.reset();
  return undefined;
}

function toEdit(oldText: string, newText: string, ch: TextChange): Edit {
  // The texts share the prefix up to ch.start: find its point once, then scan on from it.
  const start = pointAt(oldText, ch.start, { row: 0, lineStart: 0 }, 0);
  return new Edit({
    startIndex: ch.start,
    oldEndIndex: ch.oldEnd,
    newEndIndex: ch.newEnd,
    startPosition: { row: start.row, column: ch.start - start.lineStart },
    oldEndPosition: point(pointAt(oldText, ch.oldEnd, start, ch.start), ch.oldEnd),
    newEndPosition: point(pointAt(newText, ch.newEnd, start, ch.start), ch.newEnd),
  });
}

interface LineAt {
  row: number;
  lineStart: number;
}

function point(at: LineAt, offset: number): { row: number; column: number } {
  return { row: at.row, column: offset - at.lineStart };
}

/** The line holding `offset`, counting newlines on from `from` (the line at offset `scanFrom`). */
function pointAt(text: string, offset: number, from: LineAt, scanFrom: number): LineAt {
  let { row, lineStart } = from;
  for (let i = text.indexOf('\n', scanFrom); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, lineStart };
}

/** Copies the tree into SyntaxNodes. Top-level nodes containing errors are not
 *  descended: they get `hasError` and are re-read by the recovery parser. */
export function toSyntax(handle: ParseTree, text: string): SyntaxNode {
  return withSyntax(handle, text, (root) => root, false);
}

/** Calls `use` with the tree as SyntaxNodes. When `lazy`, top-level subtrees are copied only
 *  when read (declarations reused from an earlier parse never are): read them inside `use`. */
export function withSyntax<T>(handle: ParseTree, text: string, use: (root: SyntaxNode) => T, lazy = true): T {
  const { kinds, types } = parserOrThrow();
  const tree = (handle as TreeHandle).tree;
  const top = lazy ? new TopLevelCursor(tree, kinds, types, text) : undefined;
  try {
    return use(walkTopLevel(tree, kinds, types, text, top));
  } finally {
    top?.delete();
  }
}

function walkTopLevel(tree: Tree, kinds: Uint8Array, types: string[], text: string, top?: TopLevelCursor): SyntaxNode {
  const anyError = tree.rootNode.hasError;
  const cursor = tree.walk();
  const root: SyntaxNode = { type: 'translation_unit', start: 0, end: text.length, children: [] };
  const walker = new Walker(cursor, kinds, types, text, top);
  try {
    if (cursor.gotoFirstChild()) {
      do walker.topLevel(anyError, root.children, false);
      while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  return root;
}

class Walker {
  constructor(
    private readonly c: TreeCursor,
    private readonly kinds: Uint8Array,
    private readonly types: string[],
    private readonly text: string,
    private readonly top?: TopLevelCursor,
  ) {}

  /** Index of the next top-level node among the root's children (error-free trees). */
  private index = 0;

  /** Appends the top-level node under the cursor. An ERROR node is flattened: its
   *  complete declarations are kept as items, its fragments are marked damaged. */
  topLevel(anyError: boolean, out: SyntaxNode[], insideError: boolean): void {
    const c = this.c;
    if (!anyError) {
      out.push(this.lazyTop());
      return;
    }
    const id = c.nodeTypeId;
    const kind = this.kinds[id];
    if (id === 65535 && c.gotoFirstChild()) {
      do this.topLevel(anyError, out, true);
      while (c.gotoNextSibling());
      c.gotoParent();
      return;
    }
    const damaged =
      (insideError && !TOP_LEVEL_ITEMS.has(this.types[id])) ||
      (kind === ANON ? c.nodeIsMissing : (kind === DESCEND || kind === OPAQUE) && c.currentNode.hasError);
    if (damaged) {
      out.push({ type: this.types[id], start: c.startIndex, end: c.endIndex, children: [], hasError: true });
    } else {
      out.push(this.placed(this.node(0)));
    }
  }

  /** A top-level DESCEND node whose subtree is copied only when the lowering reads it
   *  (reused declarations never do). Other kinds are cheap and copied now. */
  private lazyTop(): SyntaxNode {
    const c = this.c;
    const index = this.index++;
    const top = this.top;
    if (this.kinds[c.nodeTypeId] !== DESCEND || !top) return this.placed(this.node(0));
    return new LazyTopNode(this.types[c.nodeTypeId], c.startIndex, c.endIndex, () => top.copy(index));
  }

  /** Top-level tokens (`;`) always get their offsets: regions are measured with them. */
  private placed(node: SyntaxNode): SyntaxNode {
    if (node.start === -1) this.placeToken(node);
    return node;
  }

  /** Reads the node under the cursor (and, for DESCEND types, its subtree). Anonymous
   *  tokens' offsets are only read when they end their parent (the parent's end). */
  node(depth: number): SyntaxNode {
    const c = this.c;
    const id = c.nodeTypeId;
    const type = this.types[id];
    const kind = this.kinds[id];
    if (kind === ANON) return { type, start: -1, end: -1, children: NO_CHILDREN };
    const start = c.startIndex;
    if (kind === IDENT) return { type, start, end: scanIdentifier(this.text, start), children: NO_CHILDREN };
    if (kind === COMMENT) return { type, start, end: scanComment(this.text, start), children: NO_CHILDREN };
    if (kind !== DESCEND || depth > 500 || !c.gotoFirstChild())
      return { type, start, end: c.endIndex, children: NO_CHILDREN };
    const children: SyntaxNode[] = [];
    for (;;) {
      children.push(this.node(depth + 1));
      if (!c.gotoNextSibling()) break;
    }
    const last = children[children.length - 1];
    if (last.start === -1) this.placeToken(last);
    c.gotoParent();
    return { type, start, end: last.end, children };
  }

  private placeToken(node: SyntaxNode): void {
    const start = this.c.startIndex;
    node.start = start;
    node.end = this.text.startsWith(node.type, start) ? start + node.type.length : this.c.endIndex;
  }
}

const NO_CHILDREN: SyntaxNode[] = [];

/** Copies top-level subtrees on demand with one cursor moving forward over the root's
 *  children (the lowering asks in order: linear overall; going back restarts it). */
class TopLevelCursor {
  private cursor?: TreeCursor;
  private at = -1;
  private dead = false;

  constructor(
    private readonly tree: Tree,
    private readonly kinds: Uint8Array,
    private readonly types: string[],
    private readonly text: string,
  ) {}

  copy(index: number): SyntaxNode[] {
    if (this.dead) throw new Error('syntax tree read after its parse was released');
    if (!this.cursor || index < this.at) {
      this.cursor?.delete();
      this.cursor = this.tree.walk();
      this.cursor.gotoFirstChild();
      this.at = 0;
    }
    while (this.at < index && this.cursor.gotoNextSibling()) this.at++;
    if (this.at !== index) throw new Error(`top-level node ${index} not found`);
    return new Walker(this.cursor, this.kinds, this.types, this.text).node(0).children;
  }

  delete(): void {
    this.cursor?.delete();
    this.cursor = undefined;
    this.dead = true;
  }
}

/** A top-level node read eagerly only for its span; `children` copies the subtree on first
 *  use (the tree must still be alive then: parseUnit lowers before the tree can be freed).
 *  Its end is tree-sitter's: the eager walk's last-child end is the same for every node it
 *  descends (lazy nodes exist only in error-free trees, so no MISSING tokens). */
class LazyTopNode implements SyntaxNode {
  private copied?: SyntaxNode[];

  constructor(
    readonly type: string,
    readonly start: number,
    readonly end: number,
    private copy: (() => SyntaxNode[]) | undefined,
  ) {}

  get children(): SyntaxNode[] {
    if (!this.copied) {
      this.copied = (this.copy as () => SyntaxNode[])();
      this.copy = undefined;
    }
    return this.copied;
  }
}

function isIdentChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code > 127
  );
}

function scanIdentifier(text: string, start: number): number {
  let i = start;
  while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
  return i;
}

function scanComment(text: string, start: number): number {
  if (text.startsWith('/*', start)) {
    const close = text.indexOf('*/', start + 2);
    return close === -1 ? text.length : close + 2;
  }
  let i = start;
  for (;;) {
    const nl = text.indexOf('\n', i);
    if (nl === -1) return text.length;
    const cr = nl > 0 && text.charCodeAt(nl - 1) === 13 ? 1 : 0;
    if (text.charCodeAt(nl - 1 - cr) !== 92) return nl - cr;
    i = nl + 1;
  }
}

// The public parse entry points live in parse-unit.ts; re-exported here because
// callers reach the parser through this module too (lazy getters make the cycle safe).
export { identityMap, parseUnit, textChange, type ParsedUnit } from './parse-unit';
