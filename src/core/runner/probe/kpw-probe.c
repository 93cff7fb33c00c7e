// SPDX-License-Identifier: MIT
/*
 * kpw-probe: runs the ioctl steps of a kpw scenario against a real VFIO device
 * and prints one JSON object per step, in the shape `kpw sim --json` prints.
 * Built by the runner against the workspace's own vfio.h (-include), with
 * -DKPW_UAPI_V13 (inline struct) or -DKPW_UAPI_V73 (data pointer).
 * One file on purpose: the runner and the bundle ship exactly this source.
 * Steps: open, close, reset, ioctl, info (device info and the zPCI
 * capabilities) and inject (test guests only: a DMA the s390 IOMMU rejects).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#if !defined(KPW_UAPI_V13) && !defined(KPW_UAPI_V73)
#error "build with -DKPW_UAPI_V13 or -DKPW_UAPI_V73"
#endif

/* Our own numbers for the device-opening path: the workspace header may be cut down. */
#define KPW_VFIO_IO(nr)			_IO(';', 100 + (nr))
#define KPW_VFIO_GET_API_VERSION	KPW_VFIO_IO(0)
#define KPW_VFIO_SET_IOMMU		KPW_VFIO_IO(2)
#define KPW_VFIO_GROUP_GET_STATUS	KPW_VFIO_IO(3)
#define KPW_VFIO_GROUP_SET_CONTAINER	KPW_VFIO_IO(4)
#define KPW_VFIO_GROUP_GET_DEVICE_FD	KPW_VFIO_IO(6)
#define KPW_VFIO_DEVICE_GET_INFO	KPW_VFIO_IO(7)
#define KPW_VFIO_DEVICE_GET_REGION_INFO	KPW_VFIO_IO(8)
#define KPW_VFIO_DEVICE_SET_IRQS	KPW_VFIO_IO(10)
#define KPW_VFIO_DEVICE_RESET		KPW_VFIO_IO(11)
#define KPW_VFIO_DEVICE_FEATURE		KPW_VFIO_IO(17)
#define KPW_VFIO_DEVICE_BIND_IOMMUFD	KPW_VFIO_IO(18)
#define KPW_VFIO_DEVICE_ATTACH_PT	KPW_VFIO_IO(19)
#define KPW_IOMMU_IOAS_ALLOC		_IO(';', 0x81)
#define KPW_VFIO_TYPE1V2_IOMMU		3
#define KPW_VFIO_GROUP_VIABLE		1

struct kpw_argsz_flags { unsigned int argsz, flags; };
struct kpw_bind { unsigned int argsz, flags; int iommufd; unsigned int out_devid; };
struct kpw_attach { unsigned int argsz, flags, pt_id; };
struct kpw_ioas_alloc { unsigned int size, flags, out_ioas_id; };

#define MAX_TRACE 8

struct answer {
	int step;
	const char *op;
	int rc;
	int err;
	const unsigned char *bytes;
	size_t nbytes;
	char fields[1024];
	char decided[256];
	char trace[MAX_TRACE][256];
	int ntrace;
};

static int device_fd = -1;
/* The group path keeps its group and container open across close/open steps:
 * a vfio group can be opened only once, and only the device fd's last close
 * ends mediated recovery. */
static int group_fd = -1;
static int container_fd = -1;
static char device_kind[16];
static char device_name[PATH_MAX];
static unsigned char *pages;
static long page;

static void add_trace(struct answer *a, const char *fmt, const char *arg)
{
	if (a->ntrace < MAX_TRACE)
		snprintf(a->trace[a->ntrace++], sizeof(a->trace[0]), fmt, arg);
}

static void put_json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static const char *errno_name(int err)
{
	switch (err) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOTTY: return "ENOTTY";
	case ENOSYS: return "ENOSYS";
	case ENOMSG: return "ENOMSG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return NULL;
	}
}

/* What an errno means for this feature, in the user's terms. */
static const char *errno_hint(int err)
{
	switch (err) {
	case ENOTTY: return "this kernel lacks the feature";
	case ENODEV: return "not a zPCI function";
	case EACCES:
	case EPERM: return "permission denied: run as root or set privilege to sudo -n";
	case ENOSYS: return "the target cannot pass VFIO ioctls (user-mode emulation?)";
	case ENOMSG: return "nothing pending";
	case EINVAL: return "the kernel rejected argsz, flags or the data pointer";
	case EFAULT: return "the kernel could not access user memory";
	default: return strerror(err);
	}
}

