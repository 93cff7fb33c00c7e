// Reading one input file named on the command line (a scenario, a header): a
// clear error naming the file and the cause instead of an exception.

import { existsSync, readFileSync, statSync } from 'node:fs';
import type { CommandIo } from './commands/command';

const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The file's text, or undefined after printing `kpw: error: FILE: cause`. */
export function readInput(file: string, io: CommandIo): string | undefined {
  try {
    if (!existsSync(file)) throw new Error('no such file');
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    if (statSync(file).size > MAX_INPUT_BYTES) throw new Error('larger than 16 MB');
    return readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr(`kpw: error: ${file}: ${(err as Error).message}`);
    return undefined;
  }
}
