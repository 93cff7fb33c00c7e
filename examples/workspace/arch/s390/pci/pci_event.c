// SPDX-License-Identifier: GPL-2.0
/*
 * Stand-in for kpw's example tree, not kernel code: only the lines the seed patch
 * (patches/v13-5-7-vfio-pci-zdev-zpci-error.mbox) touches, at their line numbers in
 * the tree it was written against, so it applies here without offsets. The other
 * lines of the real file are left empty.
 */


































































	zdev->pending_errs.count++;
}

void zpci_start_mediated_recovery(struct zpci_dev *zdev)
{
	guard(mutex)(&zdev->pending_errs_lock);
