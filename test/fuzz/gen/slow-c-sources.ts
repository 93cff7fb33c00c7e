// C sources that are slow to check, one per shape of long work in the kernel-side
// checks (issue 15, item 5): a generated driver of thousands of functions, one huge
// function, one ioctl switch of thousands of cases. The server's ordering tests (C
// documents, patches adding them) and the bench's hover-wait rows use them; `scale` sizes them.

export interface SlowCSource {
  name: string;
  text: string;
}

/** The ioctl handler body every shape repeats: a copy out of a local struct, a copy in, an errno. */
const handler = (
  i: number,
) => `static long drv_ioctl_${i}(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct drv_info_${i % 7} info;
	int err = 0;

	if (copy_from_user(&info, (void __user *)arg, sizeof(info)))
		return -EFAULT;
	if (info.argsz < sizeof(info))
		return -EINVAL;
	info.flags = ${i};
	err = drv_do_${i % 13}(filp, &info);
	if (err)
		return err;
	if (copy_to_user((void __user *)arg, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}
`;

const PRELUDE = `// generated
#include <linux/types.h>
${Array.from({ length: 7 }, (_, k) => `struct drv_info_${k} { __u32 argsz; __u32 flags; __u64 value; };`).join('\n')}
`;

/** Every shape; scale 1 is ~150-300 KB (a test), 10 a few MB (the bench's driver file). */
export function slowCSources(scale = 1): SlowCSource[] {
  return [
    // A generated driver: thousands of small functions.
    {
      name: 'many-functions',
      text: PRELUDE + Array.from({ length: 500 * scale }, (_, i) => handler(i)).join('\n'),
    },
    // One function of thousands of statements (a generated register table written as code).
    {
      name: 'huge-function',
      text:
        PRELUDE +
        `static long drv_setup(struct file *filp, unsigned long arg)\n{\n\tstruct drv_info_0 info;\n\tint err = 0;\n\n` +
        Array.from(
          { length: 3000 * scale },
          (_, i) =>
            `\tinfo.value = ${i};\n\tif (drv_write_${i % 11}(filp, &info))\n\t\treturn -EIO;\n\terr += ${i};\n`,
        ).join('') +
        `\tif (copy_to_user((void __user *)arg, &info, sizeof(info)))\n\t\treturn -EFAULT;\n\treturn err;\n}\n`,
    },
    // One ioctl dispatch: a switch of thousands of cases, each returning or copying out.
    {
      name: 'many-cases',
      text:
        PRELUDE +
        `static long drv_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)\n{\n\tstruct drv_info_1 info;\n\n\tswitch (cmd) {\n` +
        Array.from(
          { length: 3000 * scale },
          (_, i) =>
            `\tcase DRV_IOCTL_${i}:\n\t\tinfo.flags = ${i};\n\t\tif (copy_to_user((void __user *)arg, &info, sizeof(info)))\n\t\t\treturn -EFAULT;\n\t\treturn ${i % 5 === 0 ? '-EINVAL' : '0'};\n`,
        ).join('') +
        `\tdefault:\n\t\treturn -ENOTTY;\n\t}\n}\n`,
    },
  ];
}
