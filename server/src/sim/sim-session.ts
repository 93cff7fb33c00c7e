// The workspace's simulator session: one SimKernel whose uAPI follows the
// chosen vfio.h (rebuilt when its text changes, device state carried over),
// the answer history, and the operations behind the kpw/sim/* requests.

import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  decodeRecord,
  loadUapi,
  SimKernel,
  toHex,
  type DeviceSpec,
  type SimAnswer,
  type SimUapi,
  numbers,
} from '../../../src/core/api/index';
import type { SimDeviceView, SimHeaderView, SimStateResult } from '../../../src/protocol/sim';
import { overlayHost } from '../overlay-host';
import { chooseSimHeader } from './sim-header';
import { SimHistory } from './sim-history';

export interface SimSessionHost {
  documents: TextDocuments<TextDocument>;
  folders: () => string[];
  includeDirs: () => string[];
}

/** The model's devices: a zPCI function and a plain vfio-pci device (for ENODEV), both open. */
export const SIM_DEVICES: DeviceSpec[] = [
  { name: 'zpci0', zpci: true, fh: 0x8000001, fid: 0x1, address: '0000:00:00.0', driver: 'vfio-pci' },
  { name: 'pci1', zpci: false, fh: 0, fid: 0x2, address: '0001:00:00.0', driver: 'vfio-pci' },
];

export class SimSession {
  readonly history = new SimHistory();
  private kernel: SimKernel | undefined;
  private key: string | undefined;
  private header: SimHeaderView | null = null;
  private warnings: string[] = [];
  /** Open vfio.h URIs, last touched last: the session prefers the one the user works on. */
  private readonly recent: string[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: SimSessionHost) {}

  touch(uri: string): void {
    const i = this.recent.indexOf(uri);
    if (i >= 0) this.recent.splice(i, 1);
    this.recent.push(uri);
    if (this.recent.length > 32) this.recent.shift();
  }

  /** Runs one operation at a time on an up-to-date kernel. */
  run<T>(f: (kernel: SimKernel) => T): Promise<T> {
    const next = this.chain.then(async () => f(await this.current()));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A fresh model: devices reopened, queues empty, history cleared. */
  restart(): Promise<void> {
    return this.run((kernel) => {
      this.kernel = freshKernel(kernel.uapi);
      this.history.clear();
    });
  }

  /** The uAPI the session uses now (for scenario runs). */
  uapi(): Promise<SimUapi> {
    return this.run((kernel) => kernel.uapi);
  }

  state(withHistory = true): Promise<SimStateResult> {
    return this.run((kernel) => ({
      header: this.header,
      devices: [...kernel.devices.values()].map((d) => deviceView(kernel, d.spec.name)),
      history: withHistory ? this.history.all() : [],
      warnings: [...this.warnings],
    }));
  }

  record(answer: SimAnswer, request: string, device?: string) {
    return this.history.add(answer, request, device);
  }

  /** Reloads the uAPI when the chosen header or its text changed; keeps the previous one on errors. */
  private async current(): Promise<SimKernel> {
    const choice = chooseSimHeader(this.host.documents, this.host.folders(), this.recent);
    const key = choice?.key ?? 'built-in';
    if (this.kernel && key === this.key) return this.kernel;
    this.key = key;
    const warnings: string[] = [];
    let uapi: SimUapi | undefined;
    if (choice) {
      const loaded = await loadUapi({
        header: choice.file,
        host: overlayHost(this.host.documents),
        includeDirs: this.host.includeDirs(),
      });
      if (loaded.ok) uapi = loaded.uapi;
      else
        warnings.push(
          `${loaded.error}; using ${this.kernel ? 'the previous header' : 'the built-in header'}`,
        );
    }
    if (!uapi && this.kernel) {
      this.warnings = warnings;
      return this.kernel;
    }
    if (!uapi) {
      const builtin = await loadUapi({});
      if (!builtin.ok) throw new Error(builtin.error);
      uapi = builtin.uapi;
    }
    this.kernel = this.kernel ? carryOver(this.kernel, uapi) : freshKernel(uapi);
    const source = choice && uapi.headerFile === choice.file ? choice.source : 'built-in';
    this.header = {
      file: uapi.headerFile,
      source,
      generation: uapi.generation,
      structSize: uapi.zpciErr.size,
    };
    this.warnings = warnings;
    return this.kernel;
  }
}

function freshKernel(uapi: SimUapi): SimKernel {
  const kernel = new SimKernel(uapi, SIM_DEVICES);
  for (const spec of SIM_DEVICES) kernel.open(spec.name);
  return kernel;
}

/** Same devices, open counts and queued CCDFs (laid out from the built-in CCDF, not the header). */
function carryOver(old: SimKernel, uapi: SimUapi): SimKernel {
  const kernel = new SimKernel(uapi, []);
  for (const [name, dev] of old.devices) kernel.devices.set(name, dev);
  return kernel;
}

export function deviceView(kernel: SimKernel, name: string): SimDeviceView {
  const dev = kernel.device(name);
  const { ccdf, abi } = kernel.uapi;
  return {
    name,
    zpci: dev.spec.zpci,
    fid: dev.spec.fid,
    fh: dev.spec.fh,
    address: dev.spec.address,
    driver: dev.spec.driver,
    openCount: dev.openCount,
    mediated: dev.mediatedRecovery,
    queue: dev.queue.peekAll().map((bytes, index) => ({
      index,
      bytes: toHex(bytes),
      fields: numbers(decodeRecord(ccdf, abi.endian, bytes)),
    })),
  };
}
