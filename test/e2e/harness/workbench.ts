// Drives the VS Code workbench in the page the way a user does: the command
// palette, Quick Open, Go to Line, the Problems panel, hovers and webviews.
// Every step waits on DOM state (never a fixed sleep), with generous timeouts.

import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Box, Frame, Page } from './playwright';

/**
 * The little of the page's DOM that the functions Playwright runs in the page
 * use (this project compiles without the DOM lib; module-local, so nothing leaks).
 */
interface El {
  textContent: string | null;
  innerText: string;
  value: string;
  placeholder: string;
  offsetParent: unknown;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  getBoundingClientRect(): { y: number };
}
declare const document: {
  activeElement: unknown;
  body: El | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
};
declare const window: { scrollTo(x: number, y: number): void };

/** Start-to-activation took 19-47 s on 2 loaded cores: waits are long on purpose. */
export const LONG = 180_000;
export const MEDIUM = 60_000;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

/** Opens the workbench on a folder and waits for the explorer to list it. */
export async function openWorkbench(
  page: Page,
  url: string,
  folder: string,
  firstEntry: string,
): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, {
    timeout: LONG,
    waitUntil: 'domcontentloaded',
  });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LONG });
  await page
    .locator(`.explorer-folders-view .monaco-list-row[aria-label="${firstEntry}"]`)
    .first()
    .waitFor({ state: 'visible', timeout: LONG });
}

async function quickInputOpen(page: Page, prefix: string): Promise<void> {
  const box = page.locator(QUICK_INPUT_BOX);
  await box.waitFor({ state: 'visible', timeout: MEDIUM });
  await page.waitForFunction(
    ([sel, p]) => {
      const input = document.querySelector(sel);
      return !!input && document.activeElement === input && input.value.startsWith(p);
    },
    [QUICK_INPUT_BOX, prefix] as const,
    { timeout: MEDIUM },
  );
}

/** Picks the row whose label matches in a command's pick list (not the palette that opened it). */
export async function pickRow(page: Page, label: string | RegExp): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const input = document.querySelector(sel);
      return !!input && input.offsetParent !== null && !input.value.startsWith('>');
    },
    QUICK_INPUT_BOX,
    { timeout: MEDIUM },
  );
  const row = page.locator(QUICK_ROWS).filter({ hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: MEDIUM });
  await row.click();
}

/**
 * The command palette: types the title, waits for it in the list, runs it.
 * Right after start the palette may not know the extension's commands yet:
 * it is closed and opened again until the row shows up (bounded by `timeout`).
 */
export async function runCommand(page: Page, title: string, timeout = LONG): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    await dismissQuickInput(page);
    await page.keyboard.press('F1');
    await quickInputOpen(page, '>');
    await page.locator(QUICK_INPUT_BOX).fill(`>${title}`);
    const row = page.locator(QUICK_ROWS).filter({ hasText: title }).first();
    try {
      await row.waitFor({
        state: 'visible',
        timeout: Math.max(1000, Math.min(15_000, deadline - Date.now())),
      });
      break;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
  }
  await page.locator(QUICK_INPUT_BOX).press('Enter');
}

/** Closes a leftover quick input (a pick list from an earlier step). */
export async function dismissQuickInput(page: Page): Promise<void> {
  if (await page.locator(QUICK_INPUT_BOX).isVisible()) {
    await page.keyboard.press('Escape');
    await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: MEDIUM });
  }
}

const PARTS = {
  panel: ['.part.panel', 'View: Toggle Panel Visibility'],
  sidebar: ['.part.sidebar', 'View: Toggle Primary Side Bar Visibility'],
} as const;

/** Shows or hides the bottom panel or the primary side bar (toggles only when needed). */
export async function setPartVisible(page: Page, part: keyof typeof PARTS, visible: boolean): Promise<void> {
  const [selector, command] = PARTS[part];
  const loc = page.locator(selector).first();
  if ((await loc.isVisible()) === visible) return;
  await runCommand(page, command);
  await loc.waitFor({ state: visible ? 'visible' : 'hidden', timeout: MEDIUM });
}

