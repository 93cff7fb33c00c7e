// The kernel tree a C file belongs to: the nearest ancestor directory holding
// include/uapi (drivers/vfio/pci/x.c -> the tree's root), so `#include
// <linux/vfio.h>` is looked up in that tree's UAPI headers first.

import { dirname, join, resolve } from 'node:path';
import type { FileHost } from '../preprocess/types';
import { nodeFileHost } from '../host/node-file-host';

export function kernelRootOf(file: string, host: FileHost = nodeFileHost): string | undefined {
  let dir = dirname(resolve(file));
  for (let i = 0; i < 12; i++) {
    // Any UAPI header marks the tree; vfio's is the one every tree kpw looks at has.
    if (
      host.fileExists(join(dir, 'include/uapi/linux/types.h')) ||
      host.fileExists(join(dir, 'include/uapi/linux/vfio.h'))
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}
