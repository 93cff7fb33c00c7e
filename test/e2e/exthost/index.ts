// Entry of the extension-host tests (VS Code's extensionTestsPath): runs every
// *.exthost.js file beside it with mocha (TDD interface) inside the real
// extension host, prints a spec report, and writes a JSON summary to
// $KPW_EXTHOST_REPORT when set (code-server's harness reads it). Mocha comes
// from $KPW_MOCHA_PATH (the e2e tools folder).

import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface MochaRunner {
  on(event: 'pass', fn: (t: { fullTitle(): string }) => void): MochaRunner;
  on(event: 'fail', fn: (t: { fullTitle(): string }, err: Error) => void): MochaRunner;
}
interface MochaInstance {
  addFile(file: string): void;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaClass = new (options: {
  ui: string;
  timeout: number;
  color: boolean;
  reporter: string;
}) => MochaInstance;

export function run(): Promise<void> {
  // Loaded at run time from the e2e tools folder: mocha is not one of the extension's dependencies.
  const mochaPath = process.env.KPW_MOCHA_PATH;
  if (!mochaPath)
    return Promise.reject(
      new Error('KPW_MOCHA_PATH (mocha in the e2e tools folder) is not set in the extension host'),
    );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  const Mocha = require(mochaPath) as MochaClass;
  // Activation took 19-47 s on two loaded cores: long per-test timeouts.
  const mocha = new Mocha({ ui: 'tdd', timeout: 180_000, color: false, reporter: 'spec' });
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.exthost.js'))
    .sort())
    mocha.addFile(join(__dirname, file));
  const passed: string[] = [];
  const failed: { title: string; error: string }[] = [];
  return new Promise((resolve, reject) => {
    mocha
      .run((failures) => {
        const report = process.env.KPW_EXTHOST_REPORT;
        if (report) writeFileSync(report, JSON.stringify({ passed, failed }, null, 2));
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      })
      .on('pass', (t) => passed.push(t.fullTitle()))
      .on('fail', (t, err) => failed.push({ title: t.fullTitle(), error: err?.stack ?? String(err) }));
  });
}