static void print_answer(const struct answer *a)
{
	const char *name = a->err ? errno_name(a->err) : NULL;
	char num[32];
	size_t i;
	int t;

	printf("{\"step\":%d,\"op\":\"%s\",\"rc\":%d,\"errno\":", a->step, a->op, a->rc);
	if (!a->err) {
		printf("null");
	} else if (name) {
		put_json_string(name);
	} else {
		snprintf(num, sizeof(num), "E%d", a->err);
		put_json_string(num);
	}
	printf(",\"kernelRc\":%d,\"bytes\":\"", a->err ? -a->err : 0);
	for (i = 0; i < a->nbytes; i++)
		printf("%02x", a->bytes[i]);
	printf("\",\"fields\":{%s},\"decidedBy\":", a->fields);
	put_json_string(a->decided);
	printf(",\"trace\":[");
	for (t = 0; t < a->ntrace; t++) {
		if (t)
			putchar(',');
		put_json_string(a->trace[t]);
	}
	printf("],\"warnings\":[]}\n");
	fflush(stdout);
}

static void fail(struct answer *a, int err, const char *what)
{
	a->rc = -1;
	a->err = err;
	snprintf(a->decided, sizeof(a->decided), "target: %s: %s", what, errno_hint(err));
}

/* iommufd/cdev: /sys/bus/pci/devices/<bdf>/vfio-dev/vfioN -> /dev/vfio/devices/vfioN. */
static int open_cdev(struct answer *a, const char *bdf)
{
	char path[PATH_MAX], dev[PATH_MAX + 32];
	struct kpw_bind bind = { sizeof(bind), 0, -1, 0 };
	struct kpw_ioas_alloc ioas = { sizeof(ioas), 0, 0 };
	struct kpw_attach attach = { sizeof(attach), 0, 0 };
	int fd, iommufd;
	struct dirent *entry = NULL;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.200s/vfio-dev", bdf);
	dir = opendir(path);
	while (dir && (entry = readdir(dir)) && strncmp(entry->d_name, "vfio", 4))
		;
	if (!entry) {
		if (dir)
			closedir(dir);
		add_trace(a, "cdev: no vfio-dev entry for %.200s", bdf);
		return -1;
	}
	snprintf(path, sizeof(path), "%s", entry->d_name);
	closedir(dir);
	snprintf(dev, sizeof(dev), "/dev/vfio/devices/%.200s", path);
	fd = open(dev, O_RDWR);
	iommufd = open("/dev/iommu", O_RDWR);
	if (fd < 0 || iommufd < 0) {
		add_trace(a, "cdev: cannot open %.200s or /dev/iommu", dev);
		goto out;
	}
	bind.iommufd = iommufd;
	if (ioctl(fd, KPW_VFIO_DEVICE_BIND_IOMMUFD, &bind) ||
	    ioctl(iommufd, KPW_IOMMU_IOAS_ALLOC, &ioas))
		goto out;
	attach.pt_id = ioas.out_ioas_id;
	if (ioctl(fd, KPW_VFIO_DEVICE_ATTACH_PT, &attach))
		goto out;
	add_trace(a, "opened %.200s through iommufd", dev);
	strcpy(device_kind, "cdev");
	return fd;
out:
	if (fd >= 0)
		close(fd);
	if (iommufd >= 0)
		close(iommufd);
	add_trace(a, "cdev path failed: %.200s", strerror(errno));
	return -1;
}

