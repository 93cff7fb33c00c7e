// A FileHost over node:fs: regular files only, version stamp = size + mtime.
// Errors reading become `undefined` (the preprocessor reports them).

import * as fs from 'node:fs';
import type { FileHost } from './types';

export const nodeFileHost: FileHost = {
  readFile(path: string): string | undefined {
    // No stat first: the read itself fails on missing files and directories.
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  fileExists(path: string): boolean {
    return statQuietly(path)?.isFile() ?? false;
  },
  version(path: string): string | undefined {
    const st = statQuietly(path);
    if (!st || !st.isFile()) return undefined;
    return `${st.size}:${st.mtimeMs}`;
  },
};

function statQuietly(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path, { throwIfNoEntry: false }) ?? undefined;
  } catch {
    return undefined;
  }
}
