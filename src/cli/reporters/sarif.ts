// `kpw check --format sarif`: SARIF 2.1.0 for code-scanning tools. Paths are
// made relative to the working directory (uriBaseId %SRCROOT%) when they lie
// under it; columns are UTF-16 code units, SARIF's default.

import { isAbsolute, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Severity } from '../../core/diag/diagnostic';
import type { Range } from '../../core/text/position';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export interface SarifRule {
  id: string;
  summary: string;
}

function artifact(file: string, root: string): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(file) ? relative(root, file) : file;
  if (!rel.startsWith('..') && !isAbsolute(rel))
    return { uri: rel.split('\\').join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(file).toString() };
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function toSarif(
  list: readonly Diagnostic[],
  rules: readonly SarifRule[],
  version: string,
  root = process.cwd(),
) {
  const used = new Set(list.map((d) => d.code));
  const known = new Map(rules.map((r) => [r.id, r]));
  const driverRules = [...used].sort().map((id) => ({
    id,
    shortDescription: { text: known.get(id)?.summary ?? id },
    helpUri: known.has(id) ? `docs/checks/${id}.md` : undefined,
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kpw', fullName: 'Kernel Patch Workbench', version, rules: driverRules } },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL(root.endsWith('/') ? root : `${root}/`).toString() },
        },
        results: list.map((d) => ({
          ruleId: d.code,
          level: levels[d.severity],
          message: { text: d.message },
          locations: [
            { physicalLocation: { artifactLocation: artifact(d.file, root), region: region(d.range) } },
          ],
          relatedLocations: d.related?.map((r, i) => ({
            id: i + 1,
            message: { text: r.message },
            physicalLocation: { artifactLocation: artifact(r.file, root), region: region(r.range) },
          })),
        })),
      },
    ],
  };
}

export function formatSarif(
  list: readonly Diagnostic[],
  rules: readonly SarifRule[],
  version: string,
): string {
  return JSON.stringify(toSarif(list, rules, version), null, 2);
}
