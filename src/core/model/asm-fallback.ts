// What `#include <asm/X.h>` means when no include directory holds this ABI's
// asm headers: the kernel's generic-y rule (asm/X.h is asm-generic/X.h), with
// the ABI's own `_IOC` field widths put in front of asm-generic/ioctl.h, the
// way arch/powerpc's ioctl.h does. Files made here live only in memory.

import { join } from 'node:path';
import type { AbiSpec } from '../abi/types';
import type { FileHost } from '../host/types';

const GENERIC_IOC = { nrBits: 8, typeBits: 8, sizeBits: 14, dirBits: 2, none: 0, write: 1, read: 2 };

function iocPrelude(abi: AbiSpec): string {
  const ioc = abi.ioc;
  const same = (Object.keys(GENERIC_IOC) as (keyof typeof GENERIC_IOC)[]).every(
    (k) => ioc[k] === GENERIC_IOC[k],
  );
  if (same) return '';
  return [
    `/* ${abi.name}: _IOC encoding from kpw's ABI data (arch/${abi.karch}/include/uapi/asm/ioctl.h) */`,
    `#define _IOC_SIZEBITS ${ioc.sizeBits}`,
    `#define _IOC_DIRBITS ${ioc.dirBits}`,
    `#define _IOC_NONE ${ioc.none}U`,
    `#define _IOC_READ ${ioc.read}U`,
    `#define _IOC_WRITE ${ioc.write}U`,
    '',
  ].join('\n');
}

/** Builds the preprocessor's `fallbackInclude` hook for one ABI. */
export function asmFallback(
  abi: AbiSpec,
  includeDirs: readonly string[],
  host: FileHost,
): (spelled: string, angled: boolean) => { path: string; text: string } | undefined {
  return (spelled) => {
    if (!spelled.startsWith('asm/')) return undefined;
    const name = spelled.slice('asm/'.length);
    const generic = `asm-generic/${name}`;
    if (!includeDirs.some((dir) => host.fileExists(join(dir, generic)))) return undefined;
    const prelude = name === 'ioctl.h' ? iocPrelude(abi) : '';
    return { path: `<abi:${abi.name}>/asm/${name}`, text: `${prelude}#include <${generic}>\n` };
  };
}
