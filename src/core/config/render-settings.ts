// Renders the settings schema into its two generated views: VS Code's
// `contributes.configuration` object and the README's markdown table.
// scripts/gen-settings.ts writes them; tests compare them with the files.

import { SETTINGS, SETTINGS_TITLE, type SettingSpec } from './settings';

export const README_BEGIN = '<!-- settings:begin -->';
export const README_END = '<!-- settings:end -->';

/** The JSON schema VS Code wants under `contributes.configuration`. */
export function contributesConfiguration(specs: readonly SettingSpec[] = SETTINGS): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const s of specs) properties[s.key] = propertySchema(s);
  return { title: SETTINGS_TITLE, properties };
}

function propertySchema(s: SettingSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { type: s.type, default: s.default };
  if (s.type === 'array') {
    out.items = s.items ?? (s.enum ? { type: 'string', enum: s.enum } : { type: 'string' });
    if (s.enum) out.uniqueItems = true;
  } else if (s.enum) {
    out.enum = s.enum;
    if (s.enumDescriptions) out.enumDescriptions = s.enumDescriptions;
  }
  if (s.minimum !== undefined) out.minimum = s.minimum;
  if (s.maximum !== undefined) out.maximum = s.maximum;
  out.markdownDescription = s.restrictedInUntrusted
    ? `${s.description} Ignored in untrusted workspaces.`
    : s.description;
  out.scope = s.scope;
  return out;
}

/** The README table (between the markers), one row per setting. */
export function settingsTable(specs: readonly SettingSpec[] = SETTINGS): string {
  const rows = specs.map((s) => {
    const values = s.enum ? s.enum.map((v) => `\`${v}\``).join(', ') : '';
    const cells = [`\`${s.key}\``, s.type, `\`${JSON.stringify(s.default)}\``, cell(s.description), values];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| Setting | Type | Default | Description | Values |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** README text with the table between the markers replaced; undefined when the markers are absent. */
export function replaceSettingsTable(readme: string, table = settingsTable()): string | undefined {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) return undefined;
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}
