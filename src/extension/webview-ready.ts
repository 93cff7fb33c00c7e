// Delivery of a webview's data without racing its script: a message posted before the page
// has loaded is lost, so the page says {type: 'ready'} once its listener is up and this
// keeps the latest message and (re)sends it then, and on every later ready (a reload).

import type * as vscode from 'vscode';

export class ReadyChannel {
  private ready = false;
  private latest: unknown;

  constructor(
    private readonly webview: vscode.Webview,
    subscriptions: vscode.Disposable[],
  ) {
    subscriptions.push(
      webview.onDidReceiveMessage((msg: unknown) => {
        if ((msg as { type?: unknown } | null)?.type !== 'ready') return;
        this.ready = true;
        if (this.latest !== undefined) void this.webview.postMessage(this.latest);
      }),
    );
  }

  /** Shows `message` now when the page listens, else as soon as it says it is ready. */
  post(message: unknown): void {
    this.latest = message;
    if (this.ready) void this.webview.postMessage(message);
  }
}
