// `kpw layout [--abi NAME|all] [--json] [-I DIR]... FILE... [-- TYPE...]`:
// struct and union layouts per ABI, pahole-style text or JSON.

import { LIMITS, nodeFileHost, snapshotHost, statOf, tooLargeMessage } from '../../core/host/index';
import {
  ABIS,
  getAbi,
  type AbiSpec,
  toLayoutJson,
  renderMultiAbi,
  renderPahole,
  type RecordLayout,
  buildHeaderModel,
  createHeaderModelCache,
  type HeaderModel,
  type HeaderModelCache,
} from '../../core/api/index';
import type { Diagnostic } from '../../core/diag/diagnostic';
import { DiagCode } from '../../core/diag/codes';
import { flag, list, parseArgs, single } from '../args';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes';
import { namedInputUnread } from '../unread-inputs';
import { formatDiagnostic } from '../reporters/diagnostics-text';
import { displayPath } from '../display-path';
import type { CommandIo } from './command';
import { pushAll } from '../../core/text/push-all';

export const layoutUsage = `usage: kpw layout [--abi NAME|all] [--json] [-I DIR]... FILE... [-- TYPE...]

Prints the layout of every struct and union defined in FILE (or only the named
TYPEs, found anywhere in FILE and its includes), pahole-style or as JSON.
  --abi NAME   one ABI (${ABIS.map((a) => a.name).join(', ')}), a comma list, or 'all'
               (default: x86_64)
  --json       one JSON object per ABI; with several ABIs, a JSON array
  -I DIR       add DIR to the include path (searched first)`;

export function resolveAbis(spec: string | undefined): AbiSpec[] {
  if (!spec) return [getAbi('x86_64') as AbiSpec];
  if (spec === 'all') return [...ABIS];
  return spec.split(',').map((name) => {
    const abi = getAbi(name.trim());
    if (!abi)
      throw new UsageError(`unknown ABI '${name}' (known: ${ABIS.map((a) => a.name).join(', ')}, all)`);
    return abi;
  });
}

/** Files that cannot be read are reported and dropped; the others go on. */
function usableFiles(files: string[], io: CommandIo): { ok: string[]; failed: boolean } {
  const ok: string[] = [];
  let failed = false;
  for (const file of files) {
    let reason: string | undefined;
    const st = safeStat(file);
    if (!st) reason = `${file}: no such file`;
    else if (st.kind !== 'file') reason = `${file}: not a regular file`;
    else if (st.size > LIMITS.headerBytes)
      reason = tooLargeMessage(file, st.size, LIMITS.headerBytes, 'headers');
    if (reason) {
      io.stderr(`kpw: error: ${reason}`);
      failed = true;
    } else ok.push(file);
  }
  return { ok, failed };
}

function safeStat(file: string) {
  try {
    return statOf(nodeFileHost, file);
  } catch {
    return undefined;
  }
}

/** The requested type names, or every record the main files define on any ABI, in source order. */
function typeNames(models: HeaderModel[], wanted: string[]): string[] {
  if (wanted.length) return wanted;
  const names = new Set<string>();
  for (const model of models) for (const record of model.mainRecords()) names.add(record.name);
  return [...names];
}

/**
 * The layout problems of the asked records the main files define, in source order: what a
 * model that laid out every main record would have listed of them (the model built for
 * named types lays out only those and what they contain, see HeaderModelOptions.layoutMain).
 */
function askedDiagnostics(model: HeaderModel, layouts: (RecordLayout | undefined)[]): Diagnostic[] {
  const env = model.typeEnv;
  const main = new Set(model.mainFiles);
  const asked = new Map<unknown, RecordLayout>();
  for (const layout of present(layouts)) {
    const decl = env.findRecord(layout.name);
    if (decl && main.has(decl.loc.file)) asked.set(decl, layout);
  }
  if (asked.size === 0) return [];
  const out: Diagnostic[] = [];
  for (const decl of env.allRecords()) {
    const layout = asked.get(decl);
    if (layout && env.recordName(decl) !== undefined) pushAll(out, layout.diagnostics);
  }
  return out;
}

function printDiagnostics(models: HeaderModel[], io: CommandIo, extra: Diagnostic[][] = []): void {
  const seen = new Set<string>();
  const all: Diagnostic[] = models.flatMap((m, i) => [...m.diagnostics, ...(extra[i] ?? [])]);
  for (const d of all) {
    if (d.severity === 'hint') continue;
    const line = formatDiagnostic(d);
    if (seen.has(line)) continue;
    seen.add(line);
    io.stderr(line);
  }
}

