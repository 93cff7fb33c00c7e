// The CLI's first code cache, made whole: a run that writes the cache (none yet for this build
// and subcommand) first runs the subcommand's usual shapes on the embedded synthetic tree
// (warm-up-tree.ts), output discarded, so the cache holds what later runs need whatever the first
// input was (a `kpw layout` of a one-line header left `layout vfio.h -- TYPE` ~10 ms CPU of lazy
// compiles on every later run). Bytecode only: no result of the warm-up is kept.

import { writeWarmUpTree } from './warm-up-tree';

type Main = (argv: string[], io: { stdout(t: string): void; stderr(t: string): void }) => Promise<unknown>;

/** Per subcommand, the runs that warm it (`main` is the tree's header). Others: no warm-up. */
export const CLI_WARM_UPS: Record<string, (main: string) => string[][]> = {
  layout: (main) => [
    ['layout', main, '--', 'kpw_warm_info'],
    ['layout', '--abi', 'all', main],
    ['layout', '--json', main],
  ],
  check: (main) => [
    ['check', '--uapi', main],
    ['check', '--uapi', '--abi', 'x86_64', main],
    ['check', '--uapi', '--format', 'json', main],
  ],
};

/** Runs the warm-up of `command` (if it has one); never throws, never prints. */
export async function warmCli(command: string, main: Main): Promise<void> {
  const runs = CLI_WARM_UPS[command];
  if (!runs) return;
  let tree: ReturnType<typeof writeWarmUpTree> | undefined;
  try {
    tree = writeWarmUpTree();
    const quiet = { stdout: () => undefined, stderr: () => undefined };
    for (const argv of runs(tree.main)) await main(argv, quiet);
  } catch {
    // a full temp directory: the cache holds what the command's own run compiled
  } finally {
    tree?.remove();
  }
}
