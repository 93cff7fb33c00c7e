// Scenario files in the Testing view: a TestController finds
// `*.kpw-scenario.json` (and JSON naming the scenario schema), one item per
// file with a child per step, and runs them with kpw/sim/runScenario, or on a
// configured target through the run profiles of target-testing.ts.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LIMITS } from '../core/host/limits';
import { SimRunScenarioRequest } from '../protocol/sim';
import { sendRequest } from './requests';
import { registerTargetRunProfiles, type ScenarioRunOutcome, type ScenarioRunner } from './target-testing';
import {
  isScenarioFile,
  scenarioOutline,
  SCENARIO_GLOB,
  stepFailureMessage,
  stepOutput,
} from './sim-scenario-outline';

const EXCLUDE = '**/{node_modules,.git,dist,out}/**';
const MAX_JSON_SCAN = 500;

export function registerSimTesting(client: LanguageClient): vscode.Disposable {
  const ctrl = vscode.tests.createTestController('kpw.simScenarios', 'KPW Simulator Scenarios');
  const steps = new WeakMap<vscode.TestItem, number>();
  /** Why a scenario file was not read (not a regular file, over the limit), for its test item. */
  const refused = new Map<string, string>();

  const readText = async (uri: vscode.Uri): Promise<string | undefined> => {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      // Regular files within the scenario limit only: a link to /dev/zero or a FIFO named
      // *.kpw-scenario.json is never read (VS Code reports those as neither File nor sized).
      refused.delete(uri.toString());
      const st = await vscode.workspace.fs.stat(uri);
      const tooLarge = `larger than the ${LIMITS.scenarioBytes / (1024 * 1024)} MiB limit for scenarios; not read`;
      if (!(st.type & vscode.FileType.File))
        return void refused.set(uri.toString(), 'not a regular file (a device, FIFO or socket); not read');
      if (st.size > LIMITS.scenarioBytes) return void refused.set(uri.toString(), tooLarge);
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.length > LIMITS.scenarioBytes) return void refused.set(uri.toString(), tooLarge);
      return new TextDecoder().decode(bytes);
    } catch {
      return undefined;
    }
  };

  const update = async (uri: vscode.Uri): Promise<void> => {
    const text = await readText(uri);
    if (!isScenarioFile(uri.path, text)) return void ctrl.items.delete(uri.toString());
    const item =
      ctrl.items.get(uri.toString()) ??
      ctrl.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    ctrl.items.add(item);
    const outline = text === undefined ? undefined : scenarioOutline(text);
    item.error =
      refused.get(uri.toString()) ?? (outline ? undefined : 'not a JSON object with a "steps" array');
    item.children.replace(
      (outline ?? []).map((s) => {
        const child = ctrl.createTestItem(`${uri.toString()}#${s.step}`, s.label, uri);
        if (s.line !== undefined) child.range = new vscode.Range(s.line, 0, s.line, 0);
        steps.set(child, s.step);
        return child;
      }),
    );
  };

  const discover = async (): Promise<void> => {
    const named = await vscode.workspace.findFiles(SCENARIO_GLOB, EXCLUDE);
    const json = await vscode.workspace.findFiles('**/*.json', EXCLUDE, MAX_JSON_SCAN);
    const seen = new Set<string>();
    for (const uri of [...named, ...json]) {
      if (seen.has(uri.toString())) continue;
      seen.add(uri.toString());
      if (uri.path.endsWith('.kpw-scenario.json') || isScenarioFile(uri.path, await readText(uri)))
        await update(uri);
    }
  };
  ctrl.resolveHandler = async (item) => {
    if (!item) await discover();
  };
  ctrl.refreshHandler = async () => {
    ctrl.items.replace([]);
    await discover();
  };

  const readScenario = async (file: vscode.TestItem): Promise<string | undefined> =>
    file.uri ? readText(file.uri) : undefined;

  const runOnSimulator: ScenarioRunner = async (file, text) => {
    // The protocol requires a uri: a test item without one has no file to run.
    if (!file.uri) return { ok: false, error: `${file.label}: no file to run` };
    try {
      return await sendRequest(client, SimRunScenarioRequest, { uri: file.uri.toString(), text });
    } catch (err) {
      return { ok: false, error: String(err) };
    }
  };

  const runHandlerWith =
    (runner: ScenarioRunner) =>
    async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
      const run = ctrl.createTestRun(request);
      const files = new Set<vscode.TestItem>();
      if (request.include) for (const item of request.include) files.add(item.parent ?? item);
      else ctrl.items.forEach((item) => void files.add(item));
      for (const file of files) {
        if (request.exclude?.includes(file) || token.isCancellationRequested) continue;
        await runFile(run, file, await readScenario(file), (f, t) => runner(f, t, run, token), steps);
      }
      run.end();
    };
  ctrl.createRunProfile(
    'Run on the simulator',
    vscode.TestRunProfileKind.Run,
    runHandlerWith(runOnSimulator),
    true,
  );
  const targetProfiles = registerTargetRunProfiles(ctrl, runHandlerWith);

  const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
  watcher.onDidCreate((uri) => void update(uri));
  watcher.onDidChange((uri) => void update(uri));
  watcher.onDidDelete((uri) => ctrl.items.delete(uri.toString()));
  const edits = vscode.workspace.onDidChangeTextDocument((e) => {
    if (ctrl.items.get(e.document.uri.toString())) void update(e.document.uri);
  });
  return vscode.Disposable.from(ctrl, watcher, edits, targetProfiles);
}

/** Runs one scenario file through `runner` and reports each step's result on its test item. */
async function runFile(
  run: vscode.TestRun,
  file: vscode.TestItem,
  text: string | undefined,
  runner: (file: vscode.TestItem, text: string | undefined) => Promise<ScenarioRunOutcome>,
  steps: WeakMap<vscode.TestItem, number>,
): Promise<void> {
  const children: vscode.TestItem[] = [];
  file.children.forEach((c) => void children.push(c));
  children.forEach((c) => run.started(c));
  const result = await runner(file, text);
  if (!result.ok) return void run.errored(file, new vscode.TestMessage(result.error));
  for (const note of result.notes) run.appendOutput(`${note}\r\n`);
  for (const r of result.steps) {
    const child = children.find((c) => steps.get(c) === r.step);
    run.appendOutput(`${stepOutput(r)}\r\n`, undefined, child);
    if (!child) continue;
    const failure = stepFailureMessage(r);
    if (!failure) run.passed(child);
    else {
      const message = new vscode.TestMessage(failure);
      if (child.uri && child.range) message.location = new vscode.Location(child.uri, child.range);
      run.failed(child, message);
    }
  }
  // Steps a target never answered (the run stopped early) are skipped, not passed.
  for (const c of children) if (!result.steps.some((r) => steps.get(c) === r.step)) run.skipped(c);
  if (result.problem) run.errored(file, new vscode.TestMessage(result.problem));
}