/* The legacy path: /dev/vfio/<group>, a type1 container, GET_DEVICE_FD. */
static int open_group(struct answer *a, const char *bdf)
{
	char link[PATH_MAX], target[PATH_MAX], dev[PATH_MAX];
	struct kpw_argsz_flags status = { sizeof(status), 0 };
	int fd;
	ssize_t n;

	if (group_fd < 0) {
		snprintf(link, sizeof(link), "/sys/bus/pci/devices/%.200s/iommu_group", bdf);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0) {
			add_trace(a, "group: %.200s not found", link);
			return -1;
		}
		target[n] = 0;
		snprintf(dev, sizeof(dev), "/dev/vfio/%.200s", basename(target));
		container_fd = open("/dev/vfio/vfio", O_RDWR);
		group_fd = open(dev, O_RDWR);
		if (container_fd < 0 || group_fd < 0 ||
		    ioctl(group_fd, KPW_VFIO_GROUP_GET_STATUS, &status) ||
		    !(status.flags & KPW_VFIO_GROUP_VIABLE) ||
		    ioctl(group_fd, KPW_VFIO_GROUP_SET_CONTAINER, &container_fd) ||
		    ioctl(container_fd, KPW_VFIO_SET_IOMMU, KPW_VFIO_TYPE1V2_IOMMU)) {
			add_trace(a, "group path failed at %.200s", dev);
			if (group_fd >= 0)
				close(group_fd);
			if (container_fd >= 0)
				close(container_fd);
			group_fd = container_fd = -1;
			return -1;
		}
	}
	fd = ioctl(group_fd, KPW_VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (fd >= 0) {
		add_trace(a, "opened %.200s through the group/container path", bdf);
		strcpy(device_kind, "group");
	}
	return fd;
}

static void do_open(struct answer *a)
{
	a->op = "open";
	if (device_fd >= 0) {
		add_trace(a, "%.200s is already open", device_name);
		return;
	}
	if (!strcmp(device_kind, "path")) {
		device_fd = open(device_name, O_RDWR);
		if (device_fd >= 0)
			add_trace(a, "opened %.200s directly (no VFIO setup)", device_name);
	} else if (!strcmp(device_kind, "group")) {
		device_fd = open_group(a, device_name);
	} else {
		device_fd = open_cdev(a, device_name);
		if (device_fd < 0)
			device_fd = open_group(a, device_name);
	}
	if (device_fd < 0)
		fail(a, errno ? errno : ENODEV, "opening the device");
	else
		snprintf(a->decided, sizeof(a->decided), "target: device open");
}

#ifdef KPW_UAPI_V13
#define ZPCI_ERR_SIZE sizeof(struct vfio_device_feature_zpci_err)
#else
#define ZPCI_ERR_SIZE sizeof(struct vfio_device_feature_zpci_err)
#define CCDF_SIZE 32
#endif

/* fault: 0 none, 'h' header, 'p' payload, 'b' buffer; data: -1 default, 0 null, else a length. */
static void do_ioctl(struct answer *a, unsigned int flags, unsigned int argsz, long data, int fault)
{
	struct vfio_device_feature *req = (void *)pages;
	unsigned char *payload;

	(void)data;
	a->op = "ioctl";
	if (device_fd < 0) {
		struct answer open_answer = { .step = a->step };

		do_open(&open_answer);
		if (device_fd < 0) {
			fail(a, EBADF, "the device could not be opened");
			return;
		}
	}
	memset(pages, 0, page);
	memset(pages + 2 * page, 0, page);
	if (fault == 'p')
		req = (void *)(pages + page - 8);
	req->argsz = argsz;
	req->flags = flags;
	payload = req->data;
#ifdef KPW_UAPI_V73
	{
		struct vfio_device_feature_zpci_err *err = (void *)payload;

		if (fault != 'p')
			err->data = data == 0 ? 0 : (unsigned long)(fault == 'b' ? pages + page : pages + 2 * page);
	}
#endif
	if (ioctl(device_fd, KPW_VFIO_DEVICE_FEATURE, fault == 'h' ? (void *)(pages + page) : (void *)req)) {
		fail(a, errno, "VFIO_DEVICE_FEATURE");
		return;
	}
	snprintf(a->decided, sizeof(a->decided), "target: VFIO_DEVICE_FEATURE succeeded");
	if (!(flags & VFIO_DEVICE_FEATURE_GET) || (flags & VFIO_DEVICE_FEATURE_PROBE))
		return;
#ifdef KPW_UAPI_V13
	{
		struct vfio_device_feature_zpci_err *err = (void *)payload;

		a->bytes = payload;
		a->nbytes = ZPCI_ERR_SIZE;
		snprintf(a->fields, sizeof(a->fields), "\"version\":%u,\"pending_errors\":%u,\"pec\":%u",
			 err->version, err->pending_errors, err->pec);
	}
#else
	a->bytes = pages + 2 * page;
	a->nbytes = CCDF_SIZE;
#endif
}

/* ---- info: device info and the zPCI capabilities (our own offsets: the
 * workspace header may predate them; values are native, so big-endian). ---- */

