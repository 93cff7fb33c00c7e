// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test fixture for kpw: a bus driver with its own feature switch (the bus
 * master feature is dispatched here, not in vfio-pci). Hand-written.
 */
#include <linux/vfio.h>

static int vfio_cdx_ioctl_feature(struct vfio_device *device, u32 flags,
				  void __user *arg, size_t argsz)
{
	switch (flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_BUS_MASTER:
		return vfio_cdx_bm_ctrl(device, flags, arg, argsz);
	default:
		return -ENOTTY;
	}
}
