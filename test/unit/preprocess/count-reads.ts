// Test helper: counts the tokens the preprocessor's input Reader hands out (next and nextPending),
// so tests can bound work per step or per input size without timers. Installed once per process.

import { Reader } from '../../../src/core/preprocess/reader';

let read = 0;
const next = Reader.prototype.next;
const nextPending = Reader.prototype.nextPending;
Reader.prototype.next = function (this: Reader) {
  read++;
  return next.call(this);
};
Reader.prototype.nextPending = function (this: Reader) {
  read++;
  return nextPending.call(this);
};

/** Tokens read so far in this process. */
export const tokensRead = (): number => read;
