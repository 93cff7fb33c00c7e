// Copies a tree-sitter tree into plain SyntaxNodes (syntax-node.ts), once per node:
// crossing into wasm is the expensive part, so opaque nodes are kept as spans and
// top-level subtrees can be copied lazily. Used only by tree-sitter.ts.

import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { IDENT_LIKE, OPAQUE_TYPES, type SyntaxNode } from './syntax-node';

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

export function nodeKinds(language: Language): { kinds: Uint8Array; types: string[] } {
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

export function walkTopLevel(
  tree: Tree,
  kinds: Uint8Array,
  types: string[],
  text: string,
  top?: TopLevelCursor,
): SyntaxNode {
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
export class TopLevelCursor {
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
