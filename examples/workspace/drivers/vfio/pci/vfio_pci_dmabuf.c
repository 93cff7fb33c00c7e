// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test fixture for kpw: a feature handler living in another file than the
 * switch that calls it. Hand-written, not kernel code.
 */
#include <linux/vfio.h>

int vfio_pci_core_feature_dma_buf(struct vfio_pci_core_device *vdev, u32 flags,
				  struct vfio_device_feature_dma_buf __user *arg,
				  size_t argsz)
{
	struct vfio_device_feature_dma_buf get_dma_buf = {};
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET,
				 sizeof(get_dma_buf));
	if (ret != 1)
		return ret;
	return vfio_pci_dmabuf_export(vdev, arg, &get_dma_buf);
}
