// Which files the UAPI rules apply to: headers under a kernel tree's
// include/uapi/ (or arch/*/include/uapi/), and installed headers (anything
// under an include/ directory holding linux/, e.g. /usr/include/linux/vfio.h).

import { resolve, sep } from 'node:path';
import { nodeFileHost } from '../host/node-file-host';
import { isDirectory, pathExists } from '../host/query';
import type { FileHost } from '../host/types';
import type { CheckContext } from './context';

/** True for a UAPI header: `.../include/uapi/...`, or an installed header below an include/ that holds linux/. */
export function isUapiPath(file: string, host: FileHost = nodeFileHost): boolean {
  const parts = resolve(file).split(sep);
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== 'include') continue;
    if (parts[i + 1] === 'uapi') return true;
    const includeDir = parts.slice(0, i + 1).join(sep) || sep;
    // A kernel tree's include/ (it has include/uapi next to include/linux) holds kernel-internal headers.
    if (isDirectory(host, `${includeDir}${sep}uapi`)) return false;
    if (parts[i + 1] === 'linux' || pathExists(host, `${includeDir}${sep}linux`)) return true;
  }
  return false;
}

/** Whether the UAPI rules run on this file in this context. */
export function inUapiScope(ctx: CheckContext, file: string): boolean {
  return !!ctx.forceUapi || isUapiPath(file, ctx.workspace.host);
}

/** The checked files the UAPI rules apply to. */
export function uapiFiles(ctx: CheckContext): Set<string> {
  return new Set(ctx.files.map((f) => resolve(f)).filter((f) => inUapiScope(ctx, f)));
}
