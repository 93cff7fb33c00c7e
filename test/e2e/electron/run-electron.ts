// `npm run test:electron`: the same extension-host tests (test/e2e/exthost) in
// a downloaded desktop VS Code through @vscode/test-electron, for developers
// with internet access (it fetches VS Code from Microsoft; CI uses code-server).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExthostTests } from '../exthost/build';
import { EXAMPLE_WORKSPACE } from '../harness/session';
import { requireTools } from '../harness/tools';
import { packageVsix } from '../harness/vsix';

interface TestElectron {
  runTests(options: {
    version?: string;
    cachePath?: string;
    extensionDevelopmentPath: string;
    extensionTestsPath: string;
    launchArgs: string[];
    extensionTestsEnv: Record<string, string>;
  }): Promise<number>;
}

async function main(): Promise<number> {
  const tools = requireTools();
  const dir = mkdtempSync(join(tmpdir(), 'kpw-electron-'));
  const { stage } = packageVsix(tools, join(dir, 'vsix'));
  const workspace = join(dir, 'workspace');
  cpSync(EXAMPLE_WORKSPACE, workspace, { recursive: true });
  const tests = await buildExthostTests(join(dir, 'exthost-out'));
  const { runTests } = createRequire(join(tools.dir, 'package.json'))(
    '@vscode/test-electron',
  ) as TestElectron;
  try {
    return await runTests({
      version: process.env.KPW_VSCODE_VERSION ?? 'stable',
      // The download goes next to the other e2e tools, not into the checkout's .vscode-test.
      cachePath: join(tools.dir, 'vscode-test'),
      extensionDevelopmentPath: stage,
      extensionTestsPath: tests,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        join(dir, 'user-data'),
      ],
      extensionTestsEnv: { KPW_MOCHA_PATH: tools.mocha },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test:electron: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
