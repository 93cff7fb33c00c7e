// Sends the language server what each open header was at `kpw.compat.baseRef`
// (kpw/compat/baseText), read with VS Code's built-in git extension, so the
// compat-* findings compare the buffer with that ref. Trusted workspaces only.

import { extensions, workspace, type ExtensionContext, type TextDocument, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMPAT_BASE_TEXT_METHOD, type CompatBaseTextParams } from '../protocol/compat';

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: Uri): GitRepository | null;
}

function gitApi(): GitApi | undefined {
  const git = extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  return git?.isActive ? git.exports.getAPI(1) : undefined;
}

async function send(client: LanguageClient, doc: TextDocument): Promise<void> {
  if (!workspace.isTrusted || doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.h')) return;
  const ref = workspace.getConfiguration('kpw', doc.uri).get<string>('compat.baseRef', 'HEAD').trim();
  if (!ref || ref.startsWith('-')) return;
  const repo = gitApi()?.getRepository(doc.uri);
  let text: string | null = null;
  try {
    text = repo ? await repo.show(ref, doc.uri.fsPath) : null;
  } catch {
    text = null; // not in the ref (a new file)
  }
  const params: CompatBaseTextParams = { uri: doc.uri.toString(), ref, text };
  await client.sendNotification(COMPAT_BASE_TEXT_METHOD, params);
}

/** Sends the base text of every open header (after the client started, or when the setting changes). */
export function refreshCompatBases(client: LanguageClient): void {
  workspace.textDocuments.forEach((d) => void send(client, d));
}

export function registerCompatBase(context: ExtensionContext, client: LanguageClient): void {
  const all = (): void => refreshCompatBases(client);
  context.subscriptions.push(
    workspace.onDidOpenTextDocument((d) => void send(client, d)),
    // A commit or checkout moves the ref: refresh on save and on a settings change.
    workspace.onDidSaveTextDocument((d) => void send(client, d)),
    workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kpw.compat') && all()),
  );
}
