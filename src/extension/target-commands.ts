// "KPW: Run on Target" and "KPW: Compare Target with Simulator": pick a target
// and a scenario, run the core target runner in the extension host under a
// cancellable progress, stream its log and show the answers. Logic: target-model.ts.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  parseScenario,
  type Scenario,
  compareMarkdown,
  compareRuns,
  READ_UNTIL_EMPTY_FILE,
  readUntilEmptyText,
  trimAfterEmpty,
} from '../core/api/index';
import { runOnTarget, type TargetRunResult } from '../core/api/target';
import { SimRunScenarioRequest, type SimRunScenarioResult } from '../protocol/sim';
import { sendRequest } from './requests';
import { SimResultsView } from './sim-results-view';
import { noTargetOffer } from './target-none';
import { parseTargets, targetAnswerViews, timeoutSetting, type NamedTarget } from './target-model';

interface PickedScenario {
  scenario: Scenario;
  uri: string;
  text: string;
  builtin: boolean;
}

export function registerTargetCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  const log = vscode.window.createOutputChannel('KPW Target', { log: true });
  const results = new SimResultsView(context, 'Target Results');
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('kpw.runOnTarget', () => runCommand(log, results)),
    vscode.commands.registerCommand('kpw.compareTargetWithSimulator', () => compareCommand(log, client)),
  );
}

async function runCommand(log: vscode.LogOutputChannel, results: SimResultsView): Promise<void> {
  const picked = await pickInputs(log);
  if (!picked) return;
  const run = await runWithProgress(picked.target, picked.scenario.scenario, log);
  if (!run) return;
  const steps = picked.scenario.builtin ? trimAfterEmpty(picked.scenario.scenario, run.steps) : run.steps;
  results.show(targetAnswerViews(picked.scenario.scenario, steps));
  reportProblems({ ...run, steps }, picked.target.name, log);
}

async function compareCommand(log: vscode.LogOutputChannel, client: LanguageClient): Promise<void> {
  const picked = await pickInputs(log);
  if (!picked) return;
  let sim: SimRunScenarioResult;
  try {
    sim = await sendRequest(client, SimRunScenarioRequest, {
      uri: picked.scenario.uri,
      text: picked.scenario.text,
    });
  } catch (err) {
    void vscode.window.showErrorMessage(`KPW: the simulator could not run the scenario: ${String(err)}`);
    return;
  }
  if (!sim.ok) {
    void vscode.window.showErrorMessage(`KPW: the simulator refused the scenario: ${sim.error}`);
    return;
  }
  const run = await runWithProgress(picked.target, picked.scenario.scenario, log);
  if (!run) return;
  const trim = picked.scenario.builtin;
  const simSteps = trim ? trimAfterEmpty(picked.scenario.scenario, sim.steps) : sim.steps;
  const targetSteps = trim ? trimAfterEmpty(picked.scenario.scenario, run.steps) : run.steps;
  const notes = [
    ...sim.notes,
    `simulator header: ${sim.header} (${sim.generation})`,
    ...run.problems.map((p) => `target ${p.kind}: ${p.message}`),
  ];
  const title = `${picked.scenario.builtin ? 'read ZPCI_ERROR until empty' : picked.scenario.uri} on ${picked.target.name}`;
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: compareMarkdown(title, compareRuns(simSteps, targetSteps), notes),
  });
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function pickInputs(
  log: vscode.LogOutputChannel,
): Promise<{ target: NamedTarget; scenario: PickedScenario } | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(
      'KPW: Run on Target is off in untrusted workspaces: it runs ssh and a probe on a remote machine. Trust the workspace to use it.',
    );
    return undefined;
  }
  const target = await pickTarget(log);
  if (!target) return undefined;
  const scenario = await pickScenario();
  return scenario && { target, scenario };
}

async function pickTarget(log: vscode.LogOutputChannel): Promise<NamedTarget | undefined> {
  const { targets, problems } = parseTargets(vscode.workspace.getConfiguration('kpw').get('targets'));
  if (problems.length)
    void vscode.window.showWarningMessage(`KPW: some targets were skipped: ${problems.join('; ')}`);
  // No target: the right settings scope, or the local test guest when it is built.
  if (!targets.length) return noTargetOffer(log);
  if (targets.length === 1) return targets[0];
  const item = await vscode.window.showQuickPick(
    targets.map((t) => ({
      label: t.name,
      description: `${t.config.destination}${t.config.device ? ` ${t.config.device}` : ''}`,
      target: t,
    })),
    { title: 'KPW: target to run on' },
  );
  return item?.target;
}

async function pickScenario(): Promise<PickedScenario | undefined> {
  const files = await vscode.workspace.findFiles('**/*.kpw-scenario.json', '**/node_modules/**', 200);
  const builtin = {
    label: '$(zap) read ZPCI_ERROR until empty',
    description: 'built in: PROBE, then GET until ENOMSG',
    uri: undefined as vscode.Uri | undefined,
  };
  const items = [
    builtin,
    ...files.map((u) => ({
      label: vscode.workspace.asRelativePath(u),
      description: '',
      uri: u as vscode.Uri | undefined,
    })),
  ];
  const item = await vscode.window.showQuickPick(items, { title: 'KPW: scenario to run' });
  if (!item) return undefined;
  const uri = item.uri?.toString() ?? READ_UNTIL_EMPTY_FILE;
  const text = item.uri
    ? (await vscode.workspace.openTextDocument(item.uri)).getText()
    : readUntilEmptyText();
  const parsed = parseScenario(text, item.uri?.fsPath ?? READ_UNTIL_EMPTY_FILE);
  if (!parsed.ok) {
    void vscode.window.showErrorMessage(`KPW: ${parsed.error}`);
    return undefined;
  }
  return { scenario: parsed.scenario, uri, text, builtin: !item.uri };
}

function runWithProgress(
  target: NamedTarget,
  scenario: Scenario,
  log: vscode.LogOutputChannel,
): Thenable<TargetRunResult | undefined> {
  const config = vscode.workspace.getConfiguration('kpw');
  log.info(`run on ${target.name} (${target.config.destination}): ${scenario.file}`);
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `KPW: running on ${target.name}`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await runOnTarget(target.config, scenario, {
          includeDirs: config.get<string[]>('includeDirs'),
          timeoutSeconds: timeoutSetting(config.get('target.timeoutSeconds')),
          signal: abort.signal,
          onLog: (line) => log.info(line),
          onStep: (r) => progress.report({ message: `step ${r.step + 1} of ${scenario.steps.length}` }),
        });
      } finally {
        sub.dispose();
      }
    },
  );
}

/** `run.steps` are the steps the results view shows (the built-in read loop ends at the empty queue). */
function reportProblems(run: TargetRunResult, name: string, log: vscode.LogOutputChannel): void {
  for (const p of run.problems) log.error(`${p.kind}: ${p.message}`);
  if (run.ok) {
    const failed = run.steps.filter((s) => s.failures.length).length;
    void vscode.window.showInformationMessage(
      `KPW: ${run.steps.length} steps ran on ${name}${failed ? `, ${failed} with failed expectations` : ''}.`,
    );
    return;
  }
  const first = run.problems[0];
  void vscode.window
    .showErrorMessage(
      `KPW: run on ${name} failed (${first?.kind ?? 'unknown'}): ${first?.message ?? 'no answer'}`,
      'Show Log',
    )
    .then((c) => c && log.show());
}
