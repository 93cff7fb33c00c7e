// The simulator results webview: one card per request and answer (rc, errno,
// what decided it, bytes as hex in 8-byte groups, decoded fields, trace and
// warnings), newest first. Data arrives as {type: 'answers', answers, focus}.
// Plain script (no modules, DOM built with textContent only) so the strict CSP
// holds; answerRows and hexGroups are exported under Node for the tests.
(function (root) {
  'use strict';

  /** Hex split into 8-byte groups of 2-digit bytes: "00000000 08000001 ...". */
  function hexGroups(hex) {
    var out = [];
    for (var i = 0; i < hex.length; i += 16) {
      var group = hex.slice(i, i + 16).match(/../g) || [];
      out.push(group.join(' '));
    }
    return out;
  }

  /** Label/value pairs of one answer, in display order. */
  function answerRows(a) {
    var rows = [['rc', String(a.rc) + (a.errno ? ' (' + a.errno + ', kernel ' + a.kernelRc + ')' : '')]];
    rows.push(['decided by', a.decidedBy]);
    if (a.bytes) rows.push(['bytes', hexGroups(a.bytes).join(' | ')]);
    Object.keys(a.fields).forEach(function (k) {
      if (k === 'queue') return;
      var v = a.fields[k];
      rows.push([
        k,
        typeof v === 'number' && k !== 'stored' && k !== 'open' && k !== 'pending'
          ? v + ' (0x' + v.toString(16) + ')'
          : String(v),
      ]);
    });
    return rows;
  }

  function el(tag, cls, text) {
    var e = root.document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function card(a, focus) {
    var section = el('section', 'answer' + (a.rc !== 0 ? ' failed' : '') + (a.seq === focus ? ' focus' : ''));
    section.id = 'answer-' + a.seq;
    section.appendChild(el('h2', '', '#' + a.seq + ' ' + a.request));
    var table = el('table');
    answerRows(a).forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('th', '', r[0]));
      tr.appendChild(el('td', r[0] === 'bytes' ? 'hex' : '', r[1]));
      table.appendChild(tr);
    });
    section.appendChild(table);
    a.warnings.forEach(function (w) {
      section.appendChild(el('p', 'warning', 'warning: ' + w));
    });
    var details = el('details');
    details.appendChild(el('summary', '', 'trace (' + a.trace.length + ')'));
    var ol = el('ol', 'trace');
    a.trace.forEach(function (t) {
      ol.appendChild(el('li', '', t));
    });
    details.appendChild(ol);
    section.appendChild(details);
    return section;
  }

  function render(answers, focus, mount) {
    mount.textContent = '';
    if (!answers || answers.length === 0) {
      mount.appendChild(el('p', 'empty', 'No requests yet: inject an error or read ZPCI_ERROR.'));
      return;
    }
    answers
      .slice()
      .reverse()
      .forEach(function (a) {
        mount.appendChild(card(a, focus));
      });
    var target = focus !== undefined && root.document.getElementById('answer-' + focus);
    if (target) target.scrollIntoView();
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { answerRows: answerRows, hexGroups: hexGroups };
    return;
  }
  root.addEventListener('message', function (event) {
    var msg = event.data;
    if (msg && msg.type === 'answers') render(msg.answers, msg.focus, root.document.getElementById('root'));
  });
  // Ask for the data once the listener is up: a message sent before the page loaded is lost.
  if (typeof acquireVsCodeApi === 'function') acquireVsCodeApi().postMessage({ type: 'ready' });
})(typeof window !== 'undefined' ? window : globalThis);