/**
 * Types into a command's input box and accepts it. `title` is text of the box's
 * title or prompt: it tells the box from the command palette that opened it.
 */
export async function answerInput(page: Page, text: string, title: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => {
      const widget = document.querySelector(sel);
      const input = widget?.querySelector('.quick-input-box input');
      if (!widget || !input || document.activeElement !== input || input.value.startsWith('>')) return false;
      const heads = Array.from(
        widget.querySelectorAll('.quick-input-title, .quick-input-message, .quick-input-description'),
      );
      return heads.some((h) => (h.textContent ?? '').includes(want)) || input.placeholder.includes(want);
    },
    [QUICK_INPUT, title] as const,
    { timeout: MEDIUM },
  );
  const box = page.locator(QUICK_INPUT_BOX);
  await box.fill(text);
  await box.press('Enter');
}

/** Quick Open (Ctrl+P) a workspace-relative path; waits for its editor tab to be active. */
export async function openFile(page: Page, relPath: string): Promise<void> {
  const name = relPath.split('/').pop()!;
  await dismissQuickInput(page);
  await page.keyboard.press('Control+P');
  await quickInputOpen(page, '');
  await page.locator(QUICK_INPUT_BOX).fill(relPath);
  const row = page.locator(QUICK_ROWS).filter({ hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: MEDIUM });
  await page.locator(QUICK_INPUT_BOX).press('Enter');
  await page
    .locator(`.tabs-container .tab.active[aria-label^="${name}"]`)
    .waitFor({ state: 'visible', timeout: MEDIUM });
  await page
    .locator('.editor-instance .monaco-editor .view-lines')
    .first()
    .waitFor({ state: 'visible', timeout: MEDIUM });
}

/** Go to Line (Ctrl+G) `line:column` (1-based), in the active editor. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await dismissQuickInput(page);
  await page.keyboard.press('Control+G');
  await quickInputOpen(page, ':');
  await page.locator(QUICK_INPUT_BOX).fill(`:${line}:${column}`);
  await page.locator(QUICK_INPUT_BOX).press('Enter');
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'hidden', timeout: MEDIUM });
  await page.waitForFunction(
    (want) =>
      Array.from(document.querySelectorAll('.statusbar-item')).some((e) =>
        (e.textContent ?? '').includes(want),
      ),
    `Ln ${line}, Col ${column}`,
    { timeout: MEDIUM },
  );
}

/** Waits until some element matching `selector` contains every one of `texts`; returns its text. */
export async function waitForText(
  page: Page,
  selector: string,
  texts: (string | RegExp)[],
  timeout = LONG,
): Promise<string> {
  const sources = texts.map((t) => (typeof t === 'string' ? { s: t } : { r: t.source, f: t.flags }));
  await page.waitForFunction(
    ([sel, wanted]) =>
      Array.from(document.querySelectorAll(sel)).some((e) => {
        // Editors render spaces as U+00A0.
        const text = (e.innerText ?? e.textContent ?? '').replace(/\u00a0/g, ' ');
        return wanted.every((w) =>
          's' in w ? text.includes(w.s as string) : new RegExp(w.r as string, w.f as string).test(text),
        );
      }),
    [selector, sources] as const,
    { timeout, polling: 250 },
  );
  return page.evaluate(
    ([sel, wanted]) =>
      Array.from(document.querySelectorAll(sel))
        .map((e) => (e.innerText ?? '').replace(/\u00a0/g, ' '))
        .find((text) =>
          wanted.every((w) =>
            's' in w ? text.includes(w.s as string) : new RegExp(w.r as string, w.f as string).test(text),
          ),
        ) ?? '',
    [selector, sources] as const,
  );
}

