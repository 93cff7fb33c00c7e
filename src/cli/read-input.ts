// Reading one input file named on the command line (a scenario, a header): a
// clear error naming the file and the cause instead of an exception. Goes
// through the host's one reader: regular files only, size-capped.

import { HostRefusal, LIMITS, readRegularText } from '../core/host/index';
import type { CommandIo } from './commands/command';

/** The file's text, or undefined after printing `kpw: error: FILE: cause`. */
export function readInput(
  file: string,
  io: CommandIo,
  maxBytes: number = LIMITS.headerBytes,
  what = 'headers',
): string | undefined {
  try {
    const text = readRegularText(file, maxBytes, what);
    if (text === undefined) throw new HostRefusal('not-regular', file, `${file}: no such file`);
    return text;
  } catch (err) {
    const message = err instanceof HostRefusal ? err.message : `${file}: ${(err as Error).message}`;
    io.stderr(`kpw: error: ${message}`);
    return undefined;
  }
}
