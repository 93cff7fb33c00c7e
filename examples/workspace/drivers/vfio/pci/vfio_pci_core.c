// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test fixture for kpw: a short, hand-written stand-in for vfio-pci's
 * device-feature switch. Not kernel code; just enough shape for the checks.
 */
#include <linux/vfio.h>

static int vfio_pci_core_pm_entry(struct vfio_pci_core_device *vdev, u32 flags,
				  void __user *arg, size_t argsz)
{
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET, 0);
	if (ret != 1)
		return ret;
	return vfio_pci_runtime_pm_entry(vdev, NULL);
}

static int vfio_pci_core_pm_entry_with_wakeup(struct vfio_pci_core_device *vdev,
					      u32 flags, void __user *arg,
					      size_t argsz)
{
	struct vfio_device_low_power_entry_with_wakeup entry;
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET,
				 sizeof(entry));
	if (ret != 1)
		return ret;
	if (copy_from_user(&entry, arg, sizeof(entry)))
		return -EFAULT;
	return vfio_pci_runtime_pm_entry(vdev, &entry);
}

static int vfio_pci_core_pm_exit(struct vfio_pci_core_device *vdev, u32 flags,
				 void __user *arg, size_t argsz)
{
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET, 0);
	if (ret != 1)
		return ret;
	return vfio_pci_runtime_pm_exit(vdev);
}

static int vfio_pci_core_feature_token(struct vfio_pci_core_device *vdev,
				       u32 flags, uuid_t __user *arg,
				       size_t argsz)
{
	uuid_t uuid;
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET,
				 sizeof(uuid));
	if (ret != 1)
		return ret;
	if (copy_from_user(&uuid, arg, sizeof(uuid)))
		return -EFAULT;
	return vfio_pci_set_vf_token(vdev, &uuid);
}

int vfio_pci_core_ioctl_feature(struct vfio_device *device, u32 flags,
				void __user *arg, size_t argsz)
{
	struct vfio_pci_core_device *vdev = to_vdev(device);

	switch (flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY:
		return vfio_pci_core_pm_entry(vdev, flags, arg, argsz);
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY_WITH_WAKEUP:
		return vfio_pci_core_pm_entry_with_wakeup(vdev, flags, arg, argsz);
	case VFIO_DEVICE_FEATURE_LOW_POWER_EXIT:
		return vfio_pci_core_pm_exit(vdev, flags, arg, argsz);
	case VFIO_DEVICE_FEATURE_PCI_VF_TOKEN:
		return vfio_pci_core_feature_token(vdev, flags, arg, argsz);
	case VFIO_DEVICE_FEATURE_DMA_BUF:
		return vfio_pci_core_feature_dma_buf(vdev, flags, arg, argsz);
	default:
		return -ENOTTY;
	}
}
