// Issue 15, second round: regular files that cannot be read (procfs files whose read
// fails with EIO or EINVAL, or would block) named on the command line. Before, `kpw
// layout` printed the error and exited 0 and `kpw check` exited 1 as for a finding;
// an input that could not be used is exit 3 in every subcommand (docs/cli.md).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { main } from '../../src/cli/main';

const FILES = ['/proc/self/mem', '/proc/self/pagemap'].filter((f) => existsSync(f));
const COMMANDS: string[][] = [
  ['check', '--abi', 'x86_64'],
  ['layout', '--abi', 'x86_64'],
  ['patch'],
  ['sim'],
];

test(
  'a regular file whose read fails is exit 3 with its cause, in every command',
  {
    skip: FILES.length === 0 && !process.env.CI && 'no /proc',
  },
  async () => {
    for (const file of FILES) {
      for (const cmd of COMMANDS) {
        let out = '';
        const code = await main([...cmd, file], { stdout: (t) => (out += t), stderr: (t) => (out += t) });
        assert.equal(code, 3, `${cmd[0]} ${file}: exit ${code}: ${out}`);
        assert.match(out, /EIO|EINVAL|i\/o error|invalid argument/i, `${cmd[0]} ${file}: ${out}`);
      }
    }
  },
);
