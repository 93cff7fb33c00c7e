// The fixtures every test run has: the seed patch and Debian's vfio headers at known
// versions, kept in the repository (test/fixtures/shared, a copy of ../shared/fixtures;
// see its README) so `npm test` passes in a plain clone with nothing beside it.

import { join } from 'node:path';

export const SHARED_DIR = join(__dirname, 'fixtures', 'shared');
export const UAPI_HEADERS = join(SHARED_DIR, 'fixtures', 'uapi-headers');
/** Debian's linux-libc-dev 7.2.13 include root (holds linux/vfio.h with features 0-12). */
export const UAPI_7_2 = join(UAPI_HEADERS, '7.2.13');
