// Generates the class kernel-inband-sentinel (uapi-rules 7) is about, rather
// than listing examples: handlers built from parts (fetch verb and noun, record
// and local names, copy helper, how "nothing" is handled) whose expected verdict
// follows from the parts alone; every one must get exactly that verdict.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { checkCSource } from '../../../src/core/kernel/run';

const INCLUDE = resolve(__dirname, '../../fixtures/checks/kernel-inband-sentinel/include');
const CODE = 'kernel-inband-sentinel';

const FETCHES = [
  'zpci_get_pending_error',
  'kpw_dequeue_event',
  'kpw_fetch_next_msg',
  'ring_pop',
  'kpw_read_record',
];
const COPIES: [string, (dst: string, src: string) => string][] = [
  ['copy_to_user', (d, s) => `copy_to_user(${d}, &${s}, sizeof(${s}))`],
  ['__copy_to_user', (d, s) => `__copy_to_user(${d}, &${s}, sizeof(${s}))`],
  ['copy_struct_to_user', (d, s) => `copy_struct_to_user(${d}, usize, &${s}, sizeof(${s}), NULL)`],
];
/** How the handler treats "the fetch found nothing", and whether rule 7 applies. */
const HANDLING: { name: string; fires: boolean; body: (fetch: string, item: string) => string }[] = [
  { name: 'discarded', fires: true, body: (f, i) => `\t${f}(dev, &${i});\n` },
  { name: 'kept, untested', fires: true, body: (f, i) => `\tret = ${f}(dev, &${i});\n` },
  {
    name: 'tested',
    fires: false,
    body: (f, i) => `\tret = ${f}(dev, &${i});\n\tif (ret)\n\t\treturn ret;\n`,
  },
  {
    name: 'in the condition',
    fires: false,
    body: (f, i) => `\tif (!${f}(dev, &${i}))\n\t\treturn -EAGAIN;\n`,
  },
  {
    name: 'sentinel tested',
    fires: false,
    body: (f, i) => `\t${f}(dev, &${i});\n\tif (!${i}.pec)\n\t\treturn -ENOMSG;\n`,
  },
];
const EMPTY_CONDS = [
  '!dev->pending_count',
  'dev->nr_events == 0',
  'list_empty(&dev->events)',
  'kfifo_is_empty(&dev->fifo)',
];
const SENTINELS = ['0', '-1', 'KPW_EVENT_NONE', 'U16_MAX'];

function fetchHandler(
  fetch: string,
  copy: (d: string, s: string) => string,
  h: (typeof HANDLING)[number],
  item: string,
  rec: string,
): string {
  return (
    `#include <linux/zpci_err.h>\n\nlong kpw_ioctl_get_event(struct kpw_dev *dev, void __user *arg, size_t usize)\n{\n` +
    `\tstruct vfio_device_feature_zpci_err ${rec} = {};\n\tstruct zpci_ccdf_err ${item} = {};\n\tint ret;\n\n` +
    h.body(fetch, item) +
    `\t${rec}.version = 1;\n\t${rec}.pec = ${item}.pec;\n` +
    `\tif (${copy('arg', rec)})\n\t\treturn -EFAULT;\n\treturn 0;\n}\n`
  );
}

/** What the empty branch does: write a sentinel, return an errno, or return 0 with nothing copied. */
const EMPTY_ANSWERS = {
  zero: (sentinel: string) => `\t\treply.pec = ${sentinel};\n`,
  errno: () => '\t\treturn -ENODATA;\n',
  success: () => '\t\tspin_unlock(&dev->lock);\n\t\treturn 0;\n',
};

function emptyHandler(cond: string, sentinel: string, answer: keyof typeof EMPTY_ANSWERS): string {
  const empty = EMPTY_ANSWERS[answer](sentinel);
  return (
    `#include <linux/zpci_err.h>\n\nlong kpw_ioctl_get_event(struct kpw_dev *dev, void __user *arg)\n{\n` +
    `\tstruct vfio_device_feature_zpci_err reply = {};\n\n\tspin_lock(&dev->lock);\n` +
    `\tif (${cond}) {\n${empty}\t} else {\n\t\treply.pec = dev->last_pec;\n\t}\n\tspin_unlock(&dev->lock);\n` +
    `\treturn copy_to_user(arg, &reply, sizeof(reply)) ? -EFAULT : 0;\n}\n`
  );
}