/** The webview frame (the inner document) whose body contains `text`, waited for. */
export async function webviewWithText(
  page: Page,
  text: string | RegExp,
  timeout = LONG,
): Promise<{ frame: Frame; body: string }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('webview') && !frame.url().startsWith('vscode-webview')) continue;
      const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (typeof text === 'string' ? body.includes(text) : text.test(body)) return { frame, body };
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${String(text)} within ${timeout / 1000} s`);
    // Webviews post their content asynchronously; poll the frames (bounded by the deadline).
    await page.waitForTimeout(250);
  }
}

/** The union of the boxes of the elements matching the selectors, padded, within the viewport. */
export async function unionBox(page: Page, selectors: string[], pad = 8): Promise<Box | undefined> {
  const boxes: Box[] = [];
  for (const sel of selectors) {
    const loc = page.locator(sel);
    const n = await loc.count();
    for (let i = 0; i < n; i++) {
      const b = await loc.nth(i).boundingBox();
      if (b && b.width > 0 && b.height > 0) boxes.push(b);
    }
  }
  if (!boxes.length) return undefined;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - pad);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - pad);
  const right = Math.min(1280, Math.max(...boxes.map((b) => b.x + b.width)) + pad);
  const bottom = Math.min(800, Math.max(...boxes.map((b) => b.y + b.height)) + pad);
  return { x, y, width: right - x, height: bottom - y };
}

/** Runs a test's body; on failure saves what the page showed and names the file in the error. */
export async function showingFailures(
  page: () => Page | undefined,
  name: string,
  body: () => Promise<void>,
): Promise<void> {
  try {
    await body();
  } catch (err) {
    const p = page();
    if (p) {
      const dir = join(tmpdir(), 'kpw-e2e-failures');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}-${Date.now()}.png`);
      await p.screenshot({ path: file }).catch(() => undefined);
      if (err instanceof Error) err.message += `\n(the page at the failure: ${file})`;
    }
    throw err;
  }
}

/**
 * Scrolls the open hover with the mouse wheel, as a user would, until the
 * paragraph holding `text` is at its top (the diagnostics of the same range come first).
 */
export async function scrollHoverTo(page: Page, text: string): Promise<void> {
  const hover = page.locator('.monaco-hover').first();
  const para = page.locator('.monaco-hover p').filter({ hasText: text }).first();
  for (let i = 0; i < 40; i++) {
    const h = await hover.boundingBox();
    const p = await para.boundingBox();
    if (!h || !p) throw new Error(`the hover or its paragraph '${text}' is gone`);
    const gap = p.y - h.y;
    if (gap < 16) return;
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.wheel(0, Math.min(gap - 8, 100));
    // The hover scrolls asynchronously: wait until the paragraph moved.
    await page
      .waitForFunction(
        ([t, before]) => {
          const el = Array.from(document.querySelectorAll('.monaco-hover p')).find((e) =>
            (e.textContent ?? '').includes(t),
          );
          return !el || el.getBoundingClientRect().y !== before;
        },
        [text, p.y] as const,
        { timeout: 5000 },
      )
      .catch(() => undefined);
  }
}

/** Expands the notification toast holding `text`, so a screenshot shows its whole message. */
export async function expandToast(page: Page, text: string): Promise<void> {
  const toast = page
    .locator('.notifications-toasts .notification-list-item')
    .filter({ hasText: text })
    .first();
  await toast.hover({ timeout: MEDIUM });
  const expand = toast.locator('.codicon-notifications-expand');
  if ((await expand.count()) === 0) return;
  await expand.first().click();
  await page
    .locator('.notifications-toasts .notification-list-item.expanded')
    .filter({ hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: MEDIUM });
}

/** Scrolls a webview's document to its top (results views put the newest answer first). */
export async function scrollWebviewToTop(frame: Frame): Promise<void> {
  await frame.evaluate(() => window.scrollTo(0, 0));
}
