// The Node flags the language server process runs with: the extension launches it with these
// and the bench (bench/editor-peers.ts) measures it with the same, so the numbers are the
// editor's. Measured in `npm run bench -- --peers` (CHANGELOG, issue 17); why each one:
export const SERVER_NODE_FLAGS: readonly string[] = [
  // A young generation of at most 2 x 4 MB instead of 2 x 16: RSS after a burst of edits of
  // vfio.h 121 MB instead of 138, at the same CPU per edit (fewer survivors copied per scavenge).
  '--max-semi-space-size=4',
  // gc() for server/src/idle-release.ts: one full collection once the server falls quiet.
  '--expose-gc',
];
