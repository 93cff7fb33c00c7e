// shellQuote against the real /bin/sh: every word, however hostile (quotes,
// $(), backticks, newlines, globs, option-like dashes, non-ASCII), comes back
// from the shell as exactly one argument equal to itself; 300 random words too.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { shellQuote } from '../../src/core/runner/index';
import { Rng } from '../fuzz/engine/mutate';
import { shellWords } from '../fuzz/targets/ssh-config';

const HOSTILE = [
  "a'b",
  "'",
  "''",
  '"',
  '$(touch /tmp/kpw-pwned)',
  '`id`',
  'a;id',
  'a && id',
  'a|id',
  'a\nid',
  'a\r\nid',
  '*',
  '?',
  '[a]',
  '~',
  '~root',
  '-oProxyCommand=id',
  '--',
  '-',
  ' ',
  '\t',
  '',
  'a b',
  '${IFS}',
  '$HOME',
  '\\',
  '\\\\n',
  'é',
  '😀',
  '#',
  'a#b',
  '!',
  '%',
  '=',
  'x=y',
  '{a,b}',
  '<',
  '>',
  '>>',
  '&',
  '(',
  ')',
];

function randomWords(n: number): string[] {
  const rng = new Rng(99);
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + rng.below(12) }, () =>
      String.fromCharCode(1 + rng.below(rng.chance(80) ? 126 : 0x2fff)),
    ).join(''),
  );
}

/** What sh makes of `printf '%s\0' WORD` where WORD is the quoted text. */
function throughShell(quoted: string): string[] {
  const r = spawnSync('sh', ['-c', `printf '%s\\0' ${quoted}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

test('every hostile and random word survives the real shell as one equal argument', () => {
  for (const word of [...HOSTILE, ...randomWords(300)]) {
    const quoted = shellQuote(word);
    assert.deepEqual(throughShell(quoted), [word], `shellQuote(${JSON.stringify(word)}) = ${quoted}`);
  }
});

test("the fuzzer's shell-word model agrees with the real shell on quoted words", () => {
  for (const word of [...HOSTILE, ...randomWords(100)])
    assert.deepEqual(shellWords(shellQuote(word)), [word], JSON.stringify(word));
});
