// `kpw target`: usage errors exit 2 with the reason, and status/down on a
// cache where nothing was started say so without touching any process.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../../src/cli/main';

async function kpw(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('kpw target: usage errors', async () => {
  const cases: [string[], RegExp][] = [
    [['target'], /give one action: up, down or status/],
    [['target', 'reboot'], /unknown action 'reboot'/],
    [['target', 'up', '--variant', '6.1'], /--variant must be 7\.3 or absent, not '6\.1'/],
    [['target', 'up', '--timeout', '0'], /--timeout must be 1 to 3600 seconds/],
  ];
  for (const [args, want] of cases) {
    const r = await kpw(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, want);
  }
});

test('kpw target status/down/up on an empty cache: not started, nothing to stop, nothing built', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'kpw-guest-cache-'));
  const saved = process.env.KPW_GUEST_CACHE;
  process.env.KPW_GUEST_CACHE = cache;
  try {
    const status = await kpw(['target', 'status', '--json']);
    assert.equal(status.code, 1);
    assert.deepEqual(JSON.parse(status.out), { running: false, reason: 'not started (no state file)' });
    const down = await kpw(['target', 'down']);
    assert.equal(down.code, 0);
    assert.match(down.out, /not running \(no state file\)/);
    const up = await kpw(['target', 'up', '--no-build']);
    assert.equal(up.code, 3);
    assert.match(up.err, /no guest build for variant 7\.3 .* run bash scripts\/guest\/build\.sh 7\.3/);
  } finally {
    if (saved === undefined) delete process.env.KPW_GUEST_CACHE;
    else process.env.KPW_GUEST_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
  }
});
