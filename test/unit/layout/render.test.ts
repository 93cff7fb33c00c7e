// Rendered layouts against golden files in test/fixtures/layout/golden
// (`<fixture>-<view>.txt`); KPW_UPDATE_EXPECTED=1 rewrites them after review.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ABIS, getAbi } from '../../../src/core/abi/index';
import { allRecordLayouts, layoutRecord } from '../../../src/core/layout/index';
import { renderMultiAbi, renderPahole } from '../../../src/core/layout/render';
import { FIXTURE_DIR, loadFixture } from './helpers/fixtures';
import { initParser } from '../../../src/core/parser/index';

before(() => initParser());

function golden(name: string, actual: string): void {
  const path = join(FIXTURE_DIR, 'golden', `${name}.txt`);
  if (process.env.KPW_UPDATE_EXPECTED === '1' || !existsSync(path)) writeFileSync(path, actual);
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `golden ${name} differs (KPW_UPDATE_EXPECTED=1 to accept)`,
  );
}

function multi(fixture: string, names: string[]): string {
  const fx = loadFixture(fixture);
  return (
    names.map((n) => renderMultiAbi(fx.abis.map((a) => layoutRecord(fx.env, a, n)!))).join('\n\n') + '\n'
  );
}

test('pahole view of vfio.h on x86_64', () => {
  const fx = loadFixture('vfio.h');
  golden(
    'vfio-x86_64-pahole',
    allRecordLayouts(fx.env, getAbi('x86_64')!).map(renderPahole).join('\n\n') + '\n',
  );
});

test('pahole view of bitfields.h on s390x', () => {
  const fx = loadFixture('bitfields.h');
  golden(
    'bitfields-s390x-pahole',
    allRecordLayouts(fx.env, getAbi('s390x')!).map(renderPahole).join('\n\n') + '\n',
  );
});

test('multi-ABI view marks what differs from the first group', () => {
  const text = multi('vfio.h', [
    'vfio_iommu_type1_info_cap_migration',
    'vfio_device_gfx_plane_info',
    'vfio_iommu_type1_dma_unmap_like',
  ]);
  assert.match(text, /^\/\* x86_64, s390x, aarch64, ppc64le, arm, riscv64 \*\/$/m);
  assert.match(text, /pgsize_bitmap;\s+\/\*\s+12\s+8 \*\/ \/\* <-- differs: x86_64 16 8 \*\//);
  assert.match(text, /\/\* XXX 4 bytes hole, try to pack \*\//);
  golden('vfio-multi-abi', text);
});

test('multi-ABI view of bitfield and enum differences', () => {
  golden('bitfields-multi-abi', multi('bitfields.h', ['bf_unnamed', 'bf_zero', 'bf_ll']));
  golden('enums-multi-abi', multi('enums.h', ['en_big', 'en_packed']));
});

test('a type with one layout everywhere prints once with every ABI', () => {
  const fx = loadFixture('zpci.h');
  const text = renderMultiAbi(ABIS.map((a) => layoutRecord(fx.env, a, 'zpci_ccdf_err')!));
  assert.equal(text.split('\n')[0], `/* ${ABIS.map((a) => a.name).join(', ')} */`);
  assert.doesNotMatch(text, /differs/);
  assert.match(text, /ett:4;\s+\/\*\s+12: 0  4 \*\//);
});
