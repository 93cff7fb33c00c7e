// The language server's warm-up while its startup snapshot is built (snapshot-entry.ts): a real
// server over in-memory streams opens an EMBEDDED synthetic UAPI header (never a file of the
// machine's or the user's: it includes nothing, and its path does not exist), answers a hover,
// inlay hints and symbols, and closes it, so the snapshot keeps the bytecode an open compiles.

import { PassThrough } from 'node:stream';
import {
  createConnection,
  createProtocolConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../start-server';

/** Under a directory no machine has: nothing the analysis looks up beside it exists. */
export const WARM_UP_URI = 'file:///nonexistent-kpw-snapshot-warm-up/include/uapi/linux/kpw_warm_up.h';

/** Records, unions, enums, bitfields, arrays, holes, packing, doc comments, ioctl numbers and a
 *  `long`: the checks and layouts an open of a real UAPI header runs, on every ABI. */
export const WARM_UP_HEADER = `/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_KPW_WARM_UP_H
#define _UAPI_LINUX_KPW_WARM_UP_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed int __s32;

#define _IOC(dir, type, nr, size) (((dir) << 30) | ((type) << 8) | (nr) | ((size) << 16))
#define _IOWR(type, nr, size) _IOC(3U, (type), (nr), sizeof(size))
#define _IOR(type, nr, size) _IOC(2U, (type), (nr), sizeof(size))
#define KPW_WARM_TYPE 0x4b
#define KPW_WARM_FLAG_A (1 << 0)
#define KPW_WARM_FLAG_B (1 << 1)
#define KPW_WARM_GET_INFO _IOWR(KPW_WARM_TYPE, 1, struct kpw_warm_info)
#define KPW_WARM_GET_CAP _IOR(KPW_WARM_TYPE, 2, struct kpw_warm_cap)

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
	__u64 size;
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
	__u32 data[];
};

struct kpw_warm_packed {
	__u8 a;
	__u32 b;
} __attribute__((packed));

#endif /* _UAPI_LINUX_KPW_WARM_UP_H */
`;

/** Runs one session to its end; resolves when the server is quiet again. */
export async function warmUp(): Promise<void> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const server = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(toServer),
    new StreamMessageWriter(fromServer),
  );
  let published: () => void = () => undefined;
  const firstPublish = new Promise<void>((resolve) => (published = resolve));
  // No forced collection: the snapshot is taken after a full one anyway.
  startServer(server, {
    collect: () => undefined,
    onPublished: (report) => {
      if (report.uri === WARM_UP_URI) published();
    },
  });
  const client = createProtocolConnection(
    new StreamMessageReader(fromServer),
    new StreamMessageWriter(toServer),
  );
  client.listen();
  await client.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
  await client.sendNotification('initialized', {});
  const textDocument = { uri: WARM_UP_URI };
  await client.sendNotification('textDocument/didOpen', {
    textDocument: { ...textDocument, languageId: 'c', version: 1, text: WARM_UP_HEADER },
  });
  await firstPublish;
  const line = WARM_UP_HEADER.split('\n').findIndex((l) => l.startsWith('struct kpw_warm_info'));
  await client.sendRequest('textDocument/hover', { textDocument, position: { line, character: 10 } });
  await client.sendRequest('textDocument/inlayHint', {
    textDocument,
    range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } },
  });
  await client.sendRequest('textDocument/documentSymbol', { textDocument });
  await client.sendNotification('textDocument/didClose', { textDocument });
  await client.sendRequest('shutdown');
  client.dispose();
  server.dispose();
  toServer.end();
  fromServer.end();
}
