// The driver-side checks on a small fake kernel tree (test/fixtures/kernel-tree):
// the base tree dispatches every feature of its vfio.h with the right minsz;
// each variant overlays files that break one thing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFiles } from '../../../src/core/checks/run';
import type { Diagnostic } from '../../../src/core/diag/diagnostic';
import { nodeFileHost } from '../../../src/core/host/node-file-host';
import type { FileHost } from '../../../src/core/host/types';
import { systemHeadersSkip } from '../../system-headers';

const ROOT = resolve(__dirname, '../../fixtures/kernel-tree');
const HEADER = join(ROOT, 'include/uapi/linux/vfio.h');
const DRIVER_CODES = new Set([
  'feature-not-dispatched',
  'feature-minsz-mismatch',
  'feature-number-duplicate',
  'feature-number-not-next',
  'ioctl-number-duplicate',
]);

/** Serves ROOT/variants/<name>/<path> in place of ROOT/<path> when it exists. */
function variantHost(name?: string): FileHost {
  const map = (p: string): string => {
    if (!name || !p.startsWith(`${ROOT}/`) || p.includes('/variants/')) return p;
    const v = join(ROOT, 'variants', name, p.slice(ROOT.length + 1));
    return existsSync(v) ? v : p;
  };
  return {
    readFile: (p) => (existsSync(map(p)) ? readFileSync(map(p), 'utf8') : undefined),
    fileExists: (p) => existsSync(map(p)),
    // The driver walk lists directories through the host (the variants overlay files only).
    stat: (p) => nodeFileHost.stat?.(map(p)),
    listDir: (p) => nodeFileHost.listDir?.(p),
  };
}

async function driverFindings(variant?: string, workspaceRoot?: string): Promise<Diagnostic[]> {
  const diags = await checkFiles({
    files: [HEADER],
    includeDirs: ['/usr/include'],
    abis: ['x86_64', 'i386'],
    host: variantHost(variant),
    workspaceRoot,
  });
  return diags.filter((d) => DRIVER_CODES.has(d.code));
}

const summary = (ds: Diagnostic[]): string[] =>
  ds.map((d) => `${d.code}:${d.range.start.line + 1}:${/^(\w+)/.exec(d.message)?.[1]}`);

describe('feature dispatch on a fake kernel tree', { skip: systemHeadersSkip() }, () => {
  test('the base tree: every feature dispatched, every minsz right', async () => {
    assert.deepEqual(summary(await driverFindings()), []);
  });

  test('missing case: LOW_POWER_EXIT has no case in vfio_pci_core_ioctl_feature', async () => {
    const ds = await driverFindings('missing-case');
    assert.deepEqual(summary(ds), ['feature-not-dispatched:1378:VFIO_DEVICE_FEATURE_LOW_POWER_EXIT']);
    assert.match(
      ds[0].message,
      /vfio_pci_core_ioctl_feature\(\) \(drivers\/vfio\/pci\/vfio_pci_core\.c\) or the core switch/,
    );
    assert.deepEqual(
      ds[0].related?.map((r) => r.file.split('/').pop()),
      ['vfio_pci_core.c', 'vfio_main.c'],
    );
  });

  test('wrong minsz: MIG_DEVICE_STATE checked against the migration struct through a macro and a local', async () => {
    const ds = await driverFindings('wrong-minsz');
    assert.deepEqual(summary(ds), ['feature-minsz-mismatch:1076:VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE']);
    assert.match(
      ds[0].message,
      /via minsz -> MIG_STATE_MINSZ\) = sizeof\(struct vfio_device_feature_migration\) \(8 bytes\)/,
    );
    assert.match(ds[0].message, /documents struct vfio_device_feature_mig_state \(8 bytes on x86_64\)/);
    assert.equal(ds[0].related?.[0].file, join(ROOT, 'drivers/vfio/vfio_main.c'));
  });

  test('zPCI v20 header with a handler in another file still checking the v13 size (4)', async () => {
    const ds = await driverFindings('zpci');
    assert.deepEqual(summary(ds), ['feature-minsz-mismatch:1550:VFIO_DEVICE_FEATURE_ZPCI_ERROR']);
    assert.match(
      ds[0].message,
      /vfio_pci_zdev_feature_err\(\) checks .*ZPCI_ERR_MINSZ\) .*= 4, but the header documents struct vfio_device_feature_zpci_err \(8 bytes/,
    );
    assert.equal(ds[0].related?.[0].file, join(ROOT, 'drivers/vfio/pci/vfio_pci_zdev.c'));
  });

  test('the zPCI header without the driver change: feature 13 is not dispatched', async () => {
    const host = variantHost('zpci');
    const noDriver: FileHost = {
      readFile: (p) =>
        p.endsWith('pci/vfio_pci_core.c')
          ? readFileSync(join(ROOT, 'drivers/vfio/pci/vfio_pci_core.c'), 'utf8')
          : host.readFile(p),
      fileExists: (p) => host.fileExists(p),
      stat: (p) => host.stat?.(p),
      listDir: (p) => host.listDir?.(p),
    };
    const diags = await checkFiles({
      files: [HEADER],
      includeDirs: ['/usr/include'],
      abis: ['x86_64'],
      host: noDriver,
    });
    assert.deepEqual(summary(diags.filter((d) => DRIVER_CODES.has(d.code))), [
      'feature-not-dispatched:1550:VFIO_DEVICE_FEATURE_ZPCI_ERROR',
    ]);
  });

  test('without the driver files (another root) the dispatch checks stay quiet', async () => {
    assert.deepEqual(summary(await driverFindings('missing-case', '/nonexistent-kpw-root')), []);
  });
});
