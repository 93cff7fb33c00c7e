#!/usr/bin/env bash
# Pinned package versions the s390x test guest is built from; FETCH_KEY names
# the cache entry, so changing a version here refetches and rebuilds.
GUEST_DEBS=(
  "linux-source-7.3=7.3.4-1~bpo13+1"
  "qemu-system-s390x=1:10.0.2+ds-2+deb13u1~bpo12+1"
  # s390-ccw.img (the firmware QEMU loads even with -kernel) lives here.
  "qemu-system-data=1:10.0.2+ds-2+deb13u1~bpo12+1"
  "busybox-static:s390x=1:1.35.0-4+deb12u1+b1"
  "dropbear-bin:s390x=2022.83-1+deb12u3"
  "libtomcrypt1:s390x"
  "libtommath1:s390x"
  "zlib1g:s390x"
  "libcrypt1:s390x"
  "libgmp10:s390x"
  "openssh-sftp-server:s390x=1:9.2p1-2+deb12u10"
  "linux-image-6.12.95+deb12-s390x:s390x=6.12.95-1~bpo12+1"
  # QEMU's amd64 libraries that a plain Debian 12 host may lack; they are
  # unpacked beside QEMU and found through LD_LIBRARY_PATH, never installed.
  "libcapstone4:amd64"
  "libpmem1:amd64"
  "libndctl6:amd64"
  "libdaxctl1:amd64"
  "librdmacm1:amd64"
  "libibverbs1:amd64"
  "libslirp0:amd64"
  "libvdeplug2:amd64"
  "libfuse3-3:amd64"
  "libaio1:amd64"
  "liburing2:amd64"
  "libnl-3-200:amd64"
  "libnl-route-3-200:amd64"
)
LINUX_VERSION="7.3.4"
# The unpacked source, one directory per version so a new pin never builds old source.
LINUX_SRC="${KPW_GUEST_CACHE:?}/src/$LINUX_VERSION/linux-source-7.3"
FETCH_KEY="$(printf '%s\n' "${GUEST_DEBS[@]}" | sha256sum | cut -c1-12)"
# Objects (*.o) a full build of this kernel with kernel.config makes: the progress
# the kernel build shows is "N of about KERNEL_OBJECTS" (916 counted after a cold build, December 2026).
KERNEL_OBJECTS=916