#define KPW_CAP_ZPCI_BASE	1
#define KPW_CAP_ZPCI_GROUP	2

static int err_event_fd = -1;

static uint64_t get_native(const unsigned char *p, int n)
{
	uint64_t v = 0;
	uint32_t v32;
	uint16_t v16;

	if (n == 8)
		memcpy(&v, p, 8);
	else if (n == 4)
		memcpy(&v32, p, 4), v = v32;
	else if (n == 2)
		memcpy(&v16, p, 2), v = v16;
	else
		v = *p;
	return v;
}

static void add_field(struct answer *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_field(struct answer *a, const char *fmt, ...)
{
	size_t used = strlen(a->fields);
	va_list ap;

	if (used && used < sizeof(a->fields) - 1)
		a->fields[used++] = ',', a->fields[used] = 0;
	va_start(ap, fmt);
	vsnprintf(a->fields + used, sizeof(a->fields) - used, fmt, ap);
	va_end(ap);
}

static int test_guest(void)
{
	return access("/etc/kpw-test-guest", F_OK) == 0;
}

/* The zPCI base capability's DMA aperture, read again for inject. */
static uint64_t start_dma, end_dma;

static int read_info(struct answer *a)
{
	static unsigned char buf[4096];
	struct kpw_device_info { uint32_t argsz, flags, num_regions, num_irqs, cap_offset, pad; } *info = (void *)buf;
	uint32_t off, guard = 0;

	memset(buf, 0, sizeof(buf));
	info->argsz = sizeof(buf);
	if (ioctl(device_fd, KPW_VFIO_DEVICE_GET_INFO, buf)) {
		fail(a, errno, "VFIO_DEVICE_GET_INFO");
		return -1;
	}
	add_field(a, "\"deviceFlags\":%u,\"numRegions\":%u,\"numIrqs\":%u", info->flags, info->num_regions, info->num_irqs);
	off = (info->flags & (1u << 7)) ? info->cap_offset : 0;
	while (off >= sizeof(*info) && off + 8 <= sizeof(buf) && guard++ < 32) {
		const unsigned char *cap = buf + off;
		unsigned int id = get_native(cap, 2), version = get_native(cap + 2, 2);

		if (id == KPW_CAP_ZPCI_BASE && off + 32 <= sizeof(buf)) {
			start_dma = get_native(cap + 8, 8);
			end_dma = get_native(cap + 16, 8);
			add_field(a, "\"zpciBaseVersion\":%u,\"startDma\":\"0x%llx\",\"endDma\":\"0x%llx\",\"pchid\":%u,\"vfn\":%u,\"fmbLength\":%u,\"pft\":%u,\"gid\":%u",
				  version, (unsigned long long)start_dma, (unsigned long long)end_dma,
				  (unsigned)get_native(cap + 24, 2), (unsigned)get_native(cap + 26, 2),
				  (unsigned)get_native(cap + 28, 2), cap[30], cap[31]);
			if (version >= 2)
				add_field(a, "\"fh\":%u", (unsigned)get_native(cap + 32, 4));
			if (version >= 3)
				add_field(a, "\"ccdfErrLength\":%u", (unsigned)get_native(cap + 36, 4));
		} else if (id == KPW_CAP_ZPCI_GROUP) {
			add_field(a, "\"zpciGroupVersion\":%u", version);
		}
		off = get_native(cap + 4, 4);
	}
	return 0;
}

static void sysfs_field(struct answer *a, const char *attr, const char *name)
{
	char path[PATH_MAX], value[64] = "";
	FILE *f;

	if (!strcmp(device_kind, "path"))
		return;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.200s/%s", device_name, attr);
	f = fopen(path, "r");
	if (f && fgets(value, sizeof(value), f))
		add_field(a, "\"%s\":%lu", name, strtoul(value, NULL, 0));
	if (f)
		fclose(f);
}

static void do_info(struct answer *a)
{
	a->op = "info";
	if (device_fd < 0) {
		fail(a, EBADF, "info: the device is not open");
		return;
	}
	if (read_info(a))
		return;
	sysfs_field(a, "function_id", "fid");
	sysfs_field(a, "uid", "uid");
	add_field(a, "\"testGuest\":%s", test_guest() ? "true" : "false");
	snprintf(a->decided, sizeof(a->decided), "target: device info read");
}

/* ---- inject: a DMA the emulated s390 IOMMU rejects (test guests only) ----
 * The function must be a modern virtio PCI device (QEMU's virtio-rng-pci with
 * iommu_platform=on). The rings of queue 0 are put at faddr and the queue is
 * kicked: QEMU translates the ring address through the function's IOMMU and,
 * below the DMA aperture, raises PEC 0x2 (out of range), unmapped inside it
 * PEC 0x4 (translation protection); above the aperture the access misses the
 * IOMMU region and nothing is raised. The function then stays in the error
 * state (no further events) until a reset. No VFIO_IOMMU_MAP_DMA is needed:
 * the DMA must fail, and attaching the container already registered the
 * IOMMU translation table (and so the aperture) with the platform. */

struct region { uint64_t offset, size; };

static int region(int index, struct region *r)
{
	struct { uint32_t argsz, flags, index, cap_offset; uint64_t size, offset; } info = { sizeof(info), 0, (uint32_t)index, 0, 0, 0 };

	if (ioctl(device_fd, KPW_VFIO_DEVICE_GET_REGION_INFO, &info))
		return -1;
	r->offset = info.offset;
	r->size = info.size;
	return 0;
}

/* PCI and virtio registers are little-endian; vfio keeps the byte order of the buffer. */
static int write_le(uint64_t at, uint64_t value, int n)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(value >> (8 * i));
	return pwrite(device_fd, b, n, (off_t)at) == n ? 0 : -1;
}

