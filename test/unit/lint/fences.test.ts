// The import fences of eslint.config.mjs hold: each case lints a one-line probe
// as if it sat at a path, and the fence must flag exactly the imports the
// layering forbids (docs/ARCHITECTURE.md, "Import rules").

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');

/** [file the probe pretends to be, import specifier, whether the fence must flag it] */
const CASES: [string, string, boolean][] = [
  ['src/cli/commands/probe.ts', '../../core/api/index', false],
  ['src/cli/commands/probe.ts', '../../core/lang/ast', false],
  ['src/cli/commands/probe.ts', '../../core/diag/codes', false],
  ['src/cli/commands/probe.ts', '../../core/layout/index', true],
  ['src/cli/commands/probe.ts', '../../core/checks/run', true],
  ['server/src/probe.ts', '../../src/core/api/index', false],
  ['server/src/probe.ts', '../../src/core/model/header-model', true],
  ['server/src/probe.ts', '../../src/core/parser/tree-sitter/tree-sitter', true],
  ['server/src/probe.ts', '../../src/core/api/target', true],
  ['server/src/sim/probe.ts', '../../../src/core/api/index', false],
  ['server/src/sim/probe.ts', '../../../src/core/runner/index', true],
  ['server/src/hover/probe.ts', '../../../src/core/api/target', true],
  ['server/src/probe.ts', 'node:fs', true],
  ['server/src/launch/probe.ts', 'node:fs', false],
  ['server/src/launch/probe.ts', '../../../src/core/api/target', true],
  ['server/src/launch/probe.ts', '../../../src/core/model/header-model', true],
  ['src/cli/commands/probe.ts', '../../core/api/target', false],
  ['src/cli/commands/probe.ts', '../../core/runner/index', true],
  ['src/cli/commands/probe.ts', '../../core/analysis/families', true],
  ['src/extension/probe.ts', '../core/sim/index', true],
  ['src/extension/probe.ts', '../core/text/position', false],
  ['src/extension/probe.ts', 'web-tree-sitter', true],
  ['src/core/layout/probe.ts', 'web-tree-sitter', true],
  ['src/core/layout/probe.ts', 'vscode', true],
  ['src/core/parser/parse-unit.ts', 'web-tree-sitter', true],
  ['src/core/parser/tree-sitter/tree-sitter.ts', 'web-tree-sitter', false],
  ['src/core/parser/tree-sitter/c-flow.ts', 'web-tree-sitter', false],
  ['src/core/parser/recovery/parse-top.ts', 'web-tree-sitter', true],
  ['src/core/parser/lower/lower-unit.ts', 'web-tree-sitter', true],
  ['src/core/lang/probe.ts', '../text/position', false],
  ['src/core/lang/probe.ts', '../diag/diagnostic', false],
  ['src/core/lang/probe.ts', '../parser/index', true],
  ['src/core/lang/probe.ts', '../expr/evaluate', true],
];

test('the import fences flag exactly the forbidden imports', async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const wrong: string[] = [];
  for (const [file, spec, flagged] of CASES) {
    const [result] = await eslint.lintText(
      `import * as probe from '${spec}';\nexport const used = probe;\n`,
      {
        filePath: join(ROOT, file),
      },
    );
    const hit = result.messages.some((m) => m.ruleId === 'no-restricted-imports');
    if (hit !== flagged) wrong.push(`${file} importing ${spec}: ${hit ? 'flagged' : 'allowed'}`);
  }
  assert.deepEqual(wrong, []);
});
