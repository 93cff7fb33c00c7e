// One vocabulary of codes: the registry (diag/codes.ts) lists exactly the
// checks' ids plus the model's and patch intake's codes, and `kpw check`
// accepts every registered code in --only/--disable (as kpw.checks.disabled
// does), refusing only what kpw never reports.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli/main';
import { CHECK_CODES } from '../../../src/core/checks/registry';
import {
  ALL_CODES,
  CheckCode,
  codeAllowed,
  DiagCode,
  KernelCode,
  PatchCode,
} from '../../../src/core/diag/codes';
import { KERNEL_CODES } from '../../../src/core/checks/kernel-registry';

const FIXTURE = join(__dirname, '../../fixtures/checks/uapi-bitfield/ccdf.h');

async function kpw(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(args, { stdout: () => undefined, stderr: (t) => err.push(t) });
  return { code, err: err.join('\n') };
}

test('the registry holds the checks ids (and nothing the checks lack)', () => {
  const registered = Object.values(CheckCode).filter((c) => c !== CheckCode.internalError);
  assert.deepEqual([...registered].sort(), [...CHECK_CODES].sort());
  assert.deepEqual(Object.values(KernelCode).sort(), [...KERNEL_CODES].sort());
  for (const c of [...Object.values(DiagCode), ...Object.values(PatchCode)])
    assert.ok(ALL_CODES.includes(c), c);
});

test('every registered code is accepted by kpw check --disable and --only; unknown ones exit 2', async () => {
  for (const code of ALL_CODES) {
    const r = await kpw(['check', '--abi', 'x86_64', '--disable', code, '--only', code, FIXTURE]);
    assert.notEqual(r.code, 2, `${code}: ${r.err}`);
  }
  const bad = await kpw(['check', '--disable', 'no-such-code', FIXTURE]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown diagnostic code 'no-such-code'/);
});

test('the filter: --only keeps only its codes (a crashed check always shows), --disable hides', () => {
  assert.equal(codeAllowed('syntax-error', { only: ['uapi-bitfield'] }), false);
  assert.equal(codeAllowed(CheckCode.internalError, { only: ['uapi-bitfield'] }), true);
  assert.equal(codeAllowed('uapi-bitfield', { only: ['uapi-bitfield'], disable: ['uapi-bitfield'] }), false);
  assert.equal(codeAllowed('syntax-error', undefined), true);
});
