// The simulator's commands (inject, read, request, reset, show results), the
// Simulator tree view and the results webview. The session lives in the
// language server; each command asks the user, sends one kpw/sim/* request
// and refreshes the views from kpw/sim/state.

import * as vscode from 'vscode';
import { FEATURE_HEADER_SIZE } from '../core/api/index';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RequestType } from '../protocol/request-type';
import {
  SIM_COMMANDS,
  SimEventRequest,
  SimReadRequest,
  SimRequestRequest,
  SimResetRequest,
  SimStateRequest,
  type SimAnswersResult,
  type SimResetParams,
  type SimStateResult,
} from '../protocol/sim';
import { sendRequest } from './requests';
import { SimResultsView } from './sim-results-view';
import { registerSimTesting } from './sim-testing';
import { SimTreeProvider } from './sim-tree';
import {
  answerSummary,
  parseFieldAssignments,
  parseUint,
  pecChoices,
  readSummary,
  type TreeRow,
} from './sim-view-model';

export function registerSimulator(context: vscode.ExtensionContext, client: LanguageClient): void {
  const tree = new SimTreeProvider();
  const results = new SimResultsView(context);
  const view = vscode.window.createTreeView('kpw.simulator', { treeDataProvider: tree });
  let timer: NodeJS.Timeout | undefined;
  const state = () => send(client, SimStateRequest, {});
  const refresh = async (focus?: number) => {
    const s = await state();
    if (!s || 'ok' in s) return tree.set(undefined);
    tree.set(s);
    if (results.visible) results.update(s.history, focus);
  };
  /** Sends an operation, reports errors, refreshes the views; returns the answers. */
  const operate = async <P>(type: RequestType<P, SimAnswersResult>, params: P) => {
    const r = await send(client, type, params);
    if (!r) return undefined;
    if (!r.ok) return void vscode.window.showErrorMessage(`KPW Simulator: ${r.error}`);
    await refresh(r.answers[r.answers.length - 1]?.seq);
    return r.answers;
  };
  const command = (id: string, f: (...args: unknown[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, f);
  context.subscriptions.push(
    tree,
    view,
    view.onDidChangeVisibility((e) => void (e.visible && refresh())),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // The session follows the open vfio.h: its header row (generation, size) may change.
      if (!view.visible || !e.document.uri.path.endsWith('/vfio.h')) return;
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 500);
    }),
    command(SIM_COMMANDS.refresh, () => refresh()),
    command(SIM_COMMANDS.showResults, async (seq) => {
      const s = await state();
      if (s && !('ok' in s)) results.show(s.history, typeof seq === 'number' ? seq : undefined);
    }),
    command(SIM_COMMANDS.inject, async (row) => {
      const device = await pickDevice(await state(), row, true);
      const pec = device ? await pickPec() : undefined;
      if (pec === undefined) return;
      const text = await vscode.window.showInputBox({
        title: `Inject zPCI Error: PEC 0x${pec.toString(16)} on ${device}`,
        prompt: 'More CCDF fields (optional): fid and fh default to the device',
        placeHolder: 'faddr=0x1000 q=1 rw=0 dmaas=0',
        validateInput: (v) => {
          const p = parseFieldAssignments(v);
          return 'error' in p ? p.error : undefined;
        },
      });
      if (text === undefined) return;
      const parsed = parseFieldAssignments(text);
      if ('error' in parsed) return;
      const answers = await operate(SimEventRequest, { device, pec, fields: parsed.fields });
      if (answers?.[0])
        void vscode.window.showInformationMessage(
          `KPW Simulator: ${answers[0].trace[answers[0].trace.length - 1] ?? answers[0].decidedBy}`,
        );
    }),
    command(SIM_COMMANDS.read, async (row) => {
      const device = await pickDevice(await state(), row, false);
      if (!device) return;
      const answers = await operate(SimReadRequest, { device });
      if (answers)
        void vscode.window
          .showInformationMessage(readSummary(answers), 'Show Results')
          .then(
            (choice) => choice && vscode.commands.executeCommand(SIM_COMMANDS.showResults, answers[0]?.seq),
          );
    }),
    command(SIM_COMMANDS.request, async (row) => {
      const s = await state();
      const device = await pickDevice(s, row, false);
      if (!device) return;
      const flags = await vscode.window.showInputBox({
        title: `VFIO_DEVICE_FEATURE on ${device}: flags`,
        prompt: "Names joined by '|' (GET, SET, PROBE, ZPCI_ERROR, ...) or a number",
        value: 'GET|ZPCI_ERROR',
        validateInput: (v) => (v.trim() ? undefined : 'flags are required'),
      });
      if (flags === undefined) return;
      const defaultArgsz = FEATURE_HEADER_SIZE + (s && !('ok' in s) ? (s.header?.structSize ?? 8) : 8);
      const argsz = await vscode.window.showInputBox({
        title: `VFIO_DEVICE_FEATURE on ${device}: argsz`,
        prompt: `8 + sizeof(struct vfio_device_feature_zpci_err) = ${defaultArgsz}`,
        value: String(defaultArgsz),
        validateInput: (v) =>
          parseUint(v) === undefined ? 'a non-negative integer (decimal or 0x hex)' : undefined,
      });
      if (argsz === undefined) return;
      const numeric = parseUint(flags);
      const answers = await operate(SimRequestRequest, {
        device,
        flags: numeric ?? flags.trim(),
        argsz: parseUint(argsz),
      });
      if (answers?.[0])
        void vscode.window
          .showInformationMessage(`KPW Simulator: ${answerSummary(answers[0])}`, 'Show Results')
          .then((c) => c && vscode.commands.executeCommand(SIM_COMMANDS.showResults, answers[0].seq));
    }),
    command(SIM_COMMANDS.reset, async (row) => {
      const params = await pickReset(await state(), row);
      if (params) await operate(SimResetRequest, params);
    }),
    registerSimTesting(client),
  );
}

