// Paths as the CLI prints them: relative to the working directory when the file
// lies under it (as gcc prints what it was given), absolute otherwise.

import { isAbsolute, relative } from 'node:path';

export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
