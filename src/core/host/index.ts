// The file host floor: the FileHost interface, the Node host (regular files
// only, size-capped), snapshots, path confinement to roots, directory walks
// and the one table of limits. Everything that reads the disk imports from here.

export * from './types';
export { LIMITS, formatBytes } from './limits';
export { createNodeFileHost, nodeFileHost } from './node-file-host';
export { snapshotHost } from './snapshot-host';
export { canonicalPath, isDirectory, listDir, pathExists, statOf } from './query';
export { assertInside, canonicalRoots, confineHost, isInside, type ConfinedHost } from './confine';
export {
  readRegularBytes,
  readRegularHead,
  readRegularText,
  describeKind,
  describePath,
  tooLargeMessage,
} from './read-regular';
export { walkTree, type WalkProblem, type WalkResult } from './walk';
export { textOverDisk } from './text-over';
