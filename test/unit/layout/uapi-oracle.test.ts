// Real UAPI headers, expanded by each ABI's gcc -E (so our preprocessor is not
// involved), laid out by our parser and engine and compared with gcc's own
// numbers for every struct and union they define. Skips without compilers.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ABIS } from '../../../src/core/abi/index';
import { initParser } from '../../../src/core/parser/index';
import { missingMessage } from '../abi/helpers/toolchain';
import { compareHeader } from './helpers/uapi-oracle';

/** Headers with the cases that matter: i386 u64 alignment, big-endian bitfields, packed-on-x86_64-only, #pragma pack. */
const HEADERS = [
  'linux/vfio.h',
  'linux/ip.h',
  'linux/eventpoll.h',
  'linux/virtio_net.h',
  'linux/if_packet.h',
  'linux/cciss_defs.h',
  'linux/batadv_packet.h',
];

before(() => initParser());

for (const abi of ABIS) {
  test(`UAPI headers on ${abi.name} agree with gcc`, (t) => {
    let types = 0;
    for (const header of HEADERS) {
      const r = compareHeader(abi, header);
      if (!r) return t.skip(missingMessage(abi));
      assert.equal(r.error, undefined, `${header} on ${abi.name}`);
      assert.deepEqual(r.mismatches, [], `${header} on ${abi.name}`);
      types += r.types;
    }
    t.diagnostic(`${abi.name}: ${types} types agree`);
  });
}
