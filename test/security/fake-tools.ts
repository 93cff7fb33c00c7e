// Test helper: a private bin directory put first on PATH with fake ssh, scp,
// compilers and `timeout` that record their argv (one JSON line per call) in
// a log, so a test proves what was (or was not) started and with which words.

import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeTools {
  dir: string;
  log: string;
  /** Every recorded call: program name and argv. */
  calls(): { tool: string; argv: string[] }[];
  restore(): void;
}

/** Records argv as JSON with no external tools (node is on PATH: it runs the recorder). */
const RECORD = (tool: string, log: string) =>
  `node -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify({tool: process.argv[2], argv: process.argv.slice(3)}) + "\\n")' '${log}' '${tool}' "$@"`;

/**
 * `behavior` maps a tool to the shell lines run after recording (default: exit 1).
 * `local-ssh` makes ssh run its remote command with the local sh: a target that is this machine.
 */
export function installFakeTools(tools: string[], behavior: Record<string, string> = {}): FakeTools {
  const dir = mkdtempSync(join(tmpdir(), 'kpw-fake-tools-'));
  const log = join(dir, 'calls.log');
  for (const tool of tools) {
    writeFileSync(join(dir, tool), `#!/bin/sh\n${RECORD(tool, log)}\n${behavior[tool] ?? 'exit 1'}\n`);
    chmodSync(join(dir, tool), 0o755);
  }
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path ?? ''}`;
  return {
    dir,
    log,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { tool: string; argv: string[] })
        : [],
    restore() {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** ssh that runs the remote command (its last argument) with the local sh, as a target on this machine would. */
export const LOCAL_SSH = 'for last; do :; done\nexec sh -c "$last"';
/** scp that copies its sources to the path after `host:` of its last argument. */
export const LOCAL_SCP = [
  'for last; do :; done',
  'dest=${last#*:}',
  'seen=0',
  'for a; do',
  '  if [ "$seen" = 1 ] && [ "$a" != "$last" ]; then cp "$a" "$dest" || exit 1; fi',
  '  [ "$a" = "--" ] && seen=1',
  'done',
  'exit 0',
].join('\n');