export async function runLayout(argv: string[], io: CommandIo): Promise<ExitCodeValue> {
  const args = parseArgs(argv, [
    { name: 'abi', value: true },
    { name: 'json' },
    { name: 'include', short: 'I', value: true, repeat: true },
    { name: 'help', short: 'h' },
  ]);
  if (flag(args, 'help')) {
    io.stdout(layoutUsage);
    return ExitCode.ok;
  }
  const abis = resolveAbis(single(args, 'abi'));
  if (args.positionals.length === 0) throw new UsageError('no FILE given');
  const { ok: files, failed } = usableFiles(args.positionals, io);
  let exit: ExitCodeValue = failed ? ExitCode.input : ExitCode.ok;
  if (files.length === 0) return exit;

  const models: HeaderModel[] = [];
  // Named types: lay out only them (and what they contain), not every record of the files.
  const named = args.rest.length > 0;
  // Sibling caches: the ABIs share the lexed files and the declarations that come out the same.
  const caches: HeaderModelCache[] = [];
  // One view of the disk for the run: the ABIs resolve each path once (texts are not held).
  const host = snapshotHost(nodeFileHost, { contents: false });
  for (const abi of abis) {
    const cache = createHeaderModelCache(caches[0]);
    caches.push(cache);
    models.push(
      await buildHeaderModel({
        files,
        includeDirs: list(args, 'include'),
        abi,
        host,
        cache,
        abiCount: abis.length,
        layoutMain: !named,
      }),
    );
  }
  const names = typeNames(models, args.rest);
  const perAbi = models.map((m) => names.map((n) => m.record(n)));
  printDiagnostics(models, io, named ? models.map((m, i) => askedDiagnostics(m, perAbi[i])) : []);
  // A limit reached is an input that could not be used (README, Security).
  if (models.some((m) => m.diagnostics.some((d) => d.code === DiagCode.fileTooLarge))) exit = ExitCode.input;
  if (models.some((m) => namedInputUnread(m.diagnostics, files))) exit = ExitCode.input;

  args.rest.forEach((name, i) => {
    if (perAbi.every((layouts) => !layouts[i])) {
      io.stderr(
        `kpw: error: no struct or union '${name}' in ${files.join(', ')} or the headers they include`,
      );
      exit = ExitCode.input;
    }
  });

  if (flag(args, 'json')) {
    const objects = models.map((m, i) => toLayoutJson(present(perAbi[i]), m.abi.name));
    for (const object of objects)
      for (const type of Object.values(object.types)) type.file = displayPath(type.file);
    io.stdout(JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 2));
    return exit;
  }
  // In chunks, each rendered when stdout has taken the one before: 10,000 records on 7 ABIs are
  // ~9 MB of text, which held ~30 MB at once as one string (joined, newline added, bytes written).
  for (const chunk of textChunks(models, perAbi)) {
    io.stdout(chunk);
    if (io.drain) await io.drain();
  }
  return exit;
}

/** Records per chunk of text output (a multi-ABI block is ~1 KB). */
const CHUNK_RECORDS = 128;

/** The text output in pieces: one pahole-style block per record (on one ABI), or one block per
 *  record showing its ABIs side by side, blocks separated by a newline. Every piece but the last
 *  ends in the newline that separates it from the next (io.stdout adds one only to a piece
 *  without), so the pieces written one after another are the blocks joined, plus io.stdout's. */
function* textChunks(models: HeaderModel[], perAbi: (RecordLayout | undefined)[][]): Generator<string> {
  const blocks = (from: number, to: number): string[] => {
    const out: string[] = [];
    for (let i = from; i < to; i++) {
      if (models.length === 1) {
        const layout = perAbi[0][i];
        if (layout) out.push(renderPahole(layout));
        continue;
      }
      const variants = present(perAbi.map((layouts) => layouts[i]));
      if (variants.length) out.push(renderMultiAbi(variants));
    }
    return out;
  };
  const count = perAbi[0]?.length ?? 0;
  let pending: string | undefined;
  for (let i = 0; i < count; i += CHUNK_RECORDS) {
    const part = blocks(i, Math.min(count, i + CHUNK_RECORDS));
    if (part.length === 0) continue;
    if (pending !== undefined) yield `${pending}\n`;
    pending = part.join('\n');
  }
  yield pending ?? '';
}

function present(layouts: (RecordLayout | undefined)[]): RecordLayout[] {
  return layouts.filter((l): l is RecordLayout => !!l);
}
