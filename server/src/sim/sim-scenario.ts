// kpw/sim/runScenario: runs a scenario file on a fresh kernel laid out from
// the session's header (or the built-in header of the scenario's generation
// when the file was written for the other one) and reports pass/fail per step.

import { confineHost, createNodeFileHost, LIMITS, type FileHost } from '../../../src/core/host/index';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  loadUapi,
  parseScenario,
  runScenarioChunked,
  ScenarioCancelled,
  type SimUapi,
} from '../../../src/core/api/index';
import type {
  SimRunScenarioParams,
  SimRunScenarioResult,
  SimStepResultView,
} from '../../../src/protocol/sim';
import { uriToPath } from '../convert';
import { answerView } from './sim-history';
import type { SimSession } from './sim-session';

const MAX_SCENARIO_BYTES = LIMITS.scenarioBytes;
/** Scenario files on disk: regular files only (a FIFO or /dev/zero link is refused unopened), capped. */
const scenarioDisk = createNodeFileHost({ maxBytes: MAX_SCENARIO_BYTES, what: 'scenarios' });

export async function simRunScenario(
  session: SimSession,
  documents: TextDocuments<TextDocument>,
  p: SimRunScenarioParams,
  folders: readonly string[] = [],
  signal?: AbortSignal,
): Promise<SimRunScenarioResult> {
  const uri = typeof p?.uri === 'string' ? p.uri : '';
  const file = uriToPath(uri) ?? uri;
  // A scenario not open in the editor is read from the workspace only (when there is one).
  const disk = folders.length ? confineHost(scenarioDisk, folders, 'the workspace folders') : scenarioDisk;
  const text = typeof p?.text === 'string' ? p.text : (documents.get(uri)?.getText() ?? readText(disk, file));
  if (typeof text !== 'string') return { ok: false, error: text.error };
  if (text.length > MAX_SCENARIO_BYTES)
    return {
      ok: false,
      error: `${file}: larger than the ${MAX_SCENARIO_BYTES / (1024 * 1024)} MiB limit for scenarios, not a scenario`,
    };
  const loaded = parseScenario(text, file);
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const scenario = loaded.scenario;
  const notes: string[] = [];
  let uapi: SimUapi = await session.uapi();
  if (scenario.uapi && scenario.uapi !== uapi.generation) {
    const builtin = await loadUapi({ override: scenario.uapi });
    if (!builtin.ok) return { ok: false, error: builtin.error };
    notes.push(
      `written for ${scenario.uapi}; the session's header (${uapi.headerFile}) is ${uapi.generation}: ran on the built-in ${scenario.uapi} header`,
    );
    uapi = builtin.uapi;
  }
  // Each step's view is made as the step is computed (the result itself is dropped): the response
  // holds every step, but not twice over (issue 17).
  let steps: SimStepResultView[];
  try {
    steps = await runScenarioChunked(scenario, uapi, { signal }, (r): SimStepResultView => {
      const step = scenario.steps[r.step];
      const device = 'device' in step ? step.device : undefined;
      return {
        step: r.step,
        label: `${step.op}${device ? ` ${device}` : ''}`,
        passed: r.failures.length === 0,
        failures: r.failures,
        answer: answerView(r.answer, r.step, step.op, device),
      };
    });
  } catch (err) {
    if (err instanceof ScenarioCancelled) return { ok: false, error: `${file}: ${err.message}` };
    throw err;
  }
  return { ok: true, generation: uapi.generation, header: uapi.headerFile, notes, steps };
}

function readText(host: FileHost, file: string): string | { error: string } {
  try {
    return host.readFile(file) ?? { error: `${file}: no such file` };
  } catch (err) {
    const message = (err as Error).message;
    return { error: message.startsWith(file) ? message : `${file}: ${message}` };
  }
}
