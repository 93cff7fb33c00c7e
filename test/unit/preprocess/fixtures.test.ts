// Fixture-driven preprocessor tests: for each test/fixtures/preprocess/<case>.h,
// the expanded text must match <case>.expected (compared token by token, so
// spacing and comments do not matter) and the diagnostics must match
// <case>.diags line for line (absent file: no diagnostics).
// UPDATE_FIXTURES=1 rewrites the expectation files from the current output.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { preprocess, nodeFileHost } from '../../../src/core/preprocess/preprocess';
import { lexTokens } from '../../../src/core/preprocess/lexer';

const dir = join(__dirname, '../../fixtures/preprocess');
const update = process.env.UPDATE_FIXTURES === '1';

/** The text's tokens separated by single spaces: whitespace, line breaks and comments normalized away. */
function normalize(text: string): string {
  return lexTokens(text)
    .map((t) => t.text)
    .join(' ');
}

/** Turns comments into tokens, so the comparison sees that comments outside directives are kept. */
function keepComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => ` "${c.replace(/\s+/g, ' ').replace(/["\\]/g, '')}" `);
}

function run(file: string) {
  return preprocess([file], nodeFileHost, {
    includeDirs: [join(dir, 'include2'), join(dir, 'include')],
    predefined: {},
  });
}

for (const name of readdirSync(dir)
  .filter((f) => f.endsWith('.h'))
  .sort()) {
  test(`fixture ${name}`, () => {
    const file = join(dir, name);
    const unit = run(file);
    const stem = join(dir, basename(name, '.h'));
    const diags = unit.diagnostics
      .map(
        (d) =>
          `${relative(dir, d.file)}:${d.range.start.line + 1}: ${d.severity} ${d.code}: ${d.message.split(dir + '/').join('')}`,
      )
      .join('\n');
    const text = normalize(keepComments(unit.text));
    if (update) {
      writeFileSync(
        `${stem}.expected`,
        unit.text
          .split('\n')
          .filter((l) => l.trim())
          .join('\n') + '\n',
      );
      if (diags) writeFileSync(`${stem}.diags`, diags + '\n');
    }
    if (existsSync(`${stem}.expected`)) {
      const want = readFileSync(`${stem}.expected`, 'utf8');
      assert.equal(text, normalize(keepComments(want)));
    }
    const wantDiags = existsSync(`${stem}.diags`) ? readFileSync(`${stem}.diags`, 'utf8').trim() : '';
    assert.equal(diags, wantDiags);
  });
}
