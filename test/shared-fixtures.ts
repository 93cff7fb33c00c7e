// Where ../shared (beside the project's root) keeps the fixtures every developer and CI
// run has: the seed patch and Debian's vfio headers at known versions.

import { join } from 'node:path';

export const SHARED_DIR = join(__dirname, '..', '..', 'shared');
export const UAPI_HEADERS = join(SHARED_DIR, 'fixtures', 'uapi-headers');
/** Debian's linux-libc-dev 7.2.13 include root (holds linux/vfio.h with features 0-12). */
export const UAPI_7_2 = join(UAPI_HEADERS, '7.2.13');
