// Evaluates integer constant expressions (Expr) with C semantics: #if rules
// (everything is intmax_t/uintmax_t) or C rules (int/long/long long ranks,
// promotions, usual arithmetic conversions, wrap-around to the type's width).

import type { BuiltinTypeName, TypeExpr } from '../lang/ast';
import type { Expr } from '../lang/ast';
import { charConstantValue } from './literals';
import { fits, typedefGuess, typeText, type IntType } from './eval-types';

export interface EvalEnv {
  /** 'pp': #if semantics (intmax_t/uintmax_t 64-bit, remaining identifiers are 0). 'c': C semantics: int is 32-bit,
   *  `long` is longBits, usual arithmetic conversions, unknown identifiers are errors unless `identifier` resolves them. */
  mode: 'pp' | 'c';
  longBits?: 32 | 64;
  identifier?(name: string): bigint | undefined; // enumerators
  sizeof?(type: TypeExpr): number | undefined;
  alignof?(type: TypeExpr): number | undefined;
  offsetof?(type: TypeExpr, member: string[]): number | undefined;
  /** Whether plain `char` is signed (default true, as on x86); changes `'\xff'` and `(char)` casts. */
  charSigned?: boolean;
  /** Answers `defined X` when it reaches the evaluator (the preprocessor normally replaces it first). */
  defined?(name: string): boolean;
  /** Width and signedness of an integer typedef or other non-builtin type used in a cast. */
  intType?(type: TypeExpr): { bits: number; unsigned: boolean } | undefined;
}

export type EvalResult = { ok: true; value: bigint; unsigned: boolean } | { ok: false; error: string };

/** Evaluates expr; never throws. */
export function evaluate(expr: Expr, env: EvalEnv): EvalResult {
  try {
    const v = new Evaluator(env).eval(expr);
    return { ok: true, value: v.value, unsigned: v.type.unsigned };
  } catch (e) {
    if (e instanceof EvalError) return { ok: false, error: e.message };
    return { ok: false, error: `internal error: ${(e as Error)?.message ?? String(e)}` };
  }
}

interface Value {
  value: bigint;
  type: IntType;
}

class EvalError extends Error {}

function fail(message: string): never {
  throw new EvalError(message);
}

