// Testing view against a target: one run profile per `kpw.targets` entry
// ("Run on target: NAME") next to the simulator's, running the same scenario
// files with the core target runner. Only in trusted workspaces; the profiles
// follow changes of the setting and a later grant of trust.

import * as vscode from 'vscode';
import { parseScenario } from '../core/api/index';
import { runOnTarget } from '../core/api/target';
import type { SimStepResultView } from '../protocol/sim';
import { scenarioOutline } from './sim-scenario-outline';
import {
  parseTargets,
  problemsMessage,
  targetStepViews,
  timeoutSetting,
  type NamedTarget,
} from './target-model';

/** What running one scenario file gives the Testing view, from the simulator or a target. */
export type ScenarioRunOutcome =
  { ok: true; notes: string[]; steps: SimStepResultView[]; problem?: string } | { ok: false; error: string };

export type ScenarioRunner = (
  file: vscode.TestItem,
  text: string | undefined,
  run: vscode.TestRun,
  token: vscode.CancellationToken,
) => Promise<ScenarioRunOutcome>;

type HandlerFactory = (
  runner: ScenarioRunner,
) => (request: vscode.TestRunRequest, token: vscode.CancellationToken) => Promise<void>;

export function registerTargetRunProfiles(
  ctrl: vscode.TestController,
  handlerFor: HandlerFactory,
): vscode.Disposable {
  let profiles: vscode.TestRunProfile[] = [];
  const sync = (): void => {
    for (const p of profiles) p.dispose();
    profiles = [];
    // Untrusted workspaces get no target profiles at all: running one spawns ssh.
    if (!vscode.workspace.isTrusted) return;
    const { targets } = parseTargets(vscode.workspace.getConfiguration('kpw').get('targets'));
    profiles = targets.map((t) =>
      ctrl.createRunProfile(
        `Run on target: ${t.name}`,
        vscode.TestRunProfileKind.Run,
        handlerFor(targetRunner(t)),
        false,
      ),
    );
  };
  sync();
  return vscode.Disposable.from(
    { dispose: () => profiles.forEach((p) => p.dispose()) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kpw.targets')) sync();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(sync),
  );
}

function targetRunner(target: NamedTarget): ScenarioRunner {
  return async (file, text, run, token) => {
    if (!vscode.workspace.isTrusted)
      return { ok: false, error: 'running on a target is off in untrusted workspaces' };
    if (text === undefined || !file.uri) return { ok: false, error: 'the scenario file could not be read' };
    const parsed = parseScenario(text, file.uri.fsPath);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    const config = vscode.workspace.getConfiguration('kpw');
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      run.appendOutput(`run on ${target.name} (${target.config.destination})\r\n`);
      const result = await runOnTarget(target.config, parsed.scenario, {
        includeDirs: config.get<string[]>('includeDirs'),
        timeoutSeconds: timeoutSetting(config.get('target.timeoutSeconds')),
        signal: abort.signal,
        onLog: (line) => run.appendOutput(`${line}\r\n`),
      });
      const lines = (scenarioOutline(text) ?? []).map((s) => s.line);
      const steps = targetStepViews(parsed.scenario, result.steps, lines);
      return {
        ok: true,
        notes: [`target ${target.name}`],
        steps,
        problem: result.ok ? undefined : problemsMessage(result, target.name),
      };
    } finally {
      sub.dispose();
    }
  };
}
