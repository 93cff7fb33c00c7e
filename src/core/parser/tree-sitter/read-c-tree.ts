// Reading a driver C file's syntax tree for the analyses over it (c-source.ts: dispatch facts;
// c-flow.ts: function bodies): the parser must be loaded, the parse may fail, the walk may
// throw on text tree-sitter could not place. Each becomes a problem on the caller's list, and
// the tree is always released.

import type { Node, Tree } from 'web-tree-sitter';
import { isParserReady, parseTree, parseTreeSteps } from './tree-sitter';
import type { Steps } from '../../steps';

export function readCTree(text: string, problems: string[], read: (root: Node) => void): void {
  if (!isParserReady()) {
    problems.push('the C parser is not loaded (initParser() was not awaited)');
    return;
  }
  let handle;
  try {
    handle = parseTree(text);
  } catch (err) {
    problems.push(`parse failed: ${(err as Error).message}`);
    return;
  }
  try {
    const tree = (handle as unknown as { tree?: Tree }).tree;
    if (!tree?.rootNode) problems.push('no syntax tree');
    else read(tree.rootNode);
  } catch (err) {
    problems.push(`reading the syntax tree failed: ${(err as Error).message}`);
  } finally {
    handle.delete();
  }
}

/** readCTree in steps: the parse stops and resumes (parseTreeSteps), `read` is a generator. */
export function* readCTreeSteps(
  text: string,
  problems: string[],
  read: (root: Node) => Steps<void>,
): Steps<void> {
  if (!isParserReady()) {
    problems.push('the C parser is not loaded (initParser() was not awaited)');
    return;
  }
  let handle;
  try {
    handle = yield* parseTreeSteps(text);
  } catch (err) {
    problems.push(`parse failed: ${(err as Error).message}`);
    return;
  }
  try {
    const tree = (handle as unknown as { tree?: Tree }).tree;
    if (!tree?.rootNode) problems.push('no syntax tree');
    else yield* read(tree.rootNode);
  } catch (err) {
    problems.push(`reading the syntax tree failed: ${(err as Error).message}`);
  } finally {
    handle.delete();
  }
}
