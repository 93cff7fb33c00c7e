// Reuse of #define values between successive models of the same document (the
// editor rebuilds after every keystroke) and between its ABIs (a value that asks
// nothing ABI-specific, or gets the same answers, is evaluated once for all seven). An entry records what
// its evaluation asked for: the macros it looked up, the typedef-name tests of
// the parser and the answers of the layout engine (sizeof, offsetof, ...). It is
// reused only when every one of those questions gets the same answer now.

import type { EvalEnv, EvalResult } from '../expr/evaluate';
import type { TypeExpr } from '../lang/ast';
import { macrosEqual } from '../preprocess/macro-def';
import type { MacroDef } from '../preprocess/types';
import type { Steps } from '../steps';

type IntType = { bits: number; unsigned: boolean } | undefined;

type EnvCall =
  | { kind: 'identifier' | 'defined'; name: string; out: bigint | boolean | undefined }
  | { kind: 'sizeof' | 'alignof'; type: TypeExpr; out: number | undefined }
  | { kind: 'offsetof'; type: TypeExpr; member: string[]; out: number | undefined }
  | { kind: 'intType'; type: TypeExpr; out: IntType };

interface MemoEntry {
  macros: [string, MacroDef | undefined][];
  typeNames: [string, boolean][];
  calls: EnvCall[];
  result: EvalResult;
}

/** What one evaluation may ask; the memo wraps each to record or replay the questions. */
export interface EvalInputs {
  macros: { get(name: string): MacroDef | undefined };
  env: EvalEnv;
  isTypeName: (name: string) => boolean;
}

const MAX_ENTRIES = 20_000;
/** Entries kept per key: the ABIs of one document may each get other answers. */
const MAX_VARIANTS = 4;

export class DefineMemo {
  private readonly entries = new Map<string, MemoEntry[]>();

  /** The value of `name` from an earlier model when nothing it depended on changed, else `evaluate`'s
   *  (in steps: one evaluation may expand ~100,000 tokens; it is kept only once it has finished). */
  *evaluateSteps(
    name: string,
    inputs: EvalInputs,
    evaluate: (inputs: EvalInputs) => Steps<EvalResult>,
    /** False for a result that depended on more than the recorded questions (a used-up expansion budget). */
    keep: (result: EvalResult) => boolean = () => true,
  ): Steps<EvalResult> {
    // The evaluator's own settings (long width, char signedness) are part of the key, not questions.
    const { mode, longBits, charSigned } = inputs.env;
    const key = `${name}\0${mode}\0${longBits}\0${charSigned}`;
    const old = this.entries.get(key);
    const valid = old?.find((e) => stillValid(e, inputs));
    if (valid) return valid.result;
    const entry: MemoEntry = { macros: [], typeNames: [], calls: [], result: { ok: false, error: '' } };
    entry.result = yield* evaluate(recording(inputs, entry));
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    if (!keep(entry.result)) this.entries.delete(key);
    else if (!old) this.entries.set(key, [entry]);
    else if (old.unshift(entry) > MAX_VARIANTS) old.length = MAX_VARIANTS;
    return entry.result;
  }
}

function recording(inputs: EvalInputs, entry: MemoEntry): EvalInputs {
  const { env } = inputs;
  const rec: EvalEnv = { ...env };
  if (env.identifier)
    rec.identifier = (name) => push(entry, { kind: 'identifier', name, out: env.identifier!(name) });
  if (env.defined)
    rec.defined = (name) => push(entry, { kind: 'defined', name, out: env.defined!(name) }) as boolean;
  if (env.sizeof) rec.sizeof = (type) => push(entry, { kind: 'sizeof', type, out: env.sizeof!(type) });
  if (env.alignof) rec.alignof = (type) => push(entry, { kind: 'alignof', type, out: env.alignof!(type) });
  if (env.offsetof)
    rec.offsetof = (type, member) =>
      push(entry, { kind: 'offsetof', type, member, out: env.offsetof!(type, member) });
  if (env.intType) rec.intType = (type) => push(entry, { kind: 'intType', type, out: env.intType!(type) });
  return {
    env: rec,
    macros: {
      get: (name) => {
        const def = inputs.macros.get(name);
        entry.macros.push([name, def]);
        return def;
      },
    },
    isTypeName: (name) => {
      const is = inputs.isTypeName(name);
      entry.typeNames.push([name, is]);
      return is;
    },
  };
}

function push<C extends EnvCall>(entry: MemoEntry, call: C): C['out'] {
  entry.calls.push(call);
  return call.out;
}

function stillValid(entry: MemoEntry, now: EvalInputs): boolean {
  for (const [name, def] of entry.macros) if (!macrosEqual(now.macros.get(name), def)) return false;
  for (const [name, is] of entry.typeNames) if (now.isTypeName(name) !== is) return false;
  return entry.calls.every((c) => sameAnswer(c, now.env));
}

function sameAnswer(c: EnvCall, env: EvalEnv): boolean {
  switch (c.kind) {
    case 'identifier':
      return env.identifier?.(c.name) === c.out;
    case 'defined':
      return env.defined?.(c.name) === c.out;
    case 'sizeof':
      return env.sizeof?.(c.type) === c.out;
    case 'alignof':
      return env.alignof?.(c.type) === c.out;
    case 'offsetof':
      return env.offsetof?.(c.type, c.member) === c.out;
    case 'intType': {
      const now = env.intType?.(c.type);
      return now?.bits === c.out?.bits && now?.unsigned === c.out?.unsigned;
    }
  }
}
