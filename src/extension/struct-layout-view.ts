// "KPW: Show Struct Layout": asks the server for the record under the cursor
// (or one picked from the document's records) and shows its byte map per ABI
// in a webview with a strict CSP; the view follows edits of the document.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { sendRequest } from './requests';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ListRecordsRequest,
  StructLayoutRequest,
  type StructLayoutParams,
  type StructLayoutResult,
} from '../protocol/index';
import { ReadyChannel } from './webview-ready';

export const SHOW_STRUCT_LAYOUT = 'kpw.showStructLayout';

interface Shown {
  panel: vscode.WebviewPanel;
  /** The page asks for its data when its script is up (no race with the first message). */
  channel: ReadyChannel;
  uri: string;
  name: string;
}

export function registerStructLayoutView(context: vscode.ExtensionContext, client: LanguageClient): void {
  let shown: Shown | undefined;
  let timer: NodeJS.Timeout | undefined;

  const show = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return void vscode.window.showInformationMessage('Open a C header to show a struct layout.');
    const uri = editor.document.uri.toString();
    const position = editor.selection.active;
    let view = await request(client, {
      textDocument: { uri },
      position: { line: position.line, character: position.character },
    });
    if (!view) {
      const name = await pickRecord(client, uri);
      if (!name) return;
      view = await request(client, { textDocument: { uri }, name });
    }
    if (!view)
      return void vscode.window.showInformationMessage('kpw could not lay that record out (see Problems).');
    shown ??= openPanel(context, () => (shown = undefined));
    shown.uri = uri;
    shown.name = view.name;
    shown.panel.title = `Layout: ${view.kind} ${view.name}`;
    shown.panel.reveal(undefined, true);
    shown.channel.post({ type: 'layout', view });
  };

  const follow = vscode.workspace.onDidChangeTextDocument((e) => {
    if (!shown || e.document.uri.toString() !== shown.uri) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!shown) return;
      const view = await request(client, { textDocument: { uri: shown.uri }, name: shown.name });
      shown?.channel.post({ type: 'layout', view });
    }, 300);
  });
  context.subscriptions.push(vscode.commands.registerCommand(SHOW_STRUCT_LAYOUT, show), follow);
}

async function request(client: LanguageClient, params: StructLayoutParams): Promise<StructLayoutResult> {
  try {
    return await sendRequest(client, StructLayoutRequest, params);
  } catch (err) {
    client.error(`kpw/structLayout failed: ${String(err)}`);
    return null;
  }
}

async function pickRecord(client: LanguageClient, uri: string): Promise<string | undefined> {
  const records = await sendRequest(client, ListRecordsRequest, { textDocument: { uri } });
  if (records.length === 0) {
    void vscode.window.showInformationMessage('This file defines no struct or union.');
    return undefined;
  }
  const items = records.map((r) => ({
    label: `${r.kind} ${r.name}`,
    description: `${r.size} bytes`,
    detail: `line ${r.line + 1}`,
    name: r.name,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Struct or union to lay out' }))?.name;
}

function openPanel(context: vscode.ExtensionContext, onClose: () => void): Shown {
  const media = vscode.Uri.joinPath(context.extensionUri, 'media');
  const panel = vscode.window.createWebviewPanel(
    'kpw.structLayout',
    'Struct Layout',
    vscode.ViewColumn.Beside,
    {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    },
  );
  const disposables: vscode.Disposable[] = [];
  const channel = new ReadyChannel(panel.webview, disposables);
  panel.webview.html = html(panel.webview, media);
  panel.onDidDispose(
    () => {
      for (const d of disposables) d.dispose();
      onClose();
    },
    undefined,
    context.subscriptions,
  );
  return { panel, channel, uri: '', name: '' };
}

/** The page: no inline code, scripts only with this load's nonce, assets only from media/. */
function html(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'struct-layout.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'struct-layout.js'));
  const csp = [
    `default-src 'none'`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>Struct Layout</title>
</head>
<body>
<main id="root"><p class="empty">Waiting for a layout…</p></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
