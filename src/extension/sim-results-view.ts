// The simulator results webview (media/sim-results.{js,css}, strict CSP):
// lists every request and answer of the session's history, newest first.
// It only draws what kpw/sim/state returns.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { SimAnswerView } from '../protocol/sim';

export class SimResultsView {
  private panel: vscode.WebviewPanel | undefined;

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
    void this.panel?.webview.postMessage({ type: 'answers', answers, focus });
  }

  private open(): vscode.WebviewPanel {
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('kpw.simResults', this.title, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    panel.webview.html = html(panel.webview, media, this.title);
    panel.onDidDispose(() => (this.panel = undefined), undefined, this.context.subscriptions);
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
