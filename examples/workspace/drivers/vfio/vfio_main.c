// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test fixture for kpw: a short, hand-written stand-in for the VFIO core's
 * device-feature dispatch. Not kernel code; just enough shape for the checks.
 */
#include <linux/vfio.h>

#define MIG_STATE_MINSZ sizeof(struct vfio_device_feature_mig_state)

static int vfio_ioctl_device_feature_migration(struct vfio_device *device,
					       u32 flags, void __user *arg,
					       size_t argsz)
{
	struct vfio_device_feature_migration mig = {
		.flags = device->migration_flags,
	};
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET,
				 sizeof(mig));
	if (ret != 1)
		return ret;
	if (copy_to_user(arg, &mig, sizeof(mig)))
		return -EFAULT;
	return 0;
}

static int vfio_ioctl_device_feature_mig_device_state(struct vfio_device *device,
						      u32 flags, void __user *arg,
						      size_t argsz)
{
	size_t minsz = MIG_STATE_MINSZ;
	int ret;

	ret = vfio_check_feature(flags, argsz,
				 VFIO_DEVICE_FEATURE_SET | VFIO_DEVICE_FEATURE_GET,
				 minsz);
	if (ret != 1)
		return ret;
	return vfio_mig_set_state(device, arg);
}

static int vfio_ioctl_device_feature_logging_start(struct vfio_device *device,
						   u32 flags, void __user *arg,
						   size_t argsz)
{
	struct vfio_device_feature_dma_logging_control control;
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET,
				 sizeof(control));
	if (ret != 1)
		return ret;
	return vfio_logging_start(device, arg, &control);
}

static int vfio_ioctl_device_feature_logging_stop(struct vfio_device *device,
						  u32 flags, void __user *arg,
						  size_t argsz)
{
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_SET, 0);
	if (ret != 1)
		return ret;
	return vfio_logging_stop(device);
}

static int vfio_ioctl_device_feature_logging_report(struct vfio_device *device,
						    u32 flags, void __user *arg,
						    size_t argsz)
{
	struct vfio_device_feature_dma_logging_report report;
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET,
				 sizeof(report));
	if (ret != 1)
		return ret;
	return vfio_logging_report(device, arg, &report);
}

static int vfio_ioctl_device_feature_mig_data_size(struct vfio_device *device,
						   u32 flags, void __user *arg,
						   size_t argsz)
{
	struct vfio_device_feature_mig_data_size data_size = {};
	int ret;

	ret = vfio_check_feature(flags, argsz, VFIO_DEVICE_FEATURE_GET,
				 sizeof(data_size));
	if (ret != 1)
		return ret;
	return vfio_mig_data_size(device, arg, &data_size);
}

static int vfio_ioctl_device_feature(struct vfio_device *device,
				     struct vfio_device_feature __user *arg)
{
	size_t minsz = offsetofend(struct vfio_device_feature, flags);
	struct vfio_device_feature feature;

	if (copy_from_user(&feature, arg, minsz))
		return -EFAULT;
	if (feature.argsz < minsz)
		return -EINVAL;

	switch (feature.flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_MIGRATION:
		return vfio_ioctl_device_feature_migration(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE:
		return vfio_ioctl_device_feature_mig_device_state(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_DMA_LOGGING_START:
		return vfio_ioctl_device_feature_logging_start(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_DMA_LOGGING_STOP:
		return vfio_ioctl_device_feature_logging_stop(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_DMA_LOGGING_REPORT:
		return vfio_ioctl_device_feature_logging_report(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_MIG_DATA_SIZE:
		return vfio_ioctl_device_feature_mig_data_size(
			device, feature.flags, arg->data,
			feature.argsz - minsz);
	case VFIO_DEVICE_FEATURE_MIG_PRECOPY_INFOv2:
		return vfio_precopy_info_v2(device, feature.flags,
					    feature.argsz - minsz);
	default:
		if (unlikely(!device->ops->device_feature))
			return -ENOTTY;
		return device->ops->device_feature(device, feature.flags,
						   arg->data,
						   feature.argsz - minsz);
	}
}
