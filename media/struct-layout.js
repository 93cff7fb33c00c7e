// The struct layout webview: draws one row of byte cells per ABI, colored by
// member, with holes, end padding and bitfields marked; cell tooltips name
// the members. Data arrives from the extension as {type: 'layout', view}.
// Plain script (no modules) so the CSP needs nothing but a nonce; byteCells
// is exported under Node for the tests.
(function (root) {
  'use strict';

  /** One entry per byte of the record on one ABI: what occupies it. */
  function byteCells(abi) {
    var cells = [];
    for (var i = 0; i < abi.size; i++) cells.push({ offset: i, kind: 'gap', fields: [] });
    abi.fields.forEach(function (f) {
      var first = f.offset;
      var last = f.size === null ? f.offset - 1 : f.offset + f.size - 1;
      var bits;
      if (f.bitSize !== undefined) {
        first = Math.floor(f.bitOffset / 8);
        last = Math.floor((f.bitOffset + f.bitSize - 1) / 8);
        bits = [f.bitOffset, f.bitOffset + f.bitSize - 1];
      }
      for (var b = first; b <= last && b < cells.length; b++) {
        cells[b].kind = 'member';
        cells[b].fields.push({ name: f.name, member: f.member, typeName: f.typeName, bits: bits });
      }
    });
    abi.holes.forEach(function (h) {
      for (var b = h.offset; b < h.offset + h.size && b < cells.length; b++)
        if (cells[b].kind === 'gap') cells[b].kind = 'hole';
    });
    for (var p = abi.size - abi.trailingPadding; p < abi.size; p++)
      if (cells[p] && cells[p].kind === 'gap') cells[p].kind = 'pad';
    return cells;
  }

  function describe(cell, abiName) {
    var head = abiName + ' byte ' + cell.offset + ': ';
    if (cell.kind === 'hole') return head + 'hole (implicit padding)';
    if (cell.kind === 'pad') return head + 'padding at the end';
    if (cell.kind === 'gap') return head + 'unused bits';
    return (
      head +
      cell.fields
        .map(function (f) {
          var bits = f.bits ? ' bits ' + f.bits[0] + '-' + f.bits[1] : '';
          return f.typeName + ' ' + f.name + bits;
        })
        .join(' | ')
    );
  }

  function color(member) {
    return 'hsl(' + ((member * 67) % 360) + ', 55%, 45%)';
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function row(abi, width) {
    var tr = el('div', 'abi-row' + (abi.differs ? ' differs' : ''));
    var label = el('div', 'abi-label');
    label.appendChild(el('strong', '', abi.abi));
    label.appendChild(
      el(
        'span',
        'abi-size',
        ' ' + abi.size + ' B, align ' + abi.align + (abi.incomplete ? ', incomplete' : ''),
      ),
    );
    tr.appendChild(label);
    var strip = el('div', 'cells');
    byteCells(abi).forEach(function (c) {
      var cell = el(
        'div',
        'cell ' +
          c.kind +
          (c.fields.length > 1 ? ' shared' : '') +
          (c.fields.some(function (f) {
            return f.bits;
          })
            ? ' bits'
            : ''),
      );
      if (c.offset % 8 === 0) cell.classList.add('word');
      if (c.fields.length) cell.style.backgroundColor = color(c.fields[0].member);
      cell.title = describe(c, abi.abi);
      strip.appendChild(cell);
    });
    for (var i = abi.size; i < width; i++) strip.appendChild(el('div', 'cell beyond'));
    tr.appendChild(strip);
    return tr;
  }

  function ruler(width) {
    var r = el('div', 'abi-row ruler');
    r.appendChild(el('div', 'abi-label', 'offset'));
    var strip = el('div', 'cells');
    for (var i = 0; i < width; i++) strip.appendChild(el('div', 'cell tick', i % 8 === 0 ? String(i) : ''));
    r.appendChild(strip);
    return r;
  }

  function legend(view) {
    var ul = el('ul', 'legend');
    view.members.forEach(function (name, i) {
      var li = el('li');
      var swatch = el('span', 'swatch');
      swatch.style.backgroundColor = color(i);
      li.appendChild(swatch);
      li.appendChild(el('span', '', name));
      ul.appendChild(li);
    });
    [
      ['hole', 'hole'],
      ['pad', 'end padding'],
    ].forEach(function (k) {
      var li = el('li');
      li.appendChild(el('span', 'swatch ' + k[0]));
      li.appendChild(el('span', '', k[1]));
      ul.appendChild(li);
    });
    return ul;
  }

  function render(view, mount) {
    mount.textContent = '';
    if (!view) {
      mount.appendChild(el('p', 'empty', 'No layout: the record is gone or cannot be laid out.'));
      return;
    }
    var differing = view.abis
      .filter(function (a) {
        return a.differs;
      })
      .map(function (a) {
        return a.abi;
      });
    mount.appendChild(el('h1', '', view.kind + ' ' + view.name));
    mount.appendChild(
      el(
        'p',
        'summary',
        differing.length
          ? 'Differs from ' + view.abis[0].abi + ' on: ' + differing.join(', ')
          : 'Same layout on every ABI shown.',
      ),
    );
    var width = Math.max.apply(
      null,
      view.abis
        .map(function (a) {
          return a.size;
        })
        .concat([1]),
    );
    var map = el('div', 'map');
    map.appendChild(ruler(width));
    view.abis.forEach(function (a) {
      map.appendChild(row(a, width));
    });
    mount.appendChild(map);
    mount.appendChild(legend(view));
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = { byteCells: byteCells, describe: describe };
    return;
  }
  root.addEventListener('message', function (event) {
    var msg = event.data;
    if (msg && msg.type === 'layout') render(msg.view, document.getElementById('root'));
  });
  // Ask for the data once the listener is up: a message sent before the page loaded is lost.
  if (typeof acquireVsCodeApi === 'function') acquireVsCodeApi().postMessage({ type: 'ready' });
})(this);
