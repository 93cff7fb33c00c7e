// The server's view of the user's settings: pulled from the client with
// workspace/configuration (section `kpw`) and resolved through the core schema,
// so bad values fall back to defaults and are logged rather than crashing.

import type { Connection } from 'vscode-languageserver/node';
import { getAbi, type AbiSpec } from '../../src/core/api/index';
import { DEFAULT_SETTINGS, resolveSettings, type KpwSettings } from '../../src/core/config/settings';

export class SettingsStore {
  private current: KpwSettings = DEFAULT_SETTINGS;
  private readonly listeners: (() => void)[] = [];
  private markLoaded!: () => void;
  /** Settles after the first refresh, so the first diagnostics already honor the user's settings. */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get value(): KpwSettings {
    return this.current;
  }

  /** The configured ABIs, reference first (unknown names were rejected by the schema). */
  abis(): AbiSpec[] {
    return this.current.abis.map((n) => getAbi(n)).filter((a): a is AbiSpec => !!a);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Re-reads the settings; `pushed` is what a didChangeConfiguration carried, for clients that cannot be asked. */
  async refresh(pushed?: unknown): Promise<void> {
    let raw: unknown = pushed && typeof pushed === 'object' ? (pushed as { kpw?: unknown }).kpw : undefined;
    if (this.canPull()) {
      try {
        raw = await this.connection.workspace.getConfiguration('kpw');
      } catch (err) {
        this.connection.console.warn(`kpw: could not read settings: ${String(err)}`);
      }
    }
    const { settings, problems } = resolveSettings(raw ?? {});
    for (const p of problems) this.connection.console.warn(`kpw settings: ${p}`);
    const changed = JSON.stringify(settings) !== JSON.stringify(this.current);
    this.current = settings;
    this.markLoaded();
    if (changed) for (const l of this.listeners) l();
  }
}
