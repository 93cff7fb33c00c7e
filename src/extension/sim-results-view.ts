// The simulator results webview (media/sim-results.{js,css}, strict CSP):
// lists every request and answer of the session's history, newest first.
// It only draws what kpw/sim/state returns.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SimAnswerView } from '../protocol/sim';
import { ReadyChannel } from './webview-ready';

export class SimResultsView {
  private panel: vscode.WebviewPanel | undefined;
  /** The page asks for its data when its script is up (no race with the first message). */
  private channel: ReadyChannel | undefined;

  /** `title` tells the target's answers from the simulator's when both panels are open. */
  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly title = 'Simulator Results',
  ) {}

  get visible(): boolean {
    return !!this.panel;
  }

  show(answers: SimAnswerView[], focus?: number): void {
    if (!this.panel) this.panel = this.open();
    this.panel.reveal(undefined, true);
    this.update(answers, focus);
  }

  update(answers: SimAnswerView[], focus?: number): void {
    this.channel?.post({ type: 'answers', answers, focus });
  }

  private open(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('kpw.simResults', this.title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    const disposables: vscode.Disposable[] = [];
    this.channel = new ReadyChannel(panel.webview, disposables);
    panel.webview.html = html(panel.webview, media, this.title);
    panel.onDidDispose(
      () => {
        for (const d of disposables) d.dispose();
        this.panel = undefined;
        this.channel = undefined;
      },
      undefined,
      this.context.subscriptions,
    );
    return panel;
  }
}

/** No inline code; scripts only with this load's nonce; assets only from media/. */
function html(webview: vscode.Webview, media: vscode.Uri, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'sim-results.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'sim-results.js'));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join(
    '; ',
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${title}</title>
</head>
<body>
<main id="root"><p class="empty">Waiting for answers…</p></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
