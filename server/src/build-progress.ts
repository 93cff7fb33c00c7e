// Work-done progress ($/progress) for a header model build that needs more than
// one time slice: the editor shows that kpw is analysing a large header (and the
// analysis ends or is cancelled) instead of features that seem to hang.
// Clients without window.workDoneProgress get nothing (the library's null reporter).

import { basename } from 'node:path';
import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { uriToPath } from './convert';
import type { BuildWatcher } from './document-models';

export function buildProgress(connection: Connection): BuildWatcher {
  // Each document's latest build: a step worth naming is said on it.
  const latest = new Map<string, Promise<WorkDoneProgressServerReporter | undefined>>();
  return {
    started(uri) {
      const name = basename(uriToPath(uri) ?? uri);
      const reporter: Promise<WorkDoneProgressServerReporter | undefined> = connection.window
        .createWorkDoneProgress()
        .then((r) => {
          r.begin('kpw', undefined, `analysing ${name}`, false);
          return r;
        })
        .catch(() => undefined);
      latest.set(uri, reporter);
      // This build's own progress (a cancelled build can end after the next one began).
      return (cancelled) => {
        if (latest.get(uri) === reporter) latest.delete(uri);
        void reporter.then((r) => {
          if (cancelled) r?.report('cancelled');
          r?.done();
        });
      };
    },
    report(uri, message) {
      void latest.get(uri)?.then((r) => r?.report(message));
    },
  };
}