async function send<P, R>(
  client: LanguageClient,
  type: RequestType<P, R>,
  params: P,
): Promise<R | undefined> {
  try {
    return await sendRequest(client, type, params);
  } catch (err) {
    void vscode.window.showErrorMessage(`KPW Simulator: ${type.method} failed: ${String(err)}`);
    return undefined;
  }
}

/** The device of a tree row, the only candidate, or the user's pick. */
async function pickDevice(
  s: SimStateResult | { ok: false } | undefined,
  row: unknown,
  zpciOnly: boolean,
): Promise<string | undefined> {
  const fromRow = (row as TreeRow | undefined)?.device;
  if (fromRow) return fromRow;
  if (!s || 'ok' in s) return undefined;
  const devices = s.devices.filter((d) => !zpciOnly || d.zpci);
  if (devices.length <= 1) return devices[0]?.name;
  const items = devices.map((d) => ({
    label: d.name,
    description: `${d.zpci ? 'zPCI' : 'not zPCI'}, fid 0x${d.fid.toString(16)}, ${d.queue.length} pending`,
    name: d.name,
  }));
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Device' }))?.name;
}

async function pickPec(): Promise<number | undefined> {
  const items = [
    ...pecChoices().map((c) => ({
      label: c.label,
      description: c.description,
      pec: c.pec as number | undefined,
    })),
    { label: 'Other…', description: 'type a PEC', pec: undefined },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    placeHolder: 'PCI event code (PEC); names as QEMU defines them',
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (pick.pec !== undefined) return pick.pec;
  const text = await vscode.window.showInputBox({
    prompt: 'PEC (decimal or 0x hex, up to 0xffff)',
    validateInput: (v) => ((parseUint(v) ?? 0x10000) > 0xffff ? 'a number up to 0xffff' : undefined),
  });
  return text === undefined ? undefined : parseUint(text);
}

async function pickReset(
  s: SimStateResult | { ok: false } | undefined,
  row: unknown,
): Promise<SimResetParams | undefined> {
  const items: { label: string; description: string; action: SimResetParams['action'] }[] = [
    { label: 'Reset device', description: 'VFIO_DEVICE_RESET: the queue stays', action: 'reset' },
    {
      label: 'Close device',
      description: 'last close ends mediated recovery and zeroes the queue',
      action: 'close',
    },
    { label: 'Open device', description: 'first open starts mediated recovery', action: 'open' },
    {
      label: 'Restart the model',
      description: 'fresh devices, empty queues, history cleared',
      action: 'restart',
    },
  ];
  const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Simulator reset' });
  if (!pick) return undefined;
  if (pick.action === 'restart') return { action: 'restart' };
  const device = await pickDevice(s, row, false);
  return device ? { device, action: pick.action } : undefined;
}
