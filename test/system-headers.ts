// Tests that lay real types out read the system's kernel UAPI headers (Debian's linux-libc-dev:
// /usr/include/linux/types.h and what it includes); npm run setup installs them. Without them
// such a test skips saying so, and under CI=true (where setup always ran) it fails instead.

import { existsSync } from 'node:fs';

const NEEDED = [
  '/usr/include/linux/types.h',
  '/usr/include/linux/ioctl.h',
  '/usr/include/asm-generic/int-ll64.h',
];

/** The `skip` option for a test that reads /usr/include: undefined when the headers are there. */
export function systemHeadersSkip(): string | undefined {
  const missing = NEEDED.filter((f) => !existsSync(f));
  if (!missing.length) return undefined;
  const reason = `the system's kernel UAPI headers are missing (${missing.join(', ')}): install Debian's linux-libc-dev (npm run setup does)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; required under CI=true`);
  return reason;
}
