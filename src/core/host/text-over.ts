// One file's text over another host (the disk by default): an editor buffer, a file as it was
// at a git ref. Every optional host question is forwarded, since the include plan finds its
// directories through stat: a host answering only readFile/fileExists leaves a model with no
// include path at all (every struct then lays out at size 0).

import { resolve } from 'node:path';
import { nodeFileHost } from './node-file-host';
import { statOf } from './query';
import type { FileHost } from './types';

/**
 * The disk with one file's text replaced (a hovered C buffer, a header's text at
 * the compat base ref). Kind, listing and real-path questions go to the disk too:
 * the include plan finds its directories through them, so a host answering only
 * readFile/fileExists would leave a model with no include path at all.
 */
export function textOverDisk(path: string, text: string, disk: FileHost = nodeFileHost): FileHost {
  const at = resolve(path);
  const mine = (p: string): boolean => resolve(p) === at;
  const host: FileHost = {
    readFile: (p) => (mine(p) ? text : disk.readFile(p)),
    fileExists: (p) => mine(p) || disk.fileExists(p),
    stat: (p) => (mine(p) ? { kind: 'file', size: Buffer.byteLength(text) } : statOf(disk, p)),
  };
  if (disk.version) host.version = (p) => (mine(p) ? undefined : disk.version?.(p));
  if (disk.listDir) host.listDir = disk.listDir.bind(disk);
  if (disk.realpath) host.realpath = disk.realpath.bind(disk);
  return host;
}
