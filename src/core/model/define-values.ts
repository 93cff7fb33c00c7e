// Values of the object-like #defines in a header model's main files, on the
// model's ABI: evaluated with the final macro table and the layout engine
// (so `_IOW(VFIO_TYPE, VFIO_BASE + 1, struct vfio_x)` sees that struct's size
// on this ABI), with ioctl numbers decoded into their `_IOC` fields.

import { iocDecode, type IocFields } from '../abi/ioc';
import type { AbiSpec } from '../abi/types';
import { evalEnvFor, type TypeEnv } from '../layout/index';
import { evaluateWithMacrosSteps, type ExpansionBudget } from '../preprocess/expand-text';
import { bodySteps } from '../preprocess/macro-def';
import type { DefineRecord, ExpandedUnit, Token } from '../preprocess/types';
import type { DefineMemo, EvalInputs } from './define-memo';
import { DEFINE_VALUES_BUDGET } from '../limits';
import { runSync, type Steps } from '../steps';

export type IoctlMacro = '_IO' | '_IOR' | '_IOW' | '_IOWR';

export interface IoctlInfo {
  macro: IoctlMacro;
  fields: IocFields;
  /** The type argument as written (`struct vfio_region_info`), for _IOR/_IOW/_IOWR. */
  argType?: string;
}

export interface DefineValue {
  name: string;
  record: DefineRecord;
  /** The value, when the body is an integer constant expression on this ABI. */
  value?: bigint;
  /** Why there is no value (not a constant expression, unknown macro, ...). */
  error?: string;
  ioctl?: IoctlInfo;
}

const IOCTL_MACROS = new Set(['_IO', '_IOR', '_IOW', '_IOWR']);

/** The top-level comma-separated arguments of a call whose `(` is at tokens[open]. */
function callArguments(tokens: readonly Token[], open: number): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const t = tokens[i].text;
    if (t === '(') depth++;
    if (t === ')' && depth-- === 0) return args;
    if (t === ',' && depth === 0) args.push([]);
    else args[args.length - 1].push(tokens[i]);
  }
  return args;
}

function ioctlShape(body: readonly Token[]): { macro: IoctlMacro; argType?: string } | undefined {
  const first = body.findIndex((t) => t.text !== '(');
  const head = body[first];
  if (!head || !IOCTL_MACROS.has(head.text) || body[first + 1]?.text !== '(') return undefined;
  const macro = head.text as IoctlMacro;
  const args = callArguments(body, first + 1);
  const argType = macro === '_IO' ? undefined : args[2]?.map((t) => t.text).join(' ');
  return { macro, argType };
}

/** Tokens all #define values of one model may expand to together (a few seconds at worst):
 *  a header of exponentially growing macros must not stall hovers and checks. */
export { DEFINE_VALUES_BUDGET };

export class DefineValues {
  private readonly memo = new Map<string, DefineValue>();
  private readonly budget: ExpansionBudget = { remaining: DEFINE_VALUES_BUDGET };
  private readonly byName = new Map<string, DefineRecord>();
  /** all()'s order: values are evaluated in it, whoever asks (memo holds a prefix of it). */
  private readonly order: string[];
  /** The value evaluateSteps is in the middle of (paused): get() finishes that same evaluation. */
  private inFlight?: { name: string; steps: Steps<DefineValue> };

  constructor(
    private readonly unit: ExpandedUnit,
    private readonly env: TypeEnv,
    private readonly abi: AbiSpec,
    /** Values kept from earlier models of the same document (its other ABIs too), reused when still valid. */
    private readonly reuse?: DefineMemo,
  ) {
    for (const record of unit.defines) {
      if (record.active && !record.macro.params) this.byName.set(record.macro.name, record);
    }
    this.order = [...this.byName.keys()];
  }

  /** Active object-like #defines of the main files, in source order. */
  names(): string[] {
    return this.order.slice();
  }

  /** The value of `name`. The values share one expansion budget, so each is evaluated with what
   *  the values before it in all()'s order left: those not yet evaluated are evaluated first, and
   *  one paused in evaluateSteps is finished, not begun again (it was charged twice, and a hover in
   *  the language server could then see other answers than `kpw check`). */
  get(name: string): DefineValue | undefined {
    if (!this.byName.has(name)) return undefined;
    for (;;) {
      const done = this.memo.get(name);
      if (done) return done;
      const next = this.order[this.memo.size];
      const steps =
        this.inFlight?.name === next ? this.inFlight.steps : this.evaluate(this.byName.get(next)!);
      this.memo.set(next, runSync(steps));
    }
  }

  all(): DefineValue[] {
    return this.names().map((n) => this.get(n) as DefineValue);
  }

  /** Evaluates every value in all()'s order, pausing before each one not yet evaluated and inside
   *  each one's expansion: run before a check that calls all(), so a deep chain (20,000 #defines each
   *  naming the one before: ~1 s) is 20,000 steps and more, one value of ~100,000 tokens hundreds,
   *  and all() then only reads the memo. get() runs the same steps at once. */
  *evaluateSteps(): Steps<void> {
    while (this.memo.size < this.order.length) {
      yield;
      const name = this.order[this.memo.size];
      const steps = this.evaluate(this.byName.get(name)!);
      this.inFlight = { name, steps };
      try {
        // A get() while this one paused (a hover) may finish it: its answer is this one's.
        while (!this.memo.has(name)) {
          const r = steps.next();
          if (r.done) this.memo.set(name, r.value);
          else yield;
        }
      } finally {
        if (this.inFlight?.steps === steps) this.inFlight = undefined;
      }
    }
  }

  private *evaluate(record: DefineRecord): Steps<DefineValue> {
    const macro = record.macro;
    const out: DefineValue = { name: macro.name, record };
    const body = yield* bodySteps(macro);
    if (body.length === 0) return { ...out, error: 'empty definition' };
    const start: Token[] = [{ ...body[0], kind: 'ident', text: macro.name, spaceBefore: false }];
    const inputs: EvalInputs = {
      macros: this.unit.macros,
      env: evalEnvFor(this.env, this.abi),
      isTypeName: (n: string) => this.env.isTypedefName(n),
    };
    const run = (i: EvalInputs) => evaluateWithMacrosSteps(start, i.macros, i.env, i.isTypeName, this.budget);
    const result = this.reuse
      ? yield* this.reuse.evaluateSteps(macro.name, inputs, run, () => this.budget.remaining > 0)
      : yield* run(inputs);
    if (!result.ok) return { ...out, error: result.error };
    out.value = result.value;
    const shape = ioctlShape(body);
    if (shape) out.ioctl = { ...shape, fields: iocDecode(this.abi, result.value) };
    return out;
  }
}
