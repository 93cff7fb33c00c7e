// The descendants of a tree-sitter node of some types, as resumable steps: web-tree-sitter's
// descendantsOfType walks and returns a whole subtree in one call (a function holding a switch of
// 6,000 cases: ~30 ms per type, eight types per function, so a C document held the language
// server ~250 ms). One cursor walk in preorder, pausing every few thousand nodes, gives the same
// nodes in the same order (the node itself included, as descendantsOfType does) for every type at once.

import type { Node } from 'web-tree-sitter';
import { CHECKPOINT_EVERY, type Steps } from '../../steps';

/** Nodes visited between two checkpoints. */
const NODES_PER_STEP = 4 * CHECKPOINT_EVERY;

/** For each of `types`, its nodes under `node` (node included) in preorder, as descendantsOfType lists them. */
export function* descendantsOfTypesSteps(node: Node, types: readonly string[]): Steps<Map<string, Node[]>> {
  const out = new Map<string, Node[]>(types.map((t) => [t, []]));
  const cursor = node.walk();
  try {
    let visited = 0;
    for (;;) {
      if (++visited % NODES_PER_STEP === 0) yield;
      const list = out.get(cursor.nodeType);
      if (list) list.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      // Up until a sibling is found (the walk never leaves `node`: the cursor's root).
      for (;;) {
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) return out;
      }
    }
  } finally {
    cursor.delete();
  }
}
