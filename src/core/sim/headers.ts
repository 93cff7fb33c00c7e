// Headers the simulator ships as text: the CCDF struct (section 4 of the
// reference page, written for kpw) and a minimal header per uAPI generation,
// used when the user names no header of their own.

import type { FileHost } from '../host/types';

const BASE_TYPES = `typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
#define __aligned_u64 __u64 __attribute__((aligned(8)))
`;

/** The 32-byte channel-check detection frame for errors, packed, as firmware delivers it. */
export const CCDF_HEADER = `${BASE_TYPES}
struct zpci_ccdf_err {
	__u32 reserved1;
	__u32 fh;		/* function handle */
	__u32 fid;		/* function id */
	__u32 ett:4;		/* expected table type */
	__u32 mvn:12;		/* MSI vector number */
	__u32 dmaas:8;		/* DMA address space */
	__u32 reserved2:6;
	__u32 q:1;		/* event qualifier */
	__u32 rw:1;		/* read/write */
	__u64 faddr;		/* failing address */
	__u32 reserved3;
	__u16 reserved4;
	__u16 pec;		/* PCI event code */
} __attribute__((packed));
`;

const FEATURE_COMMON = `struct vfio_device_feature {
	__u32 argsz;
	__u32 flags;
#define VFIO_DEVICE_FEATURE_MASK	(0xffff)
#define VFIO_DEVICE_FEATURE_GET		(1 << 16)
#define VFIO_DEVICE_FEATURE_SET		(1 << 17)
#define VFIO_DEVICE_FEATURE_PROBE	(1 << 18)
	__u8 data[];
};
#define VFIO_DEVICE_FEATURE_MIGRATION 1
#define VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE 2
#define VFIO_DEVICE_FEATURE_DMA_LOGGING_START 6
#define VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP 7
#define VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT 8
#define VFIO_DEVICE_FEATURE_MIG_DATA_SIZE 9
#define VFIO_DEVICE_FEATURE_ZPCI_ERROR 13
`;

/** The seed patch's (v13) inline form. */
export const V13_HEADER = `${BASE_TYPES}${FEATURE_COMMON}
struct vfio_device_feature_zpci_err {
	__u8 version;
	__u8 pending_errors;
	__u16 pec;
};
`;

/** The merged (v20, Linux v7.3) pointer form. */
export const V73_HEADER = `${BASE_TYPES}${FEATURE_COMMON}
struct vfio_device_feature_zpci_err {
	__aligned_u64 data;
};
`;

/** Virtual paths; they never exist on disk. */
export const BUILTIN_PATHS = {
  ccdf: '/kpw-builtin/sim/zpci-ccdf.h',
  v13: '/kpw-builtin/sim/vfio-v13.h',
  'v7.3': '/kpw-builtin/sim/vfio-v7.3.h',
} as const;

const BUILTIN_TEXT: Record<string, string> = {
  [BUILTIN_PATHS.ccdf]: CCDF_HEADER,
  [BUILTIN_PATHS.v13]: V13_HEADER,
  [BUILTIN_PATHS['v7.3']]: V73_HEADER,
};

/** Serves the built-in headers and nothing else. */
export const builtinHost: FileHost = {
  readFile: (path) => BUILTIN_TEXT[path],
  fileExists: (path) => path in BUILTIN_TEXT,
};
