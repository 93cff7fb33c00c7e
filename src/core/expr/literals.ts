// The one decoder of C literals: integers as C spells them (hex/octal/decimal/
// binary, U/L/LL and C23's WB suffixes in any order), character constants and
// strings with prefixes and escapes. The #if parser uses it directly and the
// declaration parser through parser/literals.ts, so `#if 2wb` and `a[2wb]` agree.

import type { Expr } from '../lang/ast';

export interface IntLiteral {
  value: bigint;
  unsigned: boolean;
  longs: 0 | 1 | 2;
}

const SUFFIX = /^(?:([uU])(ll|LL|l|L|wb|WB)?|(ll|LL|l|L|wb|WB)([uU])?)$/;

/** Parses an integer literal (a pp-number), or returns an error message. */
export function parseIntLiteral(text: string): IntLiteral | string {
  let body = text.replace(/'/g, ''); // C23 digit separators
  let base = 10;
  if (/^0[xX]/.test(body)) {
    base = 16;
    body = body.slice(2);
  } else if (/^0[bB]/.test(body)) {
    base = 2;
    body = body.slice(2);
  } else if (body.startsWith('0')) {
    base = 8;
  }
  const digits = base === 16 ? /^[0-9a-fA-F]+/ : /^[0-9]+/;
  const m = digits.exec(body);
  if (!m) return `invalid integer constant '${text}'`;
  const rest = body.slice(m[0].length);
  if (base !== 16 && /^[.eE]/.test(rest))
    return `floating constant '${text}' in an integer constant expression`;
  if (base === 16 && /^[.pP]/.test(rest))
    return `floating constant '${text}' in an integer constant expression`;
  let unsigned = false;
  let longs: 0 | 1 | 2 = 0;
  if (rest !== '') {
    const s = SUFFIX.exec(rest);
    if (!s) return `invalid suffix '${rest}' on integer constant '${text}'`;
    unsigned = Boolean(s[1] || s[4]);
    const l = s[2] ?? s[3] ?? '';
    // `wb` (C23 _BitInt) sizes the constant to its value: no long rank.
    longs = (/^[lL]+$/.test(l) ? l.length : 0) as 0 | 1 | 2;
  }
  const d = m[0];
  if (base === 8 && /[89]/.test(d)) return `invalid digit in octal constant '${text}'`;
  if (base === 2 && /[^01]/.test(d)) return `invalid digit in binary constant '${text}'`;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  return { value: BigInt(prefix + (base === 8 ? d.replace(/^0+(?=.)/, '') : d)), unsigned, longs };
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  e: 27,
  E: 27,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};

/** Decodes the characters between the quotes of a char or string literal into code units. */
export function decodeEscapes(inner: string): number[] | string {
  const out: number[] = [];
  for (let i = 0; i < inner.length;) {
    const c = inner[i];
    if (c !== '\\') {
      const cp = inner.codePointAt(i) ?? 0;
      out.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const n = inner[i + 1];
    if (n === undefined) return 'trailing backslash';
    if (n in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[n]);
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(inner.slice(i + 1))![0];
      out.push(parseInt(oct, 8));
      i += 1 + oct.length;
    } else if (n === 'x') {
      const hex = /^[0-9a-fA-F]+/.exec(inner.slice(i + 2));
      if (!hex) return '\\x used with no following hex digits';
      out.push(parseInt(hex[0].slice(-8), 16));
      i += 2 + hex[0].length;
    } else if (n === 'u' || n === 'U') {
      const len = n === 'u' ? 4 : 8;
      const hex = inner.slice(i + 2, i + 2 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex))
        return `incomplete universal character name \\${n}${hex}`;
      out.push(parseInt(hex, 16));
      i += 2 + len;
    } else {
      out.push(n.charCodeAt(0)); // unknown escape: gcc warns and uses the character
      i += 2;
    }
  }
  return out;
}

/** The int value of a character constant such as `';'`, `'\n'`, `L'x'`, `'ab'`;
 *  undefined when malformed. Plain chars are sign-extended when charSigned. */
export function charConstantValue(text: string, charSigned = true): bigint | undefined {
  const m = /^(u8|u|U|L)?'(.*)'$/s.exec(text);
  if (!m) return undefined;
  const codes = decodeEscapes(m[2]);
  if (typeof codes === 'string' || codes.length === 0) return undefined;
  if (m[1]) return BigInt(codes[codes.length - 1] >>> 0);
  if (codes.length === 1) {
    const c = codes[0] & 0xff;
    return BigInt(charSigned && c >= 0x80 ? c - 0x100 : c);
  }
  // Multi-character constant: gcc packs bytes big-endian into an int.
  let v = 0n;
  for (const c of codes) v = BigInt.asIntN(32, (v << 8n) | BigInt(c & 0xff));
  return v;
}

/** The value of a string literal (prefix and quotes removed, escapes decoded); the raw text when malformed. */
export function stringValue(text: string): string {
  const m = /^(?:u8|u|U|L)?"(.*)"$/s.exec(text);
  if (!m) return text;
  const codes = decodeEscapes(m[1]);
  if (typeof codes === 'string') return m[1];
  // In slices: spreading a 400,000-character literal as arguments overflows the stack.
  let out = '';
  for (let i = 0; i < codes.length; i += 4096)
    out += String.fromCodePoint(...codes.slice(i, i + 4096).map((c) => Math.min(c, 0x10ffff)));
  return out;
}

/** An integer literal as an Expr node; `invalid` (with the decoder's message) when malformed.
 *  Floating constants are `invalid` too: no UAPI layout depends on them. */
export function parseNumberLiteral(text: string): Expr {
  const lit = parseIntLiteral(text);
  if (typeof lit === 'string') return { kind: 'invalid', text, reason: lit };
  return { kind: 'int', value: lit.value, unsigned: lit.unsigned, longs: lit.longs, text };
}

/** A character constant as gcc evaluates it for a signed plain `char` (the evaluator
 *  re-reads the text for ABIs whose `char` is unsigned). */
export function parseCharLiteral(text: string): Expr {
  const value = charConstantValue(text);
  if (value === undefined) {
    const empty = /^(u8|u|U|L)?''$/.test(text);
    return {
      kind: 'invalid',
      text,
      reason: empty ? 'empty character constant' : `malformed character constant ${text}`,
    };
  }
  return { kind: 'char', value, text };
}
