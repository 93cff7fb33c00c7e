// The one source of truth for kpw's user settings: a schema that the editor
// reads at run time, that scripts/gen-settings.ts turns into package.json's
// `contributes.configuration` and the README's settings table, and that the
// CLI can share. Editor-independent: no VS Code types here.

import { ALL_ABI_NAMES } from '../abi/index';
import { unknownCodes } from '../diag/codes';

export type SettingScope = 'application' | 'machine' | 'window' | 'resource' | 'machine-overridable';

export type InlayHintMode = 'off' | 'offsets' | 'offsets-and-sizes';

/** The resolved settings the server works with (defaults filled in, bad values replaced). */
export interface KpwSettings {
  abis: string[];
  inlayHints: { mode: InlayHintMode; abi: string };
  checks: { disabled: string[]; forceUapi: boolean };
  includeDirs: string[];
  diagnostics: { debounceMs: number };
  /** Patch mails (kernel-patch documents): the tree they apply to; '' = the workspace folder when it holds the touched files. */
  patch: { base: string };
  /** The Patchwork server "KPW: Open Patch from Patchwork" asks. */
  patchwork: { url: string };
  /** The git ref UAPI headers are compared with (compat-* findings); '' = off. */
  compat: { baseRef: string };
}

export interface SettingSpec {
  /** Full key as VS Code shows it (`kpw.abis`). */
  key: string;
  type: 'boolean' | 'string' | 'number' | 'array';
  default: unknown;
  description: string;
  /** Allowed values of a string setting, or of the items of an array setting. */
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
  maximum?: number;
  scope: SettingScope;
  /** True for settings that name hosts or run commands: off in untrusted workspaces. */
  restrictedInUntrusted?: boolean;
  /** The JSON schema of an array's items when they are not plain strings (objects). */
  items?: Record<string, unknown>;
}

export const SETTINGS_TITLE = 'Kernel Patch Workbench';

export const INLAY_HINT_MODES: readonly InlayHintMode[] = ['off', 'offsets', 'offsets-and-sizes'];

export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'kpw.abis',
    type: 'array',
    default: [...ALL_ABI_NAMES],
    enum: ALL_ABI_NAMES,
    description:
      'ABIs whose layouts are computed and compared (hovers, checks, layout view). The first is the reference ABI.',
    scope: 'resource',
  },
  {
    key: 'kpw.inlayHints.mode',
    type: 'string',
    default: 'offsets-and-sizes',
    enum: INLAY_HINT_MODES,
    enumDescriptions: [
      'No layout inlay hints.',
      'The offset of each member.',
      'The offset and size of each member, and holes.',
    ],
    description: 'Layout inlay hints at the end of struct and union member lines.',
    scope: 'resource',
  },
  {
    key: 'kpw.inlayHints.abi',
    type: 'string',
    default: 'x86_64',
    enum: ALL_ABI_NAMES,
    description: 'The ABI whose offsets and sizes the inlay hints show.',
    scope: 'resource',
  },
  {
    key: 'kpw.checks.disabled',
    type: 'array',
    default: [],
    description: 'Diagnostic codes to hide (for example `uapi-trailing-padding`).',
    scope: 'resource',
  },
  {
    key: 'kpw.checks.forceUapi',
    type: 'boolean',
    default: false,
    description:
      'Run the UAPI layout checks on every C header, not only on headers under `include/uapi/` and installed headers.',
    scope: 'resource',
  },
  {
    key: 'kpw.includeDirs',
    type: 'array',
    default: [],
    description:
      "Extra include directories (like `-I`), searched before the ones inferred from the header's location. Only read, never executed.",
    scope: 'resource',
    // Each directory becomes a root reads may reach: a cloned repository's settings must not add `/`.
    restrictedInUntrusted: true,
  },
  {
    key: 'kpw.diagnostics.debounceMs',
    type: 'number',
    default: 150,
    minimum: 0,
    maximum: 5000,
    description:
      'The longest wait after a keystroke before diagnostics are recomputed, in milliseconds. The server waits about as long as a rebuild of the document takes, up to this.',
    scope: 'window',
  },
  {
    key: 'kpw.patch.base',
    type: 'string',
    default: '',
    description:
      'The tree patch mails (`.patch`, `.mbox`, `.eml`) are applied onto in memory, to check what they would produce. Empty: the workspace folder when it holds the files the patch touches, else the added lines of the hunks alone (types from `kpw.includeDirs`). Nothing is ever written.',
    scope: 'machine-overridable',
    // The base is the root patch paths are confined to: an untrusted workspace cannot widen it.
    restrictedInUntrusted: true,
  },
  {
    key: 'kpw.compat.baseRef',
    type: 'string',
    default: 'HEAD',
    description:
      'The git ref a UAPI header open in the editor is compared with for compatibility (`compat-*` findings: layout, member and number changes, each break or compatible extension named). The editor reads it through the VS Code git extension in trusted workspaces (the language server itself never calls git); `kpw check --against REF` does the same in a terminal. Empty turns the comparison off.',
    scope: 'resource',
  },
  {
    key: 'kpw.patchwork.url',
    type: 'string',
    default: 'https://patchwork.kernel.org',
    description:
      'The Patchwork server that **KPW: Open Patch from Patchwork** fetches from (a full patch URL given to the command overrides it). An API token is read from the `KPW_PATCHWORK_TOKEN` environment variable, never from settings.',
    scope: 'machine',
    restrictedInUntrusted: true,
  },
  {
    key: 'kpw.targets',
    type: 'array',
    default: [],
    items: {
      type: 'object',
      required: ['name', 'ssh'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', description: 'The name the target pick list shows.' },
        ssh: { type: 'string', description: 'ssh destination: host, user@host or a Host alias.' },
        sshConfig: { type: 'string', description: 'An ssh client config file (`ssh -F`).' },
        device: { type: 'string', description: 'PCI address `dddd:bb:dd.f` of the zPCI device.' },
        privilege: { type: 'string', enum: ['none', 'sudo'], default: 'none' },
        build: { type: 'string', enum: ['local', 'remote'], default: 'local' },
        runnerPrefix: {
          type: 'array',
          items: { type: 'string' },
          description: 'Words run before the probe (e.g. `qemu-s390x-static`).',
        },
      },
    },
    description:
      'Remote s390x targets for **KPW: Run on Target**: `{name, ssh, sshConfig?, device?, privilege: none|sudo, build: local|remote, runnerPrefix?}`. Destinations and words with shell metacharacters are refused.',
    scope: 'machine',
    restrictedInUntrusted: true,
  },
  {
    key: 'kpw.target.timeoutSeconds',
    type: 'number',
    default: 30,
    minimum: 1,
    maximum: 3600,
    description: 'Seconds the probe may run on a target before it is stopped.',
    scope: 'machine',
    restrictedInUntrusted: true,
  },
];

