// _IOC encoding per architecture: known ioctl numbers from the kernel headers
// (asm-generic and powerpc), and decode(encode(x)) == x.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABIS, getAbi } from '../../../src/core/abi/index';
import { iocDecode, iocEncode } from '../../../src/core/abi/ioc';

const x86 = getAbi('x86_64')!;
const ppc = getAbi('ppc64le')!;

test('_IO(VFIO_TYPE, VFIO_BASE + 14) = VFIO_DEVICE_QUERY_GFX_PLANE', () => {
  // ';' is 0x3b, VFIO_BASE 100: nr 0x72.
  assert.equal(iocEncode(x86, 'none', 0x3b, 100 + 14, 0), 0x3b72);
  assert.equal(iocEncode(ppc, 'none', 0x3b, 100 + 14, 0), 0x20003b72);
});

test('_IOR/_IOW/_IOWR on asm-generic and powerpc', () => {
  // FS_IOC_GETFLAGS = _IOR('f', 1, long): 0x80086601 on 64-bit asm-generic, 0x40086601 on powerpc.
  assert.equal(iocEncode(x86, 'read', 0x66, 1, 8), 0x80086601);
  assert.equal(iocEncode(ppc, 'read', 0x66, 1, 8), 0x40086601);
  // FS_IOC_SETFLAGS = _IOW('f', 2, long).
  assert.equal(iocEncode(x86, 'write', 0x66, 2, 8), 0x40086602);
  assert.equal(iocEncode(ppc, 'write', 0x66, 2, 8), 0x80086602);
  // _IOWR('V', 9, 88 bytes)
  assert.equal(iocEncode(x86, 'read-write', 0x56, 9, 88), 0xc0585609);
  assert.equal(iocEncode(ppc, 'read-write', 0x56, 9, 88), 0xc0585609);
});

test('size is truncated to the architecture size field', () => {
  assert.equal(iocDecode(x86, iocEncode(x86, 'read', 1, 2, 0x3fff)).size, 0x3fff);
  assert.equal(iocDecode(ppc, iocEncode(ppc, 'read', 1, 2, 0x3fff)).size, 0x1fff);
});

test('decode inverts encode on every ABI', () => {
  for (const abi of ABIS) {
    for (const dir of ['none', 'read', 'write', 'read-write'] as const) {
      const v = iocEncode(abi, dir, 0xab, 0x42, 0x123);
      assert.deepEqual(
        { ...iocDecode(abi, v), dirBits: 0 },
        { dir, dirBits: 0, type: 0xab, nr: 0x42, size: 0x123 },
        `${abi.name} ${dir}`,
      );
    }
  }
});
