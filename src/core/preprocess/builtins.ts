// The preprocessor's dynamic built-in macros (__FILE__, __LINE__, __COUNTER__, ...):
// the names it treats as always defined and the token each one expands to at a
// place. Split from preprocessor.ts.

import type { Preprocessor } from './preprocessor';
import type { PPToken } from './pp-token';

export const BUILTINS = new Set([
  '__FILE__',
  '__LINE__',
  '__COUNTER__',
  '__INCLUDE_LEVEL__',
  '__DATE__',
  '__TIME__',
  '__BASE_FILE__',
  '_Pragma',
]);

/** The token built-in `name` expands to at `at`, undefined if it is none (`_Pragma` is the expander's). */
export function builtinToken(pp: Preprocessor, name: string, at: PPToken): PPToken | undefined {
  const make = (kind: PPToken['kind'], text: string): PPToken => ({ ...at, kind, text, hide: null });
  switch (name) {
    case '__FILE__':
      return make('string', JSON.stringify(at.file));
    case '__BASE_FILE__':
      return make('string', JSON.stringify([...pp.mainFiles][0] ?? ''));
    case '__LINE__':
      return make('number', String((pp.lineIndex(at.file)?.positionAt(at.offset).line ?? 0) + 1));
    case '__COUNTER__':
      pp.markUncacheable();
      return make('number', String(pp.counter++));
    case '__INCLUDE_LEVEL__':
      pp.markUncacheable();
      return make('number', String(Math.max(0, pp.frames.length - 1)));
    case '__DATE__':
      return make('string', '"Jan  1 1970"');
    case '__TIME__':
      return make('string', '"00:00:00"');
    default:
      return undefined;
  }
}
