// Fuzz target: SSH destinations, device addresses, ssh config paths and runner
// prefix words (the `kpw.targets` setting as JSON, or raw values one per line).
// Whatever checkTarget accepts must be inert on ssh's argv and in the remote shell.

import { join } from 'node:path';
import {
  checkTarget,
  parseDestination,
  scpArgs,
  shellQuote,
  sshArgs,
  type TargetConfig,
} from '../../../src/core/runner/index';
import { parseTargets } from '../../../src/extension/target-model';
import { FIXTURES, filesUnder } from './seeds';
import { readFileSync } from 'node:fs';
import { invariant, type FuzzTarget } from './types';

const SAFE_DESTINATION = /^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/;
const SAFE_WORD = /^[A-Za-z0-9_./=:+,%@-]+$/;

/** Splits one POSIX shell word list the way sh does for quotes and backslashes (no expansions). */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      cur = (cur ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return undefined;
      cur = (cur ?? '') + text[++i];
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (/[;&|<>()$`"*?[\]#~=%]/.test(c) && c !== '=' && c !== '%') {
      return undefined; // an unquoted metacharacter: the word is not inert
    } else cur = (cur ?? '') + c;
  }
  if (cur !== undefined) words.push(cur);
  return words;
}

/** Whatever was accepted is inert: destination after `--`, nothing a shell would interpret. */
export function checkAccepted(config: TargetConfig): void {
  // The URI form (ssh://[user@]host[:port]) reaches argv taken apart: `-p PORT` and `user@host`.
  const uri = parseDestination(config.destination);
  invariant(uri, () => `accepted destination ${JSON.stringify(config.destination)} does not parse`);
  const login = `${uri.user ? `${uri.user}@` : ''}${uri.host}`;
  invariant(
    (SAFE_DESTINATION.test(login) ||
      (config.destination.startsWith('ssh://') &&
        /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*@)?[0-9A-Fa-f:.]+$/.test(login))) &&
      config.destination.length <= 255,
    () => `accepted destination ${JSON.stringify(config.destination)}`,
  );
  invariant(
    uri.port === undefined || (Number.isInteger(uri.port) && uri.port >= 1 && uri.port <= 65535),
    () => `port ${uri.port}`,
  );
  const args = sshArgs(config, 'true');
  const dash = args.indexOf('--');
  invariant(
    dash >= 0 && args[dash + 1] === login,
    () => `ssh argv does not end options before the destination: ${JSON.stringify(args)}`,
  );
  invariant(
    uri.port === undefined || args[args.indexOf('-p') + 1] === String(uri.port),
    () => `ssh argv lacks -p ${uri.port}: ${JSON.stringify(args)}`,
  );
  args
    .slice(0, dash)
    .forEach((a, i) =>
      invariant(!/[\n\r\0]/.test(a), () => `ssh option ${i} holds a line break or NUL: ${JSON.stringify(a)}`),
    );
  invariant(
    config.sshConfig === undefined || !config.sshConfig.startsWith('-'),
    'an ssh config path starting with -',
  );
  const scp = scpArgs(config, ['/tmp/x'], '/tmp/kpw-probe.abcdefgh/kpw-probe');
  const scpHost = `${uri.user ? `${uri.user}@` : ''}${uri.host.includes(':') ? `[${uri.host}]` : uri.host}`;
  invariant(
    scp[scp.length - 1] === `${scpHost}:/tmp/kpw-probe.abcdefgh/kpw-probe` && scp.includes('--'),
    () => `scp argv ${JSON.stringify(scp)}`,
  );
  if (config.device !== undefined) {
    invariant(
      /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/.test(config.device) ||
        (/^\/dev\/[A-Za-z0-9_./-]+$/.test(config.device) && !config.device.includes('..')),
      () => `accepted device ${JSON.stringify(config.device)}`,
    );
  }
  const prefix = config.runnerPrefix ?? [];
  invariant(!prefix.length || !prefix[0].startsWith('-'), 'a runner prefix starting with -');
  for (const w of prefix) invariant(SAFE_WORD.test(w), () => `accepted runner word ${JSON.stringify(w)}`);
}

/** shellQuote must give back exactly one word equal to its input, whatever it holds. */
export function checkQuote(word: string): void {
  if (word.includes('\0')) return; // no shell word can hold NUL; argv never carries one either
  const quoted = shellQuote(word);
  const back = shellWords(quoted);
  invariant(
    back !== undefined && back.length === 1 && back[0] === word,
    () =>
      `shellQuote(${JSON.stringify(word)}) = ${JSON.stringify(quoted)} splits into ${JSON.stringify(back)}`,
  );
}

function runRaw(input: string): void {
  const [destination = '', device, sshConfig, ...prefix] = input.split('\n');
  for (const config of [
    { destination },
    { destination: 'h', device },
    { destination: 'h', sshConfig },
    { destination: 'h', runnerPrefix: prefix },
    { destination, device, sshConfig, runnerPrefix: prefix },
  ] as TargetConfig[]) {
    const refused = checkTarget(config);
    if (refused === undefined) checkAccepted(config);
    else
      invariant(
        typeof refused === 'string' && refused.startsWith('refusing '),
        `refusal without a reason: ${refused}`,
      );
  }
  for (const w of [destination, device ?? '', ...prefix]) checkQuote(w);
}

function runSettings(raw: unknown): void {
  const { targets, problems } = parseTargets(raw);
  for (const p of problems)
    invariant(typeof p === 'string' && p.startsWith('kpw.targets'), `problem not naming kpw.targets: ${p}`);
  for (const t of targets) checkAccepted(t.config);
}

export const sshConfigTarget: FuzzTarget = {
  name: 'ssh-config',
  description: 'checkTarget / parseTargets (kpw.targets JSON) + sshArgs/scpArgs + shellQuote',
  dictionary: [
    '-oProxyCommand=touch /tmp/x',
    '-o',
    'ProxyCommand',
    ' ',
    '\n',
    '\r',
    '\0',
    ';',
    '&&',
    '|',
    '`id`',
    '$(id)',
    '${IFS}',
    "'",
    '"',
    '\\',
    '..',
    '/dev/',
    '0000:00:00.0',
    '@',
    '-',
    '--',
    '%',
    '=',
    ':',
    'user@host',
    '[::1]',
    'ssh://',
    'ssh://root@lpar:2222',
    ':65536',
    ':0',
    'qemu-s390x-static',
    '"ssh": ',
    '"device": ',
    '"runnerPrefix": ["-x"]',
    '"sshConfig": "-F"',
    '"name": "t"',
    '"privilege": "sudo"',
    '"build": "remote"',
    '{',
    '}',
    '[',
    ']',
    ',',
  ],
  maxLength: 4096,
  timeoutMs: 10_000,
  seeds() {
    const lists = filesUnder(join(FIXTURES, 'target'), /^(destinations|devices)\.json$/).map(
      (f) => JSON.parse(readFileSync(f, 'utf8')) as { accepted: string[]; refused: string[] },
    );
    const values = lists.flatMap((l) => [...l.accepted, ...l.refused]);
    return [
      ...values.map((v) => `${v}\n0000:00:00.0\n/tmp/cfg\nqemu-s390x-static\n-L\n/usr/s390x-linux-gnu`),
      ...values.map((v) => `host\n${v}`),
      JSON.stringify([
        {
          name: 't',
          ssh: 'root@s390x-box',
          device: '0001:00:00.0',
          privilege: 'sudo',
          build: 'remote',
          runnerPrefix: ['qemu-s390x-static'],
        },
      ]),
      JSON.stringify([
        { name: 'a', ssh: '-oProxyCommand=touch /tmp/x' },
        { name: 'b', ssh: 'h', sshConfig: '/x', device: '/dev/vfio/3' },
      ]),
    ];
  },
  run(input) {
    let json: unknown;
    try {
      json = JSON.parse(input);
    } catch {
      return runRaw(input);
    }
    runSettings(json);
    runRaw(input);
  },
};
