// Seed corpora: files of the project's fixtures, the shared fixtures beside
// the repository, and the system's installed kernel headers, by extension,
// sorted so every run starts from the same corpus.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../../shared-fixtures';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');
export const SHARED_FIXTURES = join(SHARED_DIR, 'fixtures');
export const REGRESSIONS = join(FIXTURES, 'fuzz-regressions');
/** Installed kernel UAPI headers (Debian's linux-libc-dev); skipped when absent. */
export const SYSTEM_LINUX_HEADERS = '/usr/include/linux';

/** Files under dir (recursively) whose names match, sorted, each at most maxBytes long. */
export function filesUnder(dir: string, match: RegExp, maxBytes = 64 * 1024): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) {
        if (name !== 'fuzz-regressions' && name !== 'node_modules') walk(full);
      } else if (match.test(name) && st.size <= maxBytes) out.push(full);
    }
  };
  walk(dir);
  return out;
}

export function readAll(files: readonly string[]): string[] {
  return files.map((f) => readFileSync(f, 'utf8'));
}

/** Every n-th element, so a big directory gives a small, stable sample. */
export function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]);
}