async function verdict(text: string): Promise<number> {
  const diags = await checkCSource({
    file: join(INCLUDE, '..', 'gen.c'),
    text,
    includeDirs: [INCLUDE],
    only: [CODE],
  });
  assert.deepEqual(
    diags.filter((d) => d.code !== CODE),
    [],
    text,
  );
  return diags.length;
}

test('an unchecked fetch into a zeroed record fires; every way of handling "nothing" is quiet', async () => {
  let n = 0;
  for (const fetch of FETCHES)
    for (const [name, copy] of COPIES)
      for (const h of HANDLING) {
        const [item, rec] = n++ % 2 ? ['ccdf', 'err'] : ['ev', 'reply'];
        const text = fetchHandler(fetch, copy, h, item, rec);
        assert.equal(await verdict(text), h.fires ? 1 : 0, `${fetch} / ${name} / ${h.name}:\n${text}`);
      }
});

test('an empty-queue branch writing a sentinel fires; one returning an errno is quiet', async () => {
  for (const cond of EMPTY_CONDS)
    for (const sentinel of SENTINELS) {
      const zero = emptyHandler(cond, sentinel, 'zero');
      assert.equal(await verdict(zero), 1, zero);
      const errno = emptyHandler(cond, sentinel, 'errno');
      assert.equal(await verdict(errno), 0, errno);
    }
});

test('an empty-queue branch answering 0 without copying anything fires, at its return', async () => {
  for (const cond of EMPTY_CONDS) {
    const text = emptyHandler(cond, '0', 'success');
    const diags = await checkCSource({
      file: join(INCLUDE, '..', 'gen.c'),
      text,
      includeDirs: [INCLUDE],
      only: [CODE],
    });
    assert.equal(diags.length, 1, text);
    assert.equal(text.split('\n')[diags[0].range.start.line].trim(), 'return 0;', text);
  }
  // A length or number that is zero is not an empty queue.
  for (const cond of ['!dev->num_regions', 'dev->len == 0']) {
    const text = emptyHandler(cond, '0', 'success');
    assert.equal(await verdict(text), 0, text);
  }
  // read()'s own byte count (nvgrace-gpu's `if (!mem_count) return 0;`), or a copy from device
  // memory rather than a reply record of the handler's own: the ordinary empty read.
  const emptyRead =
    `#include <linux/zpci_err.h>\n\nstatic int kpw_map_and_read(struct kpw_dev *dev, char __user *buf, size_t mem_count)\n{\n` +
    `\tif (!mem_count)\n\t\treturn 0;\n\tif (copy_to_user(buf, (u8 *)dev->mem + 1, mem_count))\n\t\treturn -EFAULT;\n\treturn 0;\n}\n`;
  assert.equal(await verdict(emptyRead), 0, emptyRead);
  const countParam = emptyHandler('!dev->pending_count', '0', 'success')
    .replace('void __user *arg)', 'void __user *arg, size_t pending_count)')
    .replace('!dev->pending_count', '!pending_count');
  assert.equal(await verdict(countParam), 0, countParam);
});

test('a fetch that is not one (a getter of configuration) is not a sentinel', async () => {
  for (const getter of ['kpw_get_config', 'vfio_pci_get_info', 'kpw_read_caps']) {
    const text = fetchHandler(getter, COPIES[0][1], HANDLING[0], 'ccdf', 'err');
    assert.equal(await verdict(text), 0, text);
  }
});

test('a zero written when a length or number (not a queue) is zero is not a sentinel', async () => {
  for (const cond of ['!dev->num_regions', 'dev->len == 0', '!info.nr_irqs']) {
    const text = emptyHandler(cond, '0', 'zero');
    assert.equal(await verdict(text), 0, text);
  }
});
