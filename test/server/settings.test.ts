// The settings schema (src/core/config): resolution of raw values with
// fallbacks, and the generated views (package.json, README table) kept in
// sync with it, as `npm run gen:settings` writes them.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS, resolveSettings } from '../../src/core/config/settings';
import {
  contributesConfiguration,
  replaceSettingsTable,
  settingsTable,
} from '../../src/core/config/render-settings';

const root = join(__dirname, '..', '..');

describe('settings schema', () => {
  test('defaults', () => {
    assert.deepEqual(DEFAULT_SETTINGS, {
      abis: ['x86_64', 'i386', 's390x', 'aarch64', 'ppc64le', 'arm', 'riscv64'],
      inlayHints: { mode: 'offsets-and-sizes', abi: 'x86_64' },
      checks: { disabled: [], forceUapi: false },
      includeDirs: [],
      diagnostics: { debounceMs: 150 },
      patch: { base: '' },
      patchwork: { url: 'https://patchwork.kernel.org' },
      compat: { baseRef: 'HEAD' },
    });
  });

  const cases: { name: string; raw: unknown; expect: Record<string, unknown>; problems: number }[] = [
    {
      name: 'nested, as workspace/configuration returns it',
      raw: { abis: ['i386', 'x86_64'], inlayHints: { mode: 'off' } },
      expect: { abis: ['i386', 'x86_64'], mode: 'off' },
      problems: 0,
    },
    {
      name: 'flat dotted keys',
      raw: { 'kpw.inlayHints.abi': 's390x', 'kpw.abis': ['s390x'] },
      expect: { abis: ['s390x'], abi: 's390x' },
      problems: 0,
    },
    {
      name: 'unknown ABI falls back',
      raw: { abis: ['vax'] },
      expect: { abis: DEFAULT_SETTINGS.abis },
      problems: 1,
    },
    {
      name: 'empty ABI list falls back',
      raw: { abis: [] },
      expect: { abis: DEFAULT_SETTINGS.abis },
      problems: 1,
    },
    {
      name: 'wrong type falls back',
      raw: { inlayHints: { mode: 3 }, diagnostics: { debounceMs: -5 } },
      expect: { mode: 'offsets-and-sizes', debounce: 150 },
      problems: 2,
    },
    { name: 'junk never throws', raw: 'not an object', expect: { abis: DEFAULT_SETTINGS.abis }, problems: 0 },
    {
      name: 'kpw.checks.disabled takes every code kpw reports (the registry kpw check --disable uses); a typo is reported',
      raw: { checks: { disabled: ['syntax-error', 'patch-hunk-failed', 'uapi-bitfield', 'uapi-bitfeld'] } },
      expect: {},
      problems: 1,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const { settings, problems } = resolveSettings(c.raw);
      const got: Record<string, unknown> = {
        abis: settings.abis,
        mode: settings.inlayHints.mode,
        abi: settings.inlayHints.abi,
        debounce: settings.diagnostics.debounceMs,
      };
      for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(got[k], v, k);
      assert.equal(problems.length, c.problems, problems.join('; '));
    });
  }

  test('settings that name hosts or run commands are machine-scoped', () => {
    // The two that only widen the roots reads may reach stay per folder, but an untrusted
    // workspace's own settings cannot set them (issue 15: includeDirs: ["/"] from a clone).
    const widenReads = new Set(['kpw.includeDirs', 'kpw.patch.base']);
    for (const s of SETTINGS.filter((x) => x.restrictedInUntrusted && !widenReads.has(x.key)))
      assert.ok(s.scope === 'machine' || s.scope === 'application', s.key);
    for (const key of widenReads)
      assert.equal(SETTINGS.find((x) => x.key === key)?.restrictedInUntrusted, true, key);
  });

  test('package.json contributes.configuration is generated from the schema', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration, contributesConfiguration(), 'run npm run gen:settings');
  });

  test('README table between the markers is generated from the schema', (t) => {
    const readme = join(root, 'README.md');
    if (!existsSync(readme)) return t.skip('no README.md');
    const text = readFileSync(readme, 'utf8');
    const next = replaceSettingsTable(text);
    if (next === undefined) return t.skip('README.md has no settings markers');
    assert.equal(next, text, 'run npm run gen:settings');
  });

  test('the README is left alone without markers', () => {
    assert.equal(replaceSettingsTable('# kpw\nno table here\n'), undefined);
    const replaced = replaceSettingsTable('a\n<!-- settings:begin -->\nold\n<!-- settings:end -->\nb\n');
    assert.equal(replaced, `a\n<!-- settings:begin -->\n${settingsTable()}\n<!-- settings:end -->\nb\n`);
  });
});