export const DEFAULT_SETTINGS: KpwSettings = resolveSettings({}).settings;

/** Looks a value up in a nested object (`{kpw: {abis: [...]}}`) or a flat one (`{"kpw.abis": [...]}`). */
function lookup(raw: unknown, key: string): unknown {
  if (!raw || typeof raw !== 'object') return undefined;
  const obj = raw as Record<string, unknown>;
  if (key in obj) return obj[key];
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : lookup(obj[key.slice(0, dot)], key.slice(dot + 1));
}

function valid(spec: SettingSpec, value: unknown): string | undefined {
  const shown = JSON.stringify(value);
  if (spec.type === 'array') {
    if (!Array.isArray(value)) return `${spec.key}: expected an array, got ${shown}`;
    if (value.some((v) => typeof v !== 'string')) return `${spec.key}: every item must be a string`;
    const bad = spec.enum ? value.filter((v) => !spec.enum!.includes(v as string)) : [];
    return bad.length
      ? `${spec.key}: unknown value(s) ${bad.join(', ')}; known: ${spec.enum!.join(', ')}`
      : undefined;
  }
  if (typeof value !== spec.type) return `${spec.key}: expected a ${spec.type}, got ${shown}`;
  if (spec.enum && !spec.enum.includes(value as string))
    return `${spec.key}: unknown value ${shown}; known: ${spec.enum.join(', ')}`;
  if (
    typeof value === 'number' &&
    (value < (spec.minimum ?? -Infinity) || value > (spec.maximum ?? Infinity))
  ) {
    return `${spec.key}: ${value} is out of range [${spec.minimum}, ${spec.maximum}]`;
  }
  return undefined;
}

/**
 * Settings from a raw configuration object (nested under `kpw` or with flat
 * dotted keys). Unknown or invalid values fall back to the default and are
 * reported in `problems`; this never throws.
 */
export function resolveSettings(raw: unknown): { settings: KpwSettings; problems: string[] } {
  const problems: string[] = [];
  const get = (key: string): unknown => {
    const spec = SETTINGS.find((s) => s.key === key)!;
    const value = lookup(raw, key.slice('kpw.'.length)) ?? lookup(raw, key);
    if (value === undefined || value === null) return spec.default;
    const problem = valid(spec, value);
    if (problem) problems.push(problem);
    return problem ? spec.default : value;
  };
  let abis = get('kpw.abis') as string[];
  if (abis.length === 0) {
    problems.push('kpw.abis: empty; using every ABI');
    abis = [...ALL_ABI_NAMES];
  }
  const settings: KpwSettings = {
    abis: [...new Set(abis)],
    inlayHints: {
      mode: get('kpw.inlayHints.mode') as InlayHintMode,
      abi: get('kpw.inlayHints.abi') as string,
    },
    checks: {
      disabled: get('kpw.checks.disabled') as string[],
      forceUapi: get('kpw.checks.forceUapi') as boolean,
    },
    includeDirs: get('kpw.includeDirs') as string[],
    diagnostics: { debounceMs: get('kpw.diagnostics.debounceMs') as number },
    patch: { base: get('kpw.patch.base') as string },
    patchwork: { url: get('kpw.patchwork.url') as string },
    compat: { baseRef: get('kpw.compat.baseRef') as string },
  };
  // The same vocabulary as `kpw check --disable`: a code kpw never emits hides nothing (a typo?).
  for (const code of unknownCodes({ disable: settings.checks.disabled }))
    problems.push(`kpw.checks.disabled: '${code}' is not a code kpw reports (see docs/checks/)`);
  return { settings, problems };
}