static int read_le(uint64_t at, uint64_t *value, int n)
{
	unsigned char b[8];
	int i;

	if (pread(device_fd, b, n, (off_t)at) != n)
		return -1;
	for (*value = 0, i = n - 1; i >= 0; i--)
		*value = (*value << 8) | b[i];
	return 0;
}

/* Arms the vfio error eventfd (index 3, VFIO_PCI_ERR_IRQ_INDEX): the kernel
 * signals it after it queued an error event, so inject knows when it is there. */
static int arm_error_eventfd(struct answer *a)
{
	struct { uint32_t argsz, flags, index, start, count; int32_t fd; } set;

	if (err_event_fd >= 0)
		return 0;
	err_event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	set.argsz = sizeof(set);
	set.flags = (1u << 2) | (1u << 5); /* DATA_EVENTFD | ACTION_TRIGGER */
	set.index = 3;
	set.start = 0;
	set.count = 1;
	set.fd = err_event_fd;
	if (err_event_fd < 0 || ioctl(device_fd, KPW_VFIO_DEVICE_SET_IRQS, &set)) {
		add_trace(a, "inject: no error eventfd (%.200s)", strerror(errno));
		if (err_event_fd >= 0)
			close(err_event_fd);
		err_event_fd = -1;
		return -1;
	}
	return 0;
}

static int wait_error_event(int ms)
{
	struct pollfd p = { err_event_fd, POLLIN, 0 };
	uint64_t n;

	if (err_event_fd < 0 || poll(&p, 1, ms) != 1)
		return 0;
	return read(err_event_fd, &n, sizeof(n)) == sizeof(n);
}

/* Finds the virtio modern common (type 1) and notify (type 2) capabilities in config space. */
static int virtio_caps(uint64_t cfg, int *bar, uint64_t *common, int *nbar, uint64_t *notify, uint32_t *mult)
{
	uint64_t status, ptr, id, type, v;
	int guard = 0;

	*bar = *nbar = -1;
	if (read_le(cfg + 6, &status, 2) || !(status & 0x10) || read_le(cfg + 0x34, &ptr, 1))
		return -1;
	while (ptr >= 0x40 && ptr < 0x100 && guard++ < 48) {
		if (read_le(cfg + ptr, &id, 1))
			return -1;
		if (id == 0x09 && !read_le(cfg + ptr + 3, &type, 1)) {
			if (type == 1 && !read_le(cfg + ptr + 4, &v, 1) && !read_le(cfg + ptr + 8, common, 4))
				*bar = (int)v;
			if (type == 2 && !read_le(cfg + ptr + 4, &v, 1) && !read_le(cfg + ptr + 8, notify, 4) && !read_le(cfg + ptr + 16, &status, 4)) {
				*nbar = (int)v;
				*mult = (uint32_t)status;
			}
		}
		if (read_le(cfg + ptr + 1, &ptr, 1))
			return -1;
	}
	return *bar >= 0 ? 0 : -1;
}

