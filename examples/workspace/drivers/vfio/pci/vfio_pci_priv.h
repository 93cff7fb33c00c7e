/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stand-in for kpw's example tree, not kernel code: only the lines the seed patch
 * (patches/v13-5-7-vfio-pci-zdev-zpci-error.mbox) touches, at their line numbers in
 * the tree it was written against, so it applies here without offsets. The other
 * lines of the real file are left empty.
 */





















































































				struct vfio_info_cap *caps);
int vfio_pci_zdev_open_device(struct vfio_pci_core_device *vdev);
void vfio_pci_zdev_close_device(struct vfio_pci_core_device *vdev);
#else
static inline int vfio_pci_info_zdev_add_caps(struct vfio_pci_core_device *vdev,
					      struct vfio_info_cap *caps)









static inline void vfio_pci_zdev_close_device(struct vfio_pci_core_device *vdev)
{}
#endif

static inline bool vfio_pci_is_vga(struct pci_dev *pdev)
