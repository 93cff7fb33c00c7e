// Sends the language server what each open header was at `kpw.compat.baseRef`
// (kpw/compat/baseText), read with VS Code's built-in git extension, so the
// compat-* findings compare the buffer with that ref. Trusted workspaces only.

import {
  extensions,
  workspace,
  type Event,
  type ExtensionContext,
  type TextDocument,
  type Uri,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMPAT_BASE_TEXT_METHOD, type CompatBaseTextParams } from '../protocol/compat';

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: Uri): GitRepository | null;
  /** A repository the git extension found (it scans the workspace after it starts). */
  onDidOpenRepository: Event<GitRepository>;
}

/**
 * VS Code's git API, activating the git extension if it has not started yet: kpw can
 * start first, and a header opened at startup would otherwise never get its base.
 * Undefined when git is missing or disabled (`git.enabled: false` makes getAPI throw).
 */
async function gitApi(): Promise<GitApi | undefined> {
  const git = extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!git) return undefined;
  try {
    const exports = git.isActive ? git.exports : await git.activate();
    return exports.getAPI(1);
  } catch {
    return undefined;
  }
}

async function send(client: LanguageClient, doc: TextDocument): Promise<void> {
  if (!workspace.isTrusted || doc.uri.scheme !== 'file' || !doc.fileName.endsWith('.h')) return;
  const ref = workspace.getConfiguration('kpw', doc.uri).get<string>('compat.baseRef', 'HEAD').trim();
  if (!ref || ref.startsWith('-')) return;
  const repo = (await gitApi())?.getRepository(doc.uri);
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
  // The git extension finds repositories some time after it starts: a header opened
  // before its repository was known was sent without a base; send it again then.
  void gitApi().then((api) => {
    if (api) context.subscriptions.push(api.onDidOpenRepository(all));
  });
}
