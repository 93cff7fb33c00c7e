// The registry of fuzz targets, one per input parser, in the order
// `npm run fuzz` runs them.

import { fsLayoutTarget } from './fs-layout';
import { headerTarget } from './header';
import { patchTarget } from './patch';
import { patchworkTarget } from './patchwork';
import { probeTarget } from './probe';
import { scenarioTarget } from './scenario';
import { sshConfigTarget } from './ssh-config';
import type { FuzzTarget } from './types';

export const TARGETS: readonly FuzzTarget[] = [
  headerTarget,
  patchTarget,
  patchworkTarget,
  scenarioTarget,
  probeTarget,
  sshConfigTarget,
  fsLayoutTarget,
];

export function findTarget(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
