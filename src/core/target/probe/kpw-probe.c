// SPDX-License-Identifier: MIT
/*
 * kpw-probe: runs the ioctl steps of a kpw scenario against a real VFIO device
 * and prints one JSON object per step, in the shape `kpw sim --json` prints.
 * Built by the runner against the workspace's own vfio.h (-include), with
 * -DKPW_UAPI_V13 (inline struct) or -DKPW_UAPI_V73 (data pointer).
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
	char fields[256];
	char decided[256];
	char trace[MAX_TRACE][256];
	int ntrace;
};

static int device_fd = -1;
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
	int container, group, fd;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/bus/pci/devices/%.200s/iommu_group", bdf);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		add_trace(a, "group: %.200s not found", link);
		return -1;
	}
	target[n] = 0;
	snprintf(dev, sizeof(dev), "/dev/vfio/%.200s", basename(target));
	container = open("/dev/vfio/vfio", O_RDWR);
	group = open(dev, O_RDWR);
	if (container < 0 || group < 0 ||
	    ioctl(group, KPW_VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & KPW_VFIO_GROUP_VIABLE) ||
	    ioctl(group, KPW_VFIO_GROUP_SET_CONTAINER, &container) ||
	    ioctl(container, KPW_VFIO_SET_IOMMU, KPW_VFIO_TYPE1V2_IOMMU)) {
		add_trace(a, "group path failed at %.200s", dev);
		return -1;
	}
	fd = ioctl(group, KPW_VFIO_GROUP_GET_DEVICE_FD, bdf);
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

static void run_line(char *line)
{
	struct answer a = { .op = "?" };
	char op[16] = "", data[24] = "-", fault[16] = "none";
	unsigned int flags = 0, argsz = 0;
	long len;

	line[strcspn(line, "\r\n")] = 0;
	if (sscanf(line, "device %15s %4095s", device_kind, device_name) == 2 || !line[0])
		return;
	if (sscanf(line, "step %d %15s %x %u %23s %15s", &a.step, op, &flags, &argsz, data, fault) < 2) {
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
		if (device_fd >= 0)
			close(device_fd);
		device_fd = -1;
		snprintf(a.decided, sizeof(a.decided), "target: device closed");
	} else if (!strcmp(op, "reset")) {
		a.op = "reset";
		if (device_fd < 0 || ioctl(device_fd, KPW_VFIO_DEVICE_RESET))
			fail(&a, device_fd < 0 ? EBADF : errno, "VFIO_DEVICE_RESET");
		else
			snprintf(a.decided, sizeof(a.decided), "target: device reset");
	} else if (!strcmp(op, "ioctl")) {
		len = strcmp(data, "-") ? strtol(data, NULL, 0) : -1;
		do_ioctl(&a, flags, argsz, len, strcmp(fault, "none") ? fault[0] : 0);
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
