// The webview handshake (src/extension/webview-ready.ts) under generated orders of events:
// the extension posting data, the page's script coming up (ready) and reloading. Whatever the
// order, once the page has said ready it shows the latest data, and never a stale one last.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { ReadyChannel } from '../../../src/extension/webview-ready';

/** A page that loses what arrives before its script is up, like a webview. */
class FakeWebview {
  listening = false;
  shown: unknown[] = [];
  private handler: ((m: unknown) => void) | undefined;
  onDidReceiveMessage = (fn: (m: unknown) => void) => {
    this.handler = fn;
    return { dispose: () => (this.handler = undefined) };
  };
  postMessage = (m: unknown) => {
    if (this.listening) this.shown.push(m);
    return Promise.resolve(this.listening);
  };
  /** The page's script starts (again): listener up, then {type: 'ready'}. */
  load(): void {
    this.listening = true;
    this.handler?.({ type: 'ready' });
  }
  reload(): void {
    this.listening = false;
    this.shown = [];
  }
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

test('generated event orders: after ready the page shows the latest data', () => {
  for (let seed = 1; seed <= 500; seed++) {
    const r = rng(seed);
    const page = new FakeWebview();
    const channel = new ReadyChannel(page as unknown as vscode.Webview, []);
    let latest: number | undefined;
    const events: string[] = [];
    for (let i = 0; i < 12; i++) {
      const x = r();
      if (x < 0.5) {
        latest = i;
        channel.post(i);
        events.push(`post ${i}`);
      } else if (x < 0.8) {
        if (!page.listening) page.load();
        events.push('load');
      } else {
        page.reload();
        page.load();
        events.push('reload');
      }
    }
    if (!page.listening) page.load();
    const last = page.shown[page.shown.length - 1];
    assert.equal(last, latest, `seed ${seed}: ${events.join(', ')} -> shown ${JSON.stringify(page.shown)}`);
  }
});

test('the first data posted before the page loads is shown when it loads (the race of issue 13)', () => {
  const page = new FakeWebview();
  const channel = new ReadyChannel(page as unknown as vscode.Webview, []);
  channel.post({ type: 'layout', view: 'v' });
  assert.deepEqual(page.shown, []);
  page.load();
  assert.deepEqual(page.shown, [{ type: 'layout', view: 'v' }]);
});

test('messages other than ready are ignored', () => {
  const page = new FakeWebview();
  const channel = new ReadyChannel(page as unknown as vscode.Webview, []);
  channel.post(1);
  (page as unknown as { handler: (m: unknown) => void }).handler({ type: 'other' });
  (page as unknown as { handler: (m: unknown) => void }).handler(null);
  assert.deepEqual(page.shown, []);
});
