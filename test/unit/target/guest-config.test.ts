// The test guest's pure parts: cache layout, QEMU's command line, the ssh
// config and known_hosts it writes, the build manifest and the state file,
// including the clear messages for broken inputs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  guestAlias,
  guestCacheDir,
  guestPaths,
  isGuestVariant,
  knownHostsLine,
  parseManifest,
  parseState,
  qemuArgs,
  qemuEnv,
  renderSshConfig,
  type GuestManifest,
} from '../../../src/core/runner/guest/index';

const MANIFEST: GuestManifest = {
  variant: '7.3',
  kernel: '/c/kernel-7.3.4-abc/image',
  initrd: '/c/initramfs-7.3-def.cpio.gz',
  qemu: '/c/pkgs/qemu/usr/bin/qemu-system-s390x',
  qemuLibDirs: ['/c/pkgs/qemu/usr/lib/x86_64-linux-gnu'],
  firmwareDir: '/c/pkgs/qemu/usr/share/qemu',
  clientKey: '/c/keys/client_ed25519',
  hostKeyPublic: '/c/keys/host_ed25519.pub',
  kernelRelease: '7.3.4',
};

test('cache directory: KPW_GUEST_CACHE, then XDG_CACHE_HOME, then ~/.cache', () => {
  assert.equal(guestCacheDir({ KPW_GUEST_CACHE: '/x/g', XDG_CACHE_HOME: '/y' }), '/x/g');
  assert.equal(guestCacheDir({ XDG_CACHE_HOME: '/y', HOME: '/h' }), '/y/kpw/guest');
  assert.equal(guestCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), '/h/.cache/kpw/guest');
  assert.equal(guestCacheDir({ HOME: '/h' }), '/h/.cache/kpw/guest');
  const p = guestPaths('absent', '/c');
  assert.equal(p.manifest, '/c/manifest-absent.json');
  assert.equal(p.state, '/c/run/absent/state.json');
  assert.equal(guestAlias('7.3'), 'kpw-guest-7.3');
  assert.ok(isGuestVariant('absent') && !isGuestVariant('6.1'));
});

test('QEMU command line: TCG, console to a file, one forwarded port on loopback, the zPCI device behind the IOMMU', () => {
  const args = qemuArgs({ manifest: MANIFEST, port: 40123, consoleLog: '/c/run/7.3/console.log' });
  const after = (opt: string) => args.filter((_, i) => args[i - 1] === opt);
  assert.deepEqual(after('-machine'), ['s390-ccw-virtio']);
  assert.deepEqual(after('-accel'), ['tcg']);
  assert.deepEqual(after('-netdev'), ['user,id=net0,hostfwd=tcp:127.0.0.1:40123-:22']);
  assert.deepEqual(after('-device'), [
    'sclpconsole,chardev=con0',
    'virtio-net-ccw,netdev=net0',
    'zpci,uid=1,fid=1,target=rng0',
    'virtio-rng-pci,id=rng0,iommu_platform=on,disable-legacy=on',
  ]);
  assert.deepEqual(after('-kernel'), [MANIFEST.kernel]);
  assert.deepEqual(after('-initrd'), [MANIFEST.initrd]);
  for (const quiet of ['-nodefaults', '-display', '-audio']) assert.ok(args.includes(quiet), quiet);
  assert.equal(
    qemuEnv(MANIFEST, { LD_LIBRARY_PATH: '/old' }).LD_LIBRARY_PATH,
    '/c/pkgs/qemu/usr/lib/x86_64-linux-gnu:/old',
  );
});

test('ssh config: own key only, own known_hosts with strict checking, a host key alias, a control master', () => {
  const text = renderSshConfig({
    alias: 'kpw-guest-7.3',
    port: 40123,
    clientKey: '/c/keys/client_ed25519',
    knownHosts: '/c/run/known_hosts',
    controlDir: '/c/run/7.3',
  });
  for (const line of [
    'Host kpw-guest-7.3',
    'HostName 127.0.0.1',
    'Port 40123',
    'IdentitiesOnly yes',
    'IdentityFile /c/keys/client_ed25519',
    'UserKnownHostsFile /c/run/known_hosts',
    'StrictHostKeyChecking yes',
    'HostKeyAlias kpw-test-guest',
    'BatchMode yes',
    'ControlMaster auto',
  ]) {
    assert.match(text, new RegExp(`^\\s*${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'), line);
  }
  assert.doesNotMatch(text, /StrictHostKeyChecking no|accept-new/);
  assert.match(
    renderSshConfig({ alias: 'a', port: 1, clientKey: '/with space/k', knownHosts: '/k', controlDir: '/d' }),
    /IdentityFile "\/with space\/k"/,
  );
  assert.equal(knownHostsLine('ssh-ed25519 AAAAC3Nza\n'), 'kpw-test-guest ssh-ed25519 AAAAC3Nza\n');
});

test('manifest: a good one parses; broken ones name the file and the cause', () => {
  const good = parseManifest(JSON.stringify(MANIFEST), 'm.json', '7.3');
  assert.ok(good.ok);
  const cases: [string, RegExp][] = [
    ['{', /m\.json: not valid JSON/],
    ['[]', /m\.json: not an object/],
    [JSON.stringify({ ...MANIFEST, kernel: 3 }), /'kernel' is missing or not a string/],
    [JSON.stringify({ ...MANIFEST, qemuLibDirs: 'x' }), /'qemuLibDirs' is not a list/],
    [JSON.stringify(MANIFEST).replace('"7.3"', '"absent"'), /built for variant "absent", not 7\.3/],
  ];
  for (const [text, want] of cases) {
    const r = parseManifest(text, 'm.json', '7.3');
    assert.equal(r.ok, false, text);
    if (!r.ok) assert.match(r.error, want);
  }
});

test('state file: only a complete record is trusted', () => {
  const state = {
    variant: '7.3',
    pid: 42,
    port: 40123,
    alias: 'kpw-guest-7.3',
    sshConfig: '/s',
    console: '/c',
    device: '0001:00:00.0',
    kernelRelease: '7.3.4',
    startedAt: 'now',
  };
  assert.deepEqual(parseState(JSON.stringify(state)), state);
  assert.equal(parseState(JSON.stringify({ ...state, pid: -1 })), undefined);
  assert.equal(parseState(JSON.stringify({ ...state, console: undefined })), undefined);
  assert.equal(parseState('not json'), undefined);
});
