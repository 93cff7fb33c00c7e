// Custom requests of the zPCI error simulator session the language server
// holds (one SimKernel per workspace): state, inject, read, request, reset and
// scenario runs. Shared by server and client; plain JSON data only. Each
// message has one RequestType constant binding its params to its result, so a
// handler or a call that disagrees with the other end does not compile.

import { RequestType } from './request-type';

/** What a failed simulator request answers (the server catches and reports). */
export interface SimError {
  ok: false;
  error: string;
}

/** One answer as the editor shows it: the core's SimAnswer with bytes as hex. */
export interface SimAnswerView {
  /** Increasing number of the answer in this session. */
  seq: number;
  /** What was asked (`GET|ZPCI_ERROR argsz 16 on zpci0`). */
  request: string;
  device?: string;
  op: string;
  rc: number;
  errno: string | null;
  kernelRc: number;
  /** Lowercase hex, no separators; empty when nothing was written. */
  bytes: string;
  fields: Record<string, number | string | boolean>;
  decidedBy: string;
  trace: string[];
  warnings: string[];
}

export interface SimQueueEntry {
  index: number;
  bytes: string;
  /** The CCDF decoded with the s390x layout. */
  fields: Record<string, number | string>;
}

export interface SimDeviceView {
  name: string;
  zpci: boolean;
  fid: number;
  fh: number;
  address: string;
  driver: string;
  openCount: number;
  mediated: boolean;
  queue: SimQueueEntry[];
}

export interface SimHeaderView {
  /** The header file the uAPI came from (a virtual /kpw-builtin/ path for the built-in one). */
  file: string;
  /** `open editor`, `workspace`, `built-in`. */
  source: string;
  generation: 'v13' | 'v7.3';
  /** Size of struct vfio_device_feature_zpci_err on s390x. */
  structSize: number;
}

/** `kpw/sim/state`: the session (built on first use). */
export const SIM_STATE_METHOD = 'kpw/sim/state';

export interface SimStateParams {
  /** Include the answer history (newest last); default true. */
  history?: boolean;
}

export interface SimStateResult {
  header: SimHeaderView | null;
  devices: SimDeviceView[];
  /** Answers so far, oldest first (bounded). */
  history: SimAnswerView[];
  /** Why the preferred header could not be used, and similar. */
  warnings: string[];
}

/** `kpw/sim/event`: a firmware error event (inject). */
export const SIM_EVENT_METHOD = 'kpw/sim/event';

export interface SimEventParams {
  /** The device whose fid/fh fill the CCDF unless given in `fields`. */
  device?: string;
  pec: number;
  /** More CCDF fields: numbers or decimal/0x strings (fid, fh, ett, mvn, dmaas, q, rw, faddr, ...). */
  fields?: Record<string, number | string>;
  abort?: boolean;
}

/** `kpw/sim/read`: GET ZPCI_ERROR until the queue is empty (QEMU's consumer loop). */
export const SIM_READ_METHOD = 'kpw/sim/read';

export interface SimReadParams {
  device?: string;
  /** Upper bound of GETs (default 16): v13 answers 0 on an empty queue. */
  max?: number;
}

export type SimAnswersResult = { ok: true; answers: SimAnswerView[] } | { ok: false; error: string };

/** `kpw/sim/request`: any VFIO_DEVICE_FEATURE request. */
export const SIM_REQUEST_METHOD = 'kpw/sim/request';

export interface SimRequestParams {
  device?: string;
  /** A number or names joined by `|` (`GET|ZPCI_ERROR`, `0x1000d`). */
  flags: number | string;
  /** Default: 8 + sizeof(struct vfio_device_feature_zpci_err). */
  argsz?: number;
  /** v7.3: length of the buffer `data` points to; 0 means a null pointer. Default 32. */
  data?: number;
  fault?: 'header' | 'payload' | 'buffer';
}

/** `kpw/sim/reset`: VFIO_DEVICE_RESET of a device, open/close, or `restart` (a fresh model). */
export const SIM_RESET_METHOD = 'kpw/sim/reset';

export interface SimResetParams {
  device?: string;
  action?: 'reset' | 'open' | 'close' | 'restart';
}

/** `kpw/sim/runScenario`: a scenario file's steps with pass/fail per step. */
export const SIM_RUN_SCENARIO_METHOD = 'kpw/sim/runScenario';

export interface SimRunScenarioParams {
  uri: string;
  /** The file's text when the client has it (unsaved); else read from disk or the open document. */
  text?: string;
}

export interface SimStepResultView {
  step: number;
  /** 0-based line of the step in the file, when found. */
  line?: number;
  label: string;
  passed: boolean;
  failures: string[];
  answer: SimAnswerView;
}

export type SimRunScenarioResult =
  | { ok: true; generation: 'v13' | 'v7.3'; header: string; notes: string[]; steps: SimStepResultView[] }
  | { ok: false; error: string };

/** Client commands; the server's code lenses run showResults and read. */
export const SIM_COMMANDS = {
  inject: 'kpw.sim.inject',
  read: 'kpw.sim.read',
  request: 'kpw.sim.request',
  reset: 'kpw.sim.reset',
  showResults: 'kpw.sim.showResults',
  refresh: 'kpw.sim.refresh',
} as const;

export const SimStateRequest = new RequestType<SimStateParams, SimStateResult | SimError>(SIM_STATE_METHOD);
export const SimEventRequest = new RequestType<SimEventParams, SimAnswersResult>(SIM_EVENT_METHOD);
export const SimReadRequest = new RequestType<SimReadParams, SimAnswersResult>(SIM_READ_METHOD);
export const SimRequestRequest = new RequestType<SimRequestParams, SimAnswersResult>(SIM_REQUEST_METHOD);
export const SimResetRequest = new RequestType<SimResetParams, SimAnswersResult>(SIM_RESET_METHOD);
export const SimRunScenarioRequest = new RequestType<SimRunScenarioParams, SimRunScenarioResult>(
  SIM_RUN_SCENARIO_METHOD,
);