/** Wraps v to a bits-wide two's complement integer of the given signedness. */
export function wrapInt(v: bigint, bits: number, unsigned: boolean): bigint {
  return unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

const PP_SIGNED: IntType = { bits: 64, unsigned: false, rank: 3 };
const PP_UNSIGNED: IntType = { bits: 64, unsigned: true, rank: 3 };

class Evaluator {
  private readonly longBits: number;
  private readonly INT: IntType = { bits: 32, unsigned: false, rank: 1 };

  constructor(private readonly env: EvalEnv) {
    this.longBits = env.longBits ?? 64;
  }

  private get pp(): boolean {
    return this.env.mode === 'pp';
  }

  private make(value: bigint, type: IntType): Value {
    return { value: wrapInt(value, type.bits, type.unsigned), type };
  }

  private intResult(b: boolean | bigint): Value {
    const v = typeof b === 'boolean' ? (b ? 1n : 0n) : b;
    return { value: v, type: this.pp ? PP_SIGNED : this.INT };
  }

  eval(e: Expr): Value {
    switch (e.kind) {
      case 'int':
        return this.literal(e.value, e.unsigned, e.longs, e.text);
      case 'char': {
        const v = this.env.charSigned === false ? (charConstantValue(e.text, false) ?? e.value) : e.value;
        return this.intResult(v);
      }
      case 'ident':
        return this.ident(e.name);
      case 'defined':
        if (this.env.defined) return this.intResult(this.env.defined(e.name));
        return fail(`'defined ${e.name}' is only meaningful in #if`);
      case 'unary':
        return this.unary(e.op, this.eval(e.arg));
      case 'binary':
        return this.binary(e.op, e.left, e.right);
      case 'cond':
        return this.cond(e);
      case 'cast':
        return this.cast(e.type, this.eval(e.arg));
      case 'sizeof-type':
        return this.sizeResult(this.sizeOf(e.type), 'sizeof');
      case 'sizeof-expr':
        return this.sizeResult(this.eval(e.arg).type.bits / 8, 'sizeof');
      case 'alignof':
        return this.sizeResult(this.env.alignof?.(e.type), `alignof(${typeText(e.type)})`);
      case 'offsetof':
        return this.sizeResult(
          this.env.offsetof?.(e.type, e.member),
          `offsetof(${typeText(e.type)}, ${e.member.join('.')})`,
        );
      case 'string':
        return fail(`string literal "${e.value}" is not an integer constant`);
      case 'invalid':
        return fail(`not a constant expression: ${e.reason}${e.text ? ` ('${e.text}')` : ''}`);
    }
  }

  /** The type of an integer literal, following C11 6.4.4.1 (or intmax_t in #if). */
  private literal(value: bigint, unsigned: boolean, longs: number, text: string): Value {
    if (this.pp) {
      if (value > 0xffffffffffffffffn) fail(`integer constant ${text} is too large`);
      const u = unsigned || value > 0x7fffffffffffffffn;
      return this.make(value, u ? PP_UNSIGNED : PP_SIGNED);
    }
    const decimal = !/^0[0-9a-zA-Z]/.test(text);
    const candidates: IntType[] = [];
    const ranks = [this.INT, this.typeOfRank(2, false), this.typeOfRank(3, false)].slice(longs);
    for (const t of ranks) {
      if (!unsigned) candidates.push(t);
      if (unsigned || !decimal) candidates.push({ ...t, unsigned: true });
    }
    for (const t of candidates) {
      if (fits(value, t)) return this.make(value, t);
    }
    if (value <= 0xffffffffffffffffn) return this.make(value, this.typeOfRank(3, true));
    return fail(`integer constant ${text} is too large for any integer type`);
  }

  private typeOfRank(rank: number, unsigned: boolean): IntType {
    const bits = rank === 1 ? 32 : rank === 2 ? this.longBits : rank === 3 ? 64 : 128;
    return { bits, unsigned, rank };
  }

  private ident(name: string): Value {
    if (this.pp) return this.intResult(0n);
    const v = this.env.identifier?.(name);
    if (v === undefined) fail(`'${name}' is not a known constant`);
    for (const t of [
      this.INT,
      { ...this.INT, unsigned: true },
      this.typeOfRank(2, false),
      this.typeOfRank(3, true),
    ]) {
      if (fits(v, t)) return this.make(v, t);
    }
    return fail(`enumerator '${name}' value ${v} is out of range`);
  }

  private sizeResult(n: number | undefined, what: string): Value {
    if (n === undefined || !Number.isFinite(n)) fail(`${what} is not known here`);
    return this.make(BigInt(n), this.pp ? PP_UNSIGNED : this.typeOfRank(2, true));
  }

  private sizeOf(type: TypeExpr): number | undefined {
    const fromEnv = this.env.sizeof?.(type);
    if (fromEnv !== undefined) return fromEnv;
    if (type.kind === 'builtin') {
      const t = this.builtinType(type.name);
      if (t && type.name !== 'void' && type.name !== '_Bool') return t.bits / 8;
      if (type.name === '_Bool') return 1;
      return undefined;
    }
    if (type.kind === 'pointer') return this.longBits / 8;
    if (type.kind === 'array' && type.length) {
      const n = this.eval(type.length).value;
      const el = this.sizeOf(type.of);
      return el === undefined ? undefined : el * Number(n);
    }
    return undefined;
  }

  private promote(v: Value): Value {
    if (this.pp || v.type.rank >= 1) return v;
    return { value: v.value, type: this.INT };
  }

  private unary(op: string, a: Value): Value {
    if (op === '!') return this.intResult(a.value === 0n);
    const p = this.promote(a);
    switch (op) {
      case '-':
        return this.make(-p.value, p.type);
      case '~':
        return this.make(~p.value, p.type);
      default:
        return p;
    }
  }

  /** The usual arithmetic conversions (C11 6.3.1.8). */
  private common(a: IntType, b: IntType): IntType {
    if (this.pp) return a.unsigned || b.unsigned ? PP_UNSIGNED : PP_SIGNED;
    const x = a.rank < 1 ? this.INT : a;
    const y = b.rank < 1 ? this.INT : b;
    if (x.unsigned === y.unsigned) return x.rank >= y.rank ? x : y;
    const u = x.unsigned ? x : y;
    const s = x.unsigned ? y : x;
    if (u.rank >= s.rank) return u;
    if (s.bits > u.bits) return s;
    return { ...s, unsigned: true };
  }

  private binary(op: string, le: Expr, re: Expr): Value {
    if (op === '&&') {
      if (this.eval(le).value === 0n) return this.intResult(false);
      return this.intResult(this.eval(re).value !== 0n);
    }
    if (op === '||') {
      if (this.eval(le).value !== 0n) return this.intResult(true);
      return this.intResult(this.eval(re).value !== 0n);
    }
    if (op === ',') {
      this.eval(le);
      return this.eval(re);
    }
    const a = this.promote(this.eval(le));
    const b = this.promote(this.eval(re));
    if (op === '<<' || op === '>>') return this.shift(op, a, b);
    const t = this.common(a.type, b.type);
    const x = wrapInt(a.value, t.bits, t.unsigned);
    const y = wrapInt(b.value, t.bits, t.unsigned);
    switch (op) {
      case '*':
        return this.make(x * y, t);
      case '/':
        if (y === 0n) fail('division by zero');
        return this.make(x / y, t);
      case '%':
        if (y === 0n) fail('division by zero in %');
        return this.make(x % y, t);
      case '+':
        return this.make(x + y, t);
      case '-':
        return this.make(x - y, t);
      case '&':
        return this.make(x & y, t);
      case '^':
        return this.make(x ^ y, t);
      case '|':
        return this.make(x | y, t);
      case '<':
        return this.intResult(x < y);
      case '>':
        return this.intResult(x > y);
      case '<=':
        return this.intResult(x <= y);
      case '>=':
        return this.intResult(x >= y);
      case '==':
        return this.intResult(x === y);
      case '!=':
        return this.intResult(x !== y);
    }
    return fail(`unsupported operator '${op}'`);
  }

  private shift(op: '<<' | '>>', a: Value, b: Value): Value {
    const t = a.type;
    if (b.value < 0n) fail(`negative shift count ${b.value}`);
    if (b.value >= BigInt(t.bits)) fail(`shift count ${b.value} >= width of type (${t.bits} bits)`);
    // gcc folds signed overflow of << and arithmetic >> of negatives; so do we.
    return this.make(op === '<<' ? a.value << b.value : a.value >> b.value, t);
  }

  private cond(e: Extract<Expr, { kind: 'cond' }>): Value {
    const test = this.eval(e.test).value !== 0n;
    const chosen = this.eval(test ? e.then : e.else);
    const other = evaluate(test ? e.else : e.then, this.env);
    if (!other.ok) return chosen;
    const otherType = this.pp ? (other.unsigned ? PP_UNSIGNED : PP_SIGNED) : undefined;
    const t = this.common(chosen.type, otherType ?? this.typeOfValue(test ? e.else : e.then, chosen.type));
    return this.make(chosen.value, t);
  }

  private typeOfValue(e: Expr, fallback: IntType): IntType {
    try {
      return this.eval(e).type;
    } catch {
      return fallback;
    }
  }

  private cast(type: TypeExpr, v: Value): Value {
    const t = this.castTarget(type);
    if (t === 'bool') return this.make(v.value !== 0n ? 1n : 0n, this.pp ? PP_SIGNED : this.INT);
    const narrowed = wrapInt(v.value, t.bits, t.unsigned);
    if (this.pp) return this.make(narrowed, t.unsigned ? PP_UNSIGNED : PP_SIGNED);
    return this.make(narrowed, t);
  }

  private castTarget(type: TypeExpr): IntType | 'bool' {
    switch (type.kind) {
      case 'builtin': {
        if (type.name === '_Bool') return 'bool';
        const t = this.builtinType(type.name);
        if (!t) fail(`cannot cast to '${type.name}' in a constant expression`);
        return t;
      }
      case 'pointer':
        return { bits: this.longBits, unsigned: true, rank: 2 };
      case 'enum-ref':
      case 'enum':
        return this.INT;
      default: {
        const it = this.env.intType?.(type) ?? typedefGuess(type);
        if (it)
          return { bits: it.bits, unsigned: it.unsigned, rank: it.bits < 32 ? 0 : it.bits === 32 ? 1 : 3 };
        const size = this.env.sizeof?.(type);
        if (size !== undefined && type.kind === 'typedef-ref') {
          return { bits: size * 8, unsigned: false, rank: size < 4 ? 0 : size === 4 ? 1 : 3 };
        }
        return fail(`cannot cast to '${typeText(type)}': not a known integer type`);
      }
    }
  }

  private builtinType(name: BuiltinTypeName): IntType | undefined {
    const cs = this.env.charSigned ?? true;
    switch (name) {
      case 'char':
        return { bits: 8, unsigned: !cs, rank: 0 };
      case 'signed char':
        return { bits: 8, unsigned: false, rank: 0 };
      case 'unsigned char':
        return { bits: 8, unsigned: true, rank: 0 };
      case 'short':
        return { bits: 16, unsigned: false, rank: 0 };
      case 'unsigned short':
        return { bits: 16, unsigned: true, rank: 0 };
      case 'int':
        return this.INT;
      case 'unsigned int':
        return { ...this.INT, unsigned: true };
      case 'long':
        return this.typeOfRank(2, false);
      case 'unsigned long':
        return this.typeOfRank(2, true);
      case 'long long':
        return this.typeOfRank(3, false);
      case 'unsigned long long':
        return this.typeOfRank(3, true);
      case '__int128':
        return this.typeOfRank(4, false);
      case 'unsigned __int128':
        return this.typeOfRank(4, true);
      default:
        return undefined;
    }
  }
}
