// Issue 15, class 6 for mail bodies: a diff inside a forwarded mail (`message/rfc822`, plain or
// base64) or inside a part of a type kpw does not read (`application/octet-stream`, HTML) was
// dropped without a word: exit 0, nothing printed, where git am applies it. Generated layerings
// of a known diff (multipart, forwarded mail, transfer encodings, unread types, 1 to past the nesting limit) must
// each either yield the diff or say why not (a warning naming the part or the nesting).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPatchText } from '../../../src/core/patch/index';
import { MAX_MIME_DEPTH } from '../../../src/core/limits';

const DIFF =
  'diff --git a/include/uapi/linux/x.h b/include/uapi/linux/x.h\n--- a/include/uapi/linux/x.h\n' +
  '+++ b/include/uapi/linux/x.h\n@@ -1 +1,2 @@\n a\n+struct kpw_layered { int q; };\n';

type Layer =
  'multipart' | 'rfc822' | 'rfc822-b64' | 'rfc822-qp' | 'text-b64' | 'octet' | 'octet-b64' | 'html';
/** Layers whose content kpw does not read: the diff inside must be named instead. */
const UNREAD: ReadonlySet<Layer> = new Set(['octet', 'octet-b64', 'html']);

const b64 = (s: string) =>
  (
    Buffer.from(s)
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\n');
/** Quoted-printable as an encoder writes it: `=` escaped, soft breaks never inside an escape. */
function qp(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      let out = '';
      let width = 0;
      for (const ch of line) {
        const token = ch === '=' ? '=3D' : ch;
        if (width + token.length > 72) {
          out += '=\n';
          width = 0;
        }
        out += token;
        width += token.length;
      }
      return out;
    })
    .join('\n');
}

/** `inner` is a whole entity: its headers, a blank line, its body. Returns the entity wrapping it. */
function wrap(layer: Layer, inner: string, n: number): string {
  const body = inner.slice(inner.indexOf('\n\n') + 2);
  switch (layer) {
    case 'multipart':
      return `Content-Type: multipart/mixed; boundary="b${n}"\n\n--b${n}\nContent-Type: text/plain\n\nintro\n--b${n}\n${inner}\n--b${n}--\n`;
    case 'rfc822':
      return `Content-Type: message/rfc822\n\nFrom: f${n} <f@x>\nSubject: fwd\n${inner}`;
    case 'rfc822-b64':
      return `Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${b64(`From: f${n} <f@x>\n${inner}`)}\n`;
    case 'rfc822-qp':
      return `Content-Type: message/rfc822\nContent-Transfer-Encoding: quoted-printable\n\n${qp(`From: f${n} <f@x>\n${inner}`)}\n`;
    case 'text-b64':
      // Only a leaf can be re-encoded as text: the inner entity's body.
      return `Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n${b64(body)}\n`;
    case 'octet':
      return `Content-Type: application/octet-stream\n\n${body}`;
    case 'octet-b64':
      return `Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${b64(body)}\n`;
    case 'html':
      return `Content-Type: text/html\n\n${body}`;
  }
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

test('generated layerings of a diff: the diff is read, or a warning says why not', () => {
  const rnd = lcg(15);
  const seen = { read: 0, named: 0, deep: 0 };
  for (let c = 0; c < 400; c++) {
    const depth = 1 + Math.floor(rnd() * (MAX_MIME_DEPTH + 3));
    // Leaf-only layers (re-encodings of a body, unread types) come first, containers around them.
    const leaf = ['text-b64', 'octet', 'octet-b64', 'html', 'none'][Math.floor(rnd() * 5)];
    const containers: Layer[] = Array.from(
      { length: depth },
      () => (['multipart', 'rfc822', 'rfc822-b64', 'rfc822-qp'] as const)[Math.floor(rnd() * 4)],
    );
    let entity = `Content-Type: text/plain\n\n${DIFF}`;
    if (leaf !== 'none') entity = wrap(leaf as Layer, entity, 99);
    containers.forEach((layer, i) => (entity = wrap(layer, entity, i)));
    const mail = `From: a <a@b>\nSubject: [PATCH] layered\nMIME-Version: 1.0\n${entity}`;
    const r = readPatchText(mail, 'layered.eml');
    const got = r.mails.some((m) => m.body.includes('+struct kpw_layered { int q; };'));
    const warned = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    const label = `${[...containers].reverse().join(' > ')} > ${leaf}: ${JSON.stringify(warned)}`;
    const tooDeep = containers.length > MAX_MIME_DEPTH;
    if (tooDeep) {
      assert.ok(!got && warned.some((w) => /nesting too deep/.test(w)), label);
      seen.deep++;
    } else if (UNREAD.has(leaf as Layer)) {
      assert.ok(!got, `${label}: read a part of a type not read`);
      assert.ok(
        warned.some((w) => /holds a diff that is not analysed/.test(w)),
        `${label}: the diff was dropped without a word`,
      );
      seen.named++;
    } else {
      assert.ok(got, `${label}: the diff was not read`);
      assert.deepEqual(warned, [], label);
      seen.read++;
    }
  }
  assert.ok(seen.read > 50 && seen.named > 50 && seen.deep > 20, JSON.stringify(seen));
});

test('parts of unread types without a diff (images, HTML) are left out quietly', () => {
  for (const type of ['image/png', 'text/html', 'application/pdf']) {
    const mail =
      `From: a <a@b>\nSubject: [PATCH] x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="q"\n\n` +
      `--q\nContent-Type: text/plain\n\n${DIFF}--q\nContent-Type: ${type}\nContent-Transfer-Encoding: base64\n\n${b64('<p>hello</p>\n\u0000\u0001')}\n--q--\n`;
    const r = readPatchText(mail, 'x.eml');
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      [],
      type,
    );
    assert.ok(r.mails[0].body.includes('kpw_layered'), type);
  }
});
