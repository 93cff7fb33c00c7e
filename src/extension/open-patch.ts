// "KPW: Open Patch from Patchwork" (kpw.openPatchFromPatchwork): asks for a patch
// id, series:ID, Message-ID or Patchwork URL, fetches it through the core client
// and opens it as a kernel-patch mbox under the extension's global storage, where
// the language server's diagnostics and hovers apply to it like to any patch file.

import { commands, languages, ProgressLocation, Uri, window, workspace, type ExtensionContext } from 'vscode';
import { fetchPatchworkRef, tokenFor } from '../core/api/index';
import { mailsToMbox, parsePatchworkInput } from './open-patch-input';

export const OPEN_PATCH_COMMAND = 'kpw.openPatchFromPatchwork';
/** SecretStorage key of an optional Patchwork API token (read-only access needs none). */
export const TOKEN_SECRET = 'kpw.patchwork.token';

export function registerOpenPatch(context: ExtensionContext): void {
  context.subscriptions.push(commands.registerCommand(OPEN_PATCH_COMMAND, () => openPatch(context)));
}

async function openPatch(context: ExtensionContext): Promise<void> {
  const server = workspace
    .getConfiguration('kpw')
    .get<string>('patchwork.url', 'https://patchwork.kernel.org');
  const input = await window.showInputBox({
    title: 'Open Patch from Patchwork',
    prompt: `Patch id, series:ID, Message-ID or a Patchwork URL (server: ${server})`,
    placeHolder: '2222859  |  series:499754  |  <20260413210608.2912-6-alifm@linux.ibm.com>  |  https://...',
    validateInput: (value) => (value.trim() ? parseError(value, server) : undefined),
  });
  if (input === undefined) return;
  const parsed = parsePatchworkInput(input, server);
  if (!parsed.ok) {
    void window.showErrorMessage(`KPW: ${parsed.error}`);
    return;
  }
  const token = process.env.KPW_PATCHWORK_TOKEN || (await context.secrets.get(TOKEN_SECRET)) || undefined;
  const read = await window.withProgress(
    {
      location: ProgressLocation.Notification,
      title: `KPW: fetching ${parsed.ref} from ${parsed.server}`,
      cancellable: true,
    },
    (_progress, cancel) => {
      const controller = new AbortController();
      cancel.onCancellationRequested(() => controller.abort());
      // The token is for kpw.patchwork.url: a URL naming another server is fetched without it.
      return fetchPatchworkRef(parsed.ref, {
        url: parsed.server,
        token: tokenFor(parsed.server, server, token),
        signal: controller.signal,
      });
    },
  );
  if (read.mails.length === 0) {
    const why = read.diagnostics.map((d) => d.message).join('; ') || 'no patch in the answer';
    void window.showErrorMessage(`KPW: could not open ${parsed.ref}: ${why}`);
    return;
  }
  const doc = await workspace.openTextDocument(await saveMbox(context, parsed.ref, mailsToMbox(read.mails)));
  await languages.setTextDocumentLanguage(doc, 'kernel-patch');
  await window.showTextDocument(doc, { preview: false });
  const problems = read.diagnostics.filter((d) => d.severity === 'error');
  if (problems.length)
    void window.showWarningMessage(`KPW: ${parsed.ref}: ${problems.map((d) => d.message).join('; ')}`);
}

function parseError(value: string, server: string): string | undefined {
  const parsed = parsePatchworkInput(value, server);
  return parsed.ok ? undefined : parsed.error;
}

/** Writes the mbox under global storage (a file, so it can be saved, diffed and `git am`-ed). */
async function saveMbox(context: ExtensionContext, ref: string, text: string): Promise<Uri> {
  const dir = Uri.joinPath(context.globalStorageUri, 'patchwork');
  await workspace.fs.createDirectory(dir);
  const name = `${ref.replace(/[^\w.@-]+/g, '_').replace(/^_+|_+$/g, '') || 'patch'}.mbox`;
  const uri = Uri.joinPath(dir, name);
  await workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}
