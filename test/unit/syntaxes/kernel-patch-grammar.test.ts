// The kernel-patch TextMate grammar, structurally: the JSON loads, every regex
// compiles (as JS RegExp: the patterns keep to the Oniguruma subset JS shares),
// and sample lines of a real patch mail are matched by the rule meant for them,
// with the right captures. (vscode-textmate is not a dependency, so no tokenizer.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'kernel-patch.tmLanguage.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Rule[];
}

/** Every rule with a `match` or `begin`, by repository key (nested patterns get `key/index`). */
function rules(): Map<string, Rule> {
  const out = new Map<string, Rule>();
  const visit = (key: string, rule: Rule): void => {
    if (rule.match || rule.begin) out.set(key, rule);
    rule.patterns?.forEach((r, i) => visit(`${key}/${i}`, r));
  };
  for (const [key, rule] of Object.entries(grammar.repository as Record<string, Rule>)) visit(key, rule);
  return out;
}

function regex(source: string): RegExp {
  return new RegExp(source);
}

// [line, rule key, {capture index: expected text}]
const samples: [string, string, Record<number, string>][] = [
  ['From 1b5e8e2a0c3b4f7b9d2b8d0d7c0f7e3a4b5c6d7e Mon Sep 17 00:00:00 2001', 'mbox-separator', { 1: 'From' }],
  [
    'From alifm@linux.ibm.com Mon Jan  1 00:00:00 2026',
    'mbox-separator',
    { 2: 'alifm@linux.ibm.com', 3: 'Mon Jan  1 00:00:00 2026' },
  ],
  ['From: Farhan Ali <alifm@linux.ibm.com>', 'header', { 1: 'From', 3: 'Farhan Ali <alifm@linux.ibm.com>' }],
  ['Date: Mon, 13 Apr 2026 14:06:06 -0700', 'header', { 1: 'Date' }],
  ['Message-ID: <20260413-2-alifm@linux.ibm.com>', 'header', { 1: 'Message-ID' }],
  [
    'Subject: [PATCH v13 5/7] vfio-pci/zdev: Add a device feature for error information',
    'subject',
    { 4: '[PATCH v13 5/7] ', 5: 'vfio-pci/zdev: Add a device feature for error information' },
  ],
  [
    'Subject: Re: [PATCH RFC net-next 0/3] demo',
    'subject',
    { 3: 'Re: ', 4: '[PATCH RFC net-next 0/3] ', 5: 'demo' },
  ],
  [
    'Signed-off-by: Farhan Ali <alifm@linux.ibm.com>',
    'trailer',
    { 1: 'Signed-off-by', 3: 'Farhan Ali <alifm@linux.ibm.com>' },
  ],
  ['Reviewed-by: Niklas Schnelle <schnelle@linux.ibm.com>', 'trailer', { 1: 'Reviewed-by' }],
  ['Link: https://lore.kernel.org/r/20260413210608.2912-6-alifm@linux.ibm.com', 'trailer', { 1: 'Link' }],
  ['Fixes: 0123456789ab ("vfio: something")', 'trailer', { 1: 'Fixes' }],
  [
    ' include/uapi/linux/vfio.h | 15 +++++++++++++++',
    'diffstat',
    { 1: 'include/uapi/linux/vfio.h', 3: '15', 4: '+++++++++++++++' },
  ],
  [' drivers/vfio/pci/vfio_pci_zdev.c  | 42 ++++++++++++++++++++--', 'diffstat', { 3: '42', 5: '--' }],
  [' firmware/blob.bin | Bin 0 -> 1234 bytes', 'diffstat', { 6: 'Bin' }],
  [' 5 files changed, 110 insertions(+), 2 deletions(-)', 'diffstat-summary', { 1: '5', 2: '110', 3: '2' }],
  [' 1 file changed, 15 insertions(+)', 'diffstat-summary', { 1: '1', 2: '15' }],
  ['---', 'scissors', {}],
  ['-- ', 'signature', {}],
  [
    'diff --git a/include/uapi/linux/vfio.h b/include/uapi/linux/vfio.h',
    'diff-header/0',
    { 2: 'a/include/uapi/linux/vfio.h', 3: 'b/include/uapi/linux/vfio.h' },
  ],
  [
    'index 5de618a3a5ee..2980ca39dd38 100644',
    'diff-header/1',
    { 2: '5de618a3a5ee', 3: '2980ca39dd38', 4: '100644' },
  ],
  ['new file mode 100644', 'diff-header/2', { 1: 'new file mode' }],
  ['--- a/include/uapi/linux/vfio.h', 'diff-header/3', { 2: 'a/include/uapi/linux/vfio.h' }],
  ['--- /dev/null', 'diff-header/3', { 2: '/dev/null' }],
  ['+++ b/include/uapi/linux/vfio.h', 'diff-header/4', { 2: 'b/include/uapi/linux/vfio.h' }],
  ['@@ -1,2 +3,4 @@', 'hunk', { 2: '-1,2', 3: '+3,4' }],
  [
    '@@ -1534,6 +1534,19 @@ struct vfio_device_feature_dma_buf {',
    'hunk',
    { 2: '-1534,6', 3: '+1534,19', 5: ' struct vfio_device_feature_dma_buf {' },
  ],
  ['@@ -0,0 +1 @@', 'hunk', { 2: '-0,0', 3: '+1' }],
  ['+\t__u8 version;', 'hunk-added', { 1: '+', 2: '\t__u8 version;' }],
  ['+', 'hunk-added', { 2: '' }],
  ['-\t__u32 old;', 'hunk-removed', { 1: '-', 2: '\t__u32 old;' }],
  [
    ' #define VFIO_DEVICE_FEATURE_MIG_PRECOPY_INFOv2  12',
    'hunk-context',
    { 2: '#define VFIO_DEVICE_FEATURE_MIG_PRECOPY_INFOv2  12' },
  ],
  ['\\ No newline at end of file', 'no-newline', {}],
  ['> On Mon, Apr 13 you wrote:', 'quote', {}],
];

