// The raw C reader the driver checks use: case labels per function, calls
// with argument texts, and minsz resolution through locals and macros.

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  callsTo,
  casesIn,
  parseCSource,
  resolveSizeArg,
} from '../../../src/core/parser/tree-sitter/c-source';
import { initParser } from '../../../src/core/parser/index';

const SRC = `#define MINSZ sizeof(struct foo_args)
#define SIX 6
static int handler(struct dev *d, u32 flags, void __user *arg, size_t argsz)
{
	struct foo_args args = {};
	struct bar *p = NULL;
	size_t n = MINSZ;
	uuid_t uuid;

	vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, sizeof(args));
	vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, n);
	vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, sizeof(*p));
	vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, sizeof(uuid));
	vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, SIX);
	return vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET, offsetofend(struct foo_args, x));
}

int dispatch(struct vfio_device *device, u32 flags, void __user *arg, size_t argsz)
{
	switch (flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_A:
		return handler(device, flags, arg, argsz);
	case VFIO_DEVICE_FEATURE_B:
	case VFIO_DEVICE_FEATURE_C: {
		int r = other(device);
		return r;
	}
	default:
		return -ENOTTY;
	}
}
`;

before(() => initParser());

describe('parseCSource', () => {
  test('case labels of a named function, with the functions each case calls', () => {
    const src = parseCSource('/x/d.c', SRC);
    // `void __user *arg` is an error to a grammar without the kernel's macros; the functions still come through.
    assert.deepEqual(
      src.functions.map((f) => f.name),
      ['handler', 'dispatch'],
    );
    assert.deepEqual(
      casesIn(src, 'dispatch').map((c) => [c.label, c.loc.range.start.line, c.calls]),
      [
        ['VFIO_DEVICE_FEATURE_A', 20, ['handler']],
        ['VFIO_DEVICE_FEATURE_B', 22, []],
        ['VFIO_DEVICE_FEATURE_C', 23, ['other']],
      ],
    );
    assert.deepEqual(casesIn(src, 'handler'), []);
  });

  test('calls with argument texts, and minsz resolved through locals and macros or explained', () => {
    const src = parseCSource('/x/d.c', SRC);
    const calls = callsTo(src, 'vfio_check_feature', 'handler');
    assert.equal(calls.length, 6);
    assert.deepEqual(calls[0].args, ['flags', 'argsz', 'VFIO_DEVICE_FEATURE_GET', 'sizeof(args)']);
    const sizes = calls.map((c) => resolveSizeArg(src, c.args[3], 'handler'));
    assert.deepEqual(sizes[0], { kind: 'struct', tag: 'foo_args', via: ['args'] });
    assert.deepEqual(sizes[1], { kind: 'struct', tag: 'foo_args', via: ['n', 'MINSZ'] });
    assert.deepEqual(sizes[2], { kind: 'struct', tag: 'bar', via: ['*p'] });
    assert.deepEqual(sizes[3], { kind: 'type', name: 'uuid_t', via: ['uuid'] });
    assert.deepEqual(sizes[4], { kind: 'number', value: 6, via: ['SIX'] });
    assert.equal(sizes[5].kind, 'unknown');
  });

  test('never throws on junk', () => {
    const src = parseCSource('/x/j.c', '\u0000}}}{{{ case : switch ( ;'.repeat(200));
    assert.ok(Array.isArray(src.cases));
  });
});
