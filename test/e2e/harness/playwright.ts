// Loads playwright-core from the e2e tools folder (it is not one of the
// extension's dependencies) and launches Debian's chromium headless. The
// interfaces below are the small part of Playwright's API the tests use.

import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Tools } from './tools';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Locator {
  click(options?: { timeout?: number; button?: 'left' | 'right'; force?: boolean }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  press(key: string, options?: { timeout?: number }): Promise<void>;
  hover(options?: { timeout?: number; position?: { x: number; y: number }; force?: boolean }): Promise<void>;
  focus(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: {
    state?: 'attached' | 'detached' | 'visible' | 'hidden';
    timeout?: number;
  }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  textContent(options?: { timeout?: number }): Promise<string | null>;
  inputValue(options?: { timeout?: number }): Promise<string>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  boundingBox(options?: { timeout?: number }): Promise<Box | null>;
  isVisible(): Promise<boolean>;
  count(): Promise<number>;
  allInnerTexts(): Promise<string[]>;
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp }): Locator;
  scrollIntoViewIfNeeded(options?: { timeout?: number }): Promise<void>;
}

export interface Frame {
  url(): string;
  locator(selector: string): Locator;
  evaluate<R>(fn: () => R): Promise<R>;
}

export interface Page {
  goto(
    url: string,
    options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' | 'commit' },
  ): Promise<unknown>;
  locator(selector: string): Locator;
  frames(): Frame[];
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
    down(key: string): Promise<void>;
    up(key: string): Promise<void>;
  };
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    click(x: number, y: number): Promise<void>;
    wheel(deltaX: number, deltaY: number): Promise<void>;
  };
  screenshot(options: { path: string; clip?: Box; fullPage?: boolean }): Promise<Buffer>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R, arg?: A): Promise<R>;
  waitForFunction<A>(
    fn: (arg: A) => unknown,
    arg?: A,
    options?: { timeout?: number; polling?: number | 'raf' },
  ): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  setDefaultTimeout(ms: number): void;
  on(event: 'console', fn: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (err: Error) => void): void;
  on(event: 'request', fn: (req: { url(): string }) => void): void;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  grantPermissions(permissions: string[], options?: { origin?: string }): Promise<void>;
  close(): Promise<void>;
}

interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      headless: boolean;
      args: string[];
      viewport: { width: number; height: number };
      deviceScaleFactor?: number;
      env?: NodeJS.ProcessEnv;
    },
  ): Promise<BrowserContext>;
}

export const VIEWPORT = { width: 1280, height: 800 };

/** A headless chromium with a fresh profile in profileDir; the flags keep it off the network. */
export async function launchBrowser(tools: Tools, profileDir: string): Promise<BrowserContext> {
  const load = createRequire(join(tools.dir, 'package.json'));
  const { chromium } = load(tools.playwrightCore) as { chromium: Chromium };
  return chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