// Lines a rule must not take (a body line is not a header, a context line is not a diffstat).
const nonMatches: [string, string][] = [
  ['Note: this is prose, not a header', 'header'],
  ['From the beginning, this explains why', 'mbox-separator'],
  [' struct foo {', 'diffstat'],
  ['+++ b/x.h', 'hunk-removed'],
  ['From alifm@linux.ibm.com', 'mbox-separator'],
  ['@@ not a hunk', 'hunk'],
  ['Signed-off-by Farhan (no colon)', 'trailer'],
];

describe('kernel-patch grammar', () => {
  const all = rules();

  test('is the grammar package.json contributes for the kernel-patch language', () => {
    const contributed = pkg.contributes.grammars.find(
      (g: { language: string }) => g.language === 'kernel-patch',
    );
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(contributed.path, './syntaxes/kernel-patch.tmLanguage.json');
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'kernel-patch');
    assert.deepEqual(lang.extensions, ['.patch', '.mbox', '.eml']);
    assert.ok(pkg.activationEvents.includes('onLanguage:kernel-patch'));
  });

  test('every regex compiles and every top-level include exists', () => {
    for (const [key, rule] of all)
      for (const s of [rule.match, rule.begin, rule.end]) if (s) assert.doesNotThrow(() => regex(s), key);
    for (const p of grammar.patterns as { include: string }[])
      assert.ok(grammar.repository[p.include.slice(1)], p.include);
  });

  test('hunk lines are highlighted as C (source.c embedded)', () => {
    for (const key of ['hunk-added', 'hunk-removed', 'hunk-context']) {
      assert.deepEqual(grammar.repository[key].captures['2'].patterns, [{ include: 'source.c' }], key);
    }
  });

  for (const [line, key, captures] of samples) {
    test(`${key}: ${JSON.stringify(line)}`, () => {
      const rule = all.get(key);
      assert.ok(rule, `no rule ${key}`);
      const m = regex((rule.match ?? rule.begin)!).exec(line);
      assert.ok(m, `${key} does not match ${JSON.stringify(line)}`);
      assert.equal(m[0], line, 'matches the whole line');
      for (const [i, text] of Object.entries(captures))
        assert.equal(m[Number(i)] ?? '', text, `capture ${i}`);
    });
  }

  for (const [line, key] of nonMatches) {
    test(`${key} leaves ${JSON.stringify(line)} alone`, () => {
      const rule = all.get(key)!;
      assert.equal(regex((rule.match ?? rule.begin)!).exec(line), null);
    });
  }

  test('a hunk ends at the next file, hunk, signature or mail, not at its own lines', () => {
    const end = regex(grammar.repository.hunk.end);
    for (const line of [
      'diff --git a/x b/x',
      '@@ -5,1 +5,2 @@',
      '-- ',
      'From abc Mon Sep 17 00:00:00 2001',
      '--- a/next.h',
      'Signed-off-by: x',
      '2.43.0',
    ])
      assert.ok(end.test(line), `should end at ${JSON.stringify(line)}`);
    for (const line of [
      '+\tint x;',
      '-\tint y;',
      ' context',
      '',
      '\\ No newline at end of file',
      '--\tremoved decrement',
    ])
      assert.ok(!end.test(line), `should not end at ${JSON.stringify(line)}`);
  });
});
