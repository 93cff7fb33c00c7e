// The project's one door to web-tree-sitter: loads the runtime and the C grammar,
// parses (fully or incrementally) and hands the tree out as plain SyntaxNodes
// (copied by tree-walk.ts). Past these two files everything sees SyntaxNode.

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type ParseState, type Tree } from 'web-tree-sitter';
import type { SyntaxNode } from './syntax-node';
import type { Steps } from '../../steps';
import { nodeKinds, TopLevelCursor, walkTopLevel } from './tree-walk';

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
  language: Language;
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
  loaded = { parser, language, ...nodeKinds(language) };
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

/** tree-sitter's progress calls (about one per 50 bytes parsed) between two pauses of a stepped
 *  parse: ~25 KB of C, a few ms. A file smaller than that is parsed in one go, as parseTree does. */
export const PARSE_PROGRESS_CALLS_PER_STEP = 200;

/** A whole parse in steps (the language server's C documents): tree-sitter stops every
 *  PARSE_PROGRESS_CALLS_PER_STEP progress calls and resumes where it stopped. A parser of its own,
 *  so a parse run meanwhile (another document, a hover) does not resume this one. The stops fall
 *  on the same bytes in every driver, so the CLI and the server get the same tree (tree-sitter's
 *  error recovery may place an ERROR node differently from a parse that never stops). */
export function* parseTreeSteps(text: string): Steps<ParseTree> {
  const { language } = parserOrThrow();
  const parser = new Parser();
  try {
    parser.setLanguage(language);
    let calls = 0;
    const options = { progressCallback: () => ++calls % PARSE_PROGRESS_CALLS_PER_STEP === 0 };
    for (;;) {
      const tree = parser.parse(text, null, options);
      if (tree) return new TreeHandle(tree);
      yield;
    }
  } finally {
    parser.delete();
  }
}

function handle(tree: Tree | undefined): TreeHandle | undefined {
  return tree ? new TreeHandle(tree) : undefined;
}

function runParse(
  parser: Parser,
  text: string,
  old: Tree | undefined,
  cancel?: CancelCheck,
): Tree | undefined {
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
