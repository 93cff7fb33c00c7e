// A hostile repository: settings that name hosts, probe commands or tools must
// be machine-scoped (a workspace's .vscode/settings.json cannot set them) and
// off in untrusted workspaces; the language server cannot start programs at
// all, whatever the settings say; the extension reads targets only when trusted.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { SETTINGS } from '../../src/core/config/settings';
import { LspSession } from '../server/helpers/lsp-session';
import { installFakeTools, type FakeTools } from './fake-tools';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
};
/** Words that mark a setting able to reach a host or start a program. */
const DANGEROUS = /\bssh\b|host|url|command|program|prefix|compiler|probe|\btool/i;

describe('settings that reach hosts or run programs', () => {
  const dangerous = SETTINGS.filter((s) =>
    DANGEROUS.test(`${s.key} ${s.description} ${JSON.stringify(s.items ?? {})}`),
  );
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];

  test('are the ones we expect (the list is not empty by accident)', () => {
    assert.deepEqual(dangerous.map((s) => s.key).sort(), [
      'kpw.patchwork.url',
      'kpw.target.timeoutSeconds',
      'kpw.targets',
    ]);
  });

  for (const s of dangerous) {
    test(`${s.key} is machine-scoped and restricted in untrusted workspaces`, () => {
      assert.equal(s.scope, 'machine', 'the schema scope: workspace settings cannot set it');
      assert.equal(s.restrictedInUntrusted, true);
      assert.equal(
        manifest.contributes.configuration.properties[s.key]?.scope,
        'machine',
        'package.json agrees with the schema',
      );
      assert.ok(
        restricted.includes(s.key),
        'listed in capabilities.untrustedWorkspaces.restrictedConfigurations',
      );
    });
  }

  test('untrusted workspaces are supported only in limited mode, and every restricted key exists', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of restricted)
      assert.ok(
        SETTINGS.some((s) => s.key === key),
        key,
      );
  });
});

describe('the extension reads targets only in trusted workspaces', () => {
  const dir = join(ROOT, 'src', 'extension');
  const readers = readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') }))
    .filter((f) => /\.get(<[^>]*>)?\(\s*'(targets|target\.timeoutSeconds)'/.test(f.text));

  test('some file reads kpw.targets (the check below is not vacuous)', () => assert.ok(readers.length > 0));
  for (const f of readers) {
    test(`${f.name} checks workspace.isTrusted`, () => assert.match(f.text, /workspace\.isTrusted/));
  }
});

describe('the language server cannot start programs', () => {
  test('none of its own code imports child_process or the target runner', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'server', 'src', 'server.ts')],
      bundle: true,
      platform: 'node',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outdir: join(tmpdir(), 'kpw-unused'),
    });
    const own = Object.entries(result.metafile.inputs).filter(([path]) => !path.includes('node_modules'));
    assert.ok(
      own.some(([path]) => path.includes('server/src/start-server.ts')),
      'the bundle was analyzed',
    );
    assert.deepEqual(
      own.map(([p]) => p).filter((p) => /src\/core\/target\//.test(p)),
      [],
      'no target runner code in the server',
    );
    const spawners = own.filter(([, input]) =>
      input.imports.some((i) => /^(node:)?child_process$/.test(i.path)),
    );
    assert.deepEqual(
      spawners.map(([p]) => p),
      [],
      'no server or core file imports child_process',
    );
  });

  describe('with hostile workspace settings, opening headers and patches starts nothing', () => {
    let fake: FakeTools;
    let session: LspSession;
    let work: string;
    before(async () => {
      fake = installFakeTools([
        'ssh',
        'scp',
        'gcc',
        'cc',
        'clang',
        's390x-linux-gnu-gcc',
        'qemu-s390x-static',
        'timeout',
        'git',
        'curl',
        'wget',
      ]);
      work = mkdtempSync(join(tmpdir(), 'kpw-hostile-ws-'));
      mkdirSync(join(work, '.vscode'));
      const hostile = {
        targets: [
          { name: 'evil', ssh: '-oProxyCommand=touch /tmp/kpw-pwned', runnerPrefix: ['sh', '-c', 'id'] },
          { name: 'ok', ssh: 'kpw-host', device: '0000:00:00.0' },
        ],
        'target.timeoutSeconds': 1,
        patchwork: { url: 'http://127.0.0.1:9/' },
        includeDirs: [fake.dir, '$(touch /tmp/kpw-pwned)', '-oProxyCommand=x'],
        patch: { base: fake.dir },
        diagnostics: { debounceMs: 0 },
      };
      writeFileSync(
        join(work, '.vscode', 'settings.json'),
        JSON.stringify({ 'kpw.targets': hostile.targets }),
      );
      session = await LspSession.start({ settings: hostile, workspaceFolders: [work] });
    });
    after(async () => {
      await session?.close();
      fake.restore();
      rmSync(work, { recursive: true, force: true });
    });

    test('a header and a patch get diagnostics, hovers and hints; no fake tool ran', async () => {
      const header = join(work, 'vfio.h');
      writeFileSync(header, readFileSync(join(ROOT, 'test', 'fixtures', 'server', 'vfio.h'), 'utf8'));
      const uri = await session.open(header);
      await session.diagnostics(uri);
      await session.request('textDocument/hover', {
        textDocument: { uri },
        position: { line: 40, character: 10 },
      });
      await session.request('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } },
      });
      const patch = join(work, 'zpci.mbox');
      const patchText = readFileSync(join(ROOT, 'test', 'fixtures', 'patch', 'zpci-v13.mbox'), 'utf8');
      const patchUri = pathToFileURL(patch).toString();
      await session.client.sendNotification('textDocument/didOpen', {
        textDocument: { uri: patchUri, languageId: 'kernel-patch', version: 1, text: patchText },
      });
      await session.diagnostics(patchUri);
      await session.request('textDocument/hover', {
        textDocument: { uri: patchUri },
        position: { line: 30, character: 5 },
      });
      assert.deepEqual(fake.calls(), [], 'the server started nothing');
    });
  });
});
