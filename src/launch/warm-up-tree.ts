// The embedded synthetic kernel tree the start-up warm-ups analyse (the server's snapshot,
// server/src/launch/warm-up.ts; the CLI's first code cache, cli-warm-up.ts): a UAPI header with
// its types, ioctl macros and each ABI's asm/ header, written to a fresh private temp directory
// and removed after, so the warm-ups read no file of the user's or the machine's.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The warm-up tree, relative to its temp directory: a kernel tree's include/uapi. */
export const WARM_UP_MAIN = 'include/uapi/linux/kpw_warm_up.h';

/** What the main header includes, as the kernel's linux/types.h and asm-generic/ioctl.h are. */
export const WARM_UP_INCLUDES: Record<string, string> = {
  'include/uapi/linux/kpw_warm_types.h': `#ifndef _UAPI_LINUX_KPW_WARM_TYPES_H
#define _UAPI_LINUX_KPW_WARM_TYPES_H
#include <asm-generic/kpw_warm_int.h>
typedef __u16 __le16;
typedef __u32 __le32;
typedef __u64 __aligned_u64 __attribute__((aligned(8)));
#endif
`,
  'include/uapi/asm-generic/kpw_warm_int.h': `#ifndef _ASM_GENERIC_KPW_WARM_INT_H
#define _ASM_GENERIC_KPW_WARM_INT_H
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef signed int __s32;
#ifdef __GNUC__
__extension__ typedef unsigned long long __u64;
#else
typedef unsigned long long __u64;
#endif
#define _IOC_NRBITS 8
#define _IOC_TYPEBITS 8
#define _IOC_SIZEBITS 14
#define _IOC_NRSHIFT 0
#define _IOC_TYPESHIFT (_IOC_NRSHIFT + _IOC_NRBITS)
#define _IOC_SIZESHIFT (_IOC_TYPESHIFT + _IOC_TYPEBITS)
#define _IOC_DIRSHIFT (_IOC_SIZESHIFT + _IOC_SIZEBITS)
#define _IOC(dir, type, nr, size) \\
	(((dir) << _IOC_DIRSHIFT) | ((type) << _IOC_TYPESHIFT) | ((nr) << _IOC_NRSHIFT) | ((size) << _IOC_SIZESHIFT))
#define _IOC_TYPECHECK(t) (sizeof(t))
#define _IO(type, nr) _IOC(0U, (type), (nr), 0)
#define _IOR(type, nr, size) _IOC(2U, (type), (nr), (_IOC_TYPECHECK(size)))
#define _IOWR(type, nr, size) _IOC(3U, (type), (nr), (_IOC_TYPECHECK(size)))
#endif
`,
};

/** Each ABI's own asm/ header, as arch/<karch>/include/uapi/asm/ holds them in a kernel tree. */
for (const [karch, word] of [
  ['x86', 'unsigned long'],
  ['s390', 'unsigned long'],
  ['arm64', 'unsigned long'],
  ['powerpc', 'unsigned long'],
  ['arm', 'unsigned int'],
  ['riscv', 'unsigned long'],
])
  WARM_UP_INCLUDES[`arch/${karch}/include/uapi/asm/kpw_warm_arch.h`] = `#ifndef _ASM_KPW_WARM_ARCH_H
#define _ASM_KPW_WARM_ARCH_H
#define KPW_WARM_ARCH_${karch.toUpperCase()} 1
typedef ${word} __kpw_warm_word;
struct kpw_warm_regs {
	__kpw_warm_word regs[4];
	__u32 flags;
};
#endif
`;

export const WARM_UP_HEADER = `/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_KPW_WARM_UP_H
#define _UAPI_LINUX_KPW_WARM_UP_H

#include <linux/kpw_warm_types.h>
#include <asm/kpw_warm_arch.h>

#define KPW_WARM_TYPE 0x4b
#define KPW_WARM_FLAG_A (1 << 0)
#define KPW_WARM_FLAG_B (1 << 1)
#define KPW_WARM_GET_INFO _IOWR(KPW_WARM_TYPE, 1, struct kpw_warm_info)
#define KPW_WARM_GET_CAP _IOR(KPW_WARM_TYPE, 2, struct kpw_warm_cap)
#define KPW_WARM_RESET _IO(KPW_WARM_TYPE, 3)

/**
 * struct kpw_warm_cap - one capability in a chain
 * @id: which capability
 * @version: its version
 * @next: offset of the next one
 */
struct kpw_warm_cap {
	__u16 id;
	__u16 version;
	__u32 next;
};

enum kpw_warm_kind {
	KPW_WARM_KIND_A = 1,
	KPW_WARM_KIND_B = 2,
};

struct kpw_warm_info {
	__u32 argsz;
	__u32 flags;
	__aligned_u64 size;
	__le32 le;
	struct kpw_warm_cap cap;
	__u8 pad;
	union {
		__u32 a;
		__u64 b;
	} u;
	long count;
	void *ptr;
	__u32 low : 4, high : 28;
	__u16 ids[3];
	struct kpw_warm_regs regs;
	__u32 data[];
};

struct kpw_warm_packed {
	__u8 a;
	__u32 b;
} __attribute__((packed));

#endif /* _UAPI_LINUX_KPW_WARM_UP_H */
`;

/** Writes the tree; `main` is the header to open, `remove` deletes the tree. */
export function writeWarmUpTree(): { main: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-warm-up-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    for (const [file, text] of Object.entries({ ...WARM_UP_INCLUDES, [WARM_UP_MAIN]: WARM_UP_HEADER })) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { main: join(dir, WARM_UP_MAIN), remove };
}
