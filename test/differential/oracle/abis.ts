// The ABIs the gcc layout oracle measures: which Debian compiler, binutils
// and kernel-header package stand for each one. i386 uses the i686 cross
// compiler, never `gcc -m32` (gcc-multilib conflicts with every cross gcc).

export interface OracleAbi {
  /** Our ABI name (the `abi` of the layout JSON). */
  name: string;
  /** GNU triple (also clang's --target). */
  triple: string;
  /** gcc driver to run. */
  gcc: string;
  /** readelf that understands the target's objects. */
  readelf: string;
  /** The ABI's own `asm/` directory (kernel UAPI headers for that architecture). */
  asmDir: string;
  endian: 'little' | 'big';
  /** Debian packages that provide gcc, readelf and asmDir. */
  packages: string[];
}

function cross(name: string, triple: string, debArch: string, endian: 'little' | 'big'): OracleAbi {
  return {
    name,
    triple,
    gcc: `${triple}-gcc`,
    readelf: `${triple}-readelf`,
    asmDir: `/usr/${triple}/include/asm`,
    endian,
    packages: [`gcc-${triple}`, `binutils-${triple}`, `linux-libc-dev-${debArch}-cross`],
  };
}

export const ORACLE_ABIS: OracleAbi[] = [
  {
    name: 'x86_64',
    triple: 'x86_64-linux-gnu',
    gcc: 'gcc',
    readelf: 'readelf',
    asmDir: '/usr/include/x86_64-linux-gnu/asm',
    endian: 'little',
    packages: ['gcc', 'binutils', 'linux-libc-dev'],
  },
  cross('i386', 'i686-linux-gnu', 'i386', 'little'),
  cross('s390x', 's390x-linux-gnu', 's390x', 'big'),
  cross('aarch64', 'aarch64-linux-gnu', 'arm64', 'little'),
  cross('ppc64le', 'powerpc64le-linux-gnu', 'ppc64el', 'little'),
  cross('arm', 'arm-linux-gnueabihf', 'armhf', 'little'),
  cross('riscv64', 'riscv64-linux-gnu', 'riscv64', 'little'),
];

/** Every Debian package the whole differential suite needs (for CI's apt-get). */
export function allPackages(): string[] {
  return [...new Set(ORACLE_ABIS.flatMap((a) => a.packages))];
}