#define INJECT_WAIT_MS 15000

static void do_inject(struct answer *a, unsigned long long faddr)
{
	struct region cfg, bar, nbar;
	uint64_t common, notify = 0, cmd, v, ring;
	uint32_t mult = 0;
	int b, nb, raised;

	a->op = "inject";
	if (!test_guest()) {
		a->rc = -1;
		a->err = EPERM;
		snprintf(a->decided, sizeof(a->decided), "target: refused: this target is not marked as a test guest (/etc/kpw-test-guest); errors are injected only on test guests");
		return;
	}
	if (device_fd < 0 || !strcmp(device_kind, "path")) {
		fail(a, EBADF, "inject: the device is not open through VFIO");
		return;
	}
	if (!start_dma && !end_dma) {
		struct answer scratch = { .op = "info" };

		read_info(&scratch);
	}
	add_field(a, "\"faddr\":\"0x%llx\",\"expectedPec\":%d", faddr, faddr < start_dma ? 2 : faddr <= end_dma ? 4 : 0);
	arm_error_eventfd(a);
	while (wait_error_event(0))
		;
	errno = 0;
	if (region(7, &cfg) || virtio_caps(cfg.offset, &b, &common, &nb, &notify, &mult) || region(b, &bar)) {
		if (errno) {
			/* A zPCI function in the error state fails its config loads (ENODEV). */
			a->rc = -1;
			a->err = errno;
			snprintf(a->decided, sizeof(a->decided), "target: inject: the function does not answer config reads (%s): it is in the error state after an earlier error; reset it first", errno_name(errno) ? errno_name(errno) : "error");
		} else {
			fail(a, ENODEV, "inject: not a modern virtio PCI function (no virtio common configuration)");
		}
		return;
	}
	/* Memory space and bus master on: without bus mastering QEMU does no DMA at all. */
	if (read_le(cfg.offset + 4, &cmd, 2) || write_le(cfg.offset + 4, cmd | 0x6, 2)) {
		fail(a, errno ? errno : EIO, "inject: writing the PCI command register");
		return;
	}
	common += bar.offset;
	/* Reset, ACKNOWLEDGE|DRIVER, features VERSION_1 and ACCESS_PLATFORM (bits 32, 33), FEATURES_OK. */
	if (write_le(common + 20, 0, 1) || write_le(common + 20, 1, 1) || write_le(common + 20, 3, 1) ||
	    write_le(common + 8, 1, 4) || write_le(common + 12, 3, 4) || write_le(common + 8, 0, 4) || write_le(common + 12, 0, 4) ||
	    write_le(common + 20, 11, 1) || read_le(common + 20, &v, 1)) {
		fail(a, errno ? errno : EIO, "inject: virtio device setup");
		return;
	}
	if (!(v & 8))
		add_trace(a, "inject: %.200s", "the device did not accept VERSION_1|ACCESS_PLATFORM (no FEATURES_OK); going on");
	/* Queue 0. On a kick the device first reads the driver ring's idx field,
	 * 2 bytes into the ring (seen on the guest: the CCDF named faddr + 2 when
	 * the ring started at faddr), so the driver ring starts 2 bytes early and
	 * the rejected access, and the CCDF's faddr, is exactly faddr. */
	ring = faddr - 2;
	if (write_le(common + 22, 0, 2) || write_le(common + 32, ring & 0xffffffffu, 4) || write_le(common + 36, ring >> 32, 4) ||
	    write_le(common + 40, ring & 0xffffffffu, 4) || write_le(common + 44, ring >> 32, 4) ||
	    write_le(common + 48, ring & 0xffffffffu, 4) || write_le(common + 52, ring >> 32, 4) || write_le(common + 28, 1, 2)) {
		fail(a, errno ? errno : EIO, "inject: programming the virtqueue");
		return;
	}
	/* DRIVER_OK and a kick: the device reads its ring, through the IOMMU. */
	if (nb >= 0 && !region(nb, &nbar) && !write_le(common + 20, 15, 1) && !read_le(common + 30, &v, 2))
		write_le(nbar.offset + notify + v * mult, 0, 2);
	if (err_event_fd < 0) {
		/* Kernels before the zPCI recovery series offer the error eventfd only on PCIe functions. */
		sleep(2);
		snprintf(a->decided, sizeof(a->decided), "target: the device was sent to DMA at 0x%llx; whether an error event was raised is unknown (this kernel offers no vfio error eventfd for the function)", faddr);
		return;
	}
	/* Above the aperture nothing is expected: a short wait still shows it stays quiet. */
	raised = wait_error_event(faddr > end_dma ? 2000 : INJECT_WAIT_MS);
	add_field(a, "\"raised\":%s", raised ? "true" : "false");
	snprintf(a->decided, sizeof(a->decided), raised ? "target: the device's DMA at 0x%llx was rejected; the kernel delivered the error event to vfio-pci (error eventfd)" : "target: no error event after a DMA at 0x%llx (above the DMA aperture, or the function is not behind an IOMMU)", faddr);
}

