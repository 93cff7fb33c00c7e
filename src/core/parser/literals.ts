// Integer, character and string literal decoding: values as bigint, suffix
// flags as written (`1UL`), escapes per C. Floating constants are reported as
// `invalid` because no UAPI layout depends on them.

import type { Expr } from '../lang/ast';

const INTEGER =
  /^(0[xX][0-9a-fA-F']+|0[bB][01']+|0[0-7']*|[1-9][0-9']*)([uUlL]*|[uU]?(?:wb|WB)|(?:wb|WB)[uU]?)$/;

export function parseNumberLiteral(text: string): Expr {
  const m = INTEGER.exec(text);
  if (!m) {
    const reason =
      /[.eEpP]/.test(text) && !/^0[xX][0-9a-fA-F]*$/.test(text) ? 'floating constant' : 'malformed number';
    return { kind: 'invalid', text, reason };
  }
  const suffix = m[2].toLowerCase();
  const longs = (suffix.match(/l/g) ?? []).length;
  const unsignedCount = (suffix.match(/u/g) ?? []).length;
  if (longs > 2 || unsignedCount > 1 || (longs === 2 && !/ll|LL/.test(m[2]))) {
    return { kind: 'invalid', text, reason: `invalid suffix '${m[2]}' on integer constant` };
  }
  return {
    kind: 'int',
    value: integerValue(m[1].replace(/'/g, '')),
    unsigned: unsignedCount === 1,
    longs: longs as 0 | 1 | 2,
    text,
  };
}

function integerValue(digits: string): bigint {
  if (/^0[xX]/.test(digits) || /^0[bB]/.test(digits)) return BigInt(digits);
  if (digits.length > 1 && digits.startsWith('0')) return BigInt(`0o${digits.slice(1)}`);
  return BigInt(digits);
}

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  '0': 0,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
  e: 27,
  '\\': 92,
  "'": 39,
  '"': 34,
  '?': 63,
};

/** Decodes the characters between the quotes into code values. */
function decodeChars(body: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < body.length;) {
    if (body[i] !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      out.push(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const rest = body.slice(i + 1);
    const oct = /^[0-7]{1,3}/.exec(rest);
    const hex = /^x([0-9a-fA-F]+)/.exec(rest);
    const uni = /^(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(rest);
    if (oct) {
      out.push(parseInt(oct[0], 8));
      i += 1 + oct[0].length;
    } else if (hex) {
      out.push(parseInt(hex[1].slice(-8), 16));
      i += 1 + hex[0].length;
    } else if (uni) {
      out.push(parseInt(uni[1] ?? uni[2], 16));
      i += 1 + uni[0].length;
    } else {
      out.push(SIMPLE_ESCAPES[rest[0]] ?? rest.charCodeAt(0));
      i += 2;
    }
  }
  return out;
}

/** A character constant as gcc evaluates it for a plain `char` (bytes taken as unsigned;
 *  multi-character constants combine big-endian like gcc's `'ab'`). */
export function parseCharLiteral(text: string): Expr {
  const open = text.indexOf("'");
  const close = text.lastIndexOf("'");
  if (open === -1 || close <= open)
    return { kind: 'invalid', text, reason: 'unterminated character constant' };
  const chars = decodeChars(text.slice(open + 1, close));
  if (chars.length === 0) return { kind: 'invalid', text, reason: 'empty character constant' };
  if (open > 0) return { kind: 'char', value: BigInt(chars[chars.length - 1]), text };
  let value = 0n;
  for (const c of chars) value = ((value << 8n) | BigInt(c & 0xff)) & 0xffffffffn;
  return { kind: 'char', value, text };
}

export function parseStringLiteral(text: string): string {
  const open = text.indexOf('"');
  const close = text.lastIndexOf('"');
  if (open === -1 || close <= open) return text.slice(open + 1);
  return decodeChars(text.slice(open + 1, close))
    .map((c) => String.fromCodePoint(Math.min(c, 0x10ffff)))
    .join('');
}