/* VFIO_DEVICE_RESET. EAGAIN means the PCI device lock is held, as it is
 * while the kernel's error handling for a just-delivered event finishes:
 * retried for up to 5 s. */
static void do_reset(struct answer *a)
{
	int tries = 0, rc;
	char note[64];

	if (device_fd < 0) {
		fail(a, EBADF, "VFIO_DEVICE_RESET");
		return;
	}
	while ((rc = ioctl(device_fd, KPW_VFIO_DEVICE_RESET)) && errno == EAGAIN && tries++ < 100)
		usleep(50000);
	if (tries) {
		snprintf(note, sizeof(note), "%d", tries);
		add_trace(a, "reset: EAGAIN (device lock held), retried %.20s times", note);
	}
	if (rc)
		fail(a, errno, "VFIO_DEVICE_RESET");
	else
		snprintf(a->decided, sizeof(a->decided), "target: device reset");
}

static void run_line(char *line)
{
	struct answer a = { .op = "?" };
	char op[16] = "", data[24] = "-", fault[16] = "none";
	unsigned int flags = 0, argsz = 0;
	unsigned long long faddr = 0;
	int rest = 0;
	long len;

	line[strcspn(line, "\r\n")] = 0;
	if (sscanf(line, "device %15s %4095s", device_kind, device_name) == 2 || !line[0])
		return;
	if (sscanf(line, "step %d %15s %n", &a.step, op, &rest) < 2 ||
	    (!strcmp(op, "ioctl") && sscanf(line + rest, "%x %u %23s %15s", &flags, &argsz, data, fault) < 2) ||
	    (!strcmp(op, "inject") && sscanf(line + rest, "%llx", &faddr) != 1)) {
		a.rc = -1;
		a.err = EINVAL;
		snprintf(a.decided, sizeof(a.decided), "target: the probe could not read its input line");
		print_answer(&a);
		return;
	}
	add_trace(&a, "target probe: %.200s", line);
	if (!strcmp(op, "open")) {
		do_open(&a);
	} else if (!strcmp(op, "close")) {
		a.op = "close";
		if (err_event_fd >= 0)
			close(err_event_fd);
		if (device_fd >= 0)
			close(device_fd);
		device_fd = err_event_fd = -1;
		snprintf(a.decided, sizeof(a.decided), "target: device closed");
	} else if (!strcmp(op, "reset")) {
		a.op = "reset";
		do_reset(&a);
	} else if (!strcmp(op, "ioctl")) {
		len = strcmp(data, "-") ? strtol(data, NULL, 0) : -1;
		do_ioctl(&a, flags, argsz, len, strcmp(fault, "none") ? fault[0] : 0);
	} else if (!strcmp(op, "info")) {
		do_info(&a);
	} else if (!strcmp(op, "inject")) {
		do_inject(&a, faddr);
	} else {
		a.op = "event";
		snprintf(a.decided, sizeof(a.decided), "target: skipped: firmware events cannot be injected on a real target");
	}
	print_answer(&a);
}

int main(void)
{
	char line[8192];

	page = sysconf(_SC_PAGESIZE);
	pages = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pages == MAP_FAILED || mprotect(pages + page, page, PROT_NONE)) {
		perror("kpw-probe: mmap");
		return 2;
	}
	if (!fgets(line, sizeof(line), stdin) || strncmp(line, "kpw-probe 1", 11)) {
		fprintf(stderr, "kpw-probe: expected 'kpw-probe 1' as the first input line\n");
		return 2;
	}
	while (fgets(line, sizeof(line), stdin))
		run_line(line);
	if (device_fd >= 0)
		close(device_fd);
	return 0;
}
