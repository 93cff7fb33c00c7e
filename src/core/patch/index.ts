// Public door of patch intake: read patch inputs (mail, mbox, Patchwork JSON),
// group series, apply in memory, analyze, run series-wide checks, and the
// Patchwork client. Editors and the CLI import from here only.

export type {
  FilePatch,
  Hunk,
  HunkLine,
  MailHeader,
  ParsedDiff,
  PatchMail,
  ReadResult,
  SubjectInfo,
} from './types';
export { PatchCode } from './codes';
export { readPatchFile, readPatchText, readPatchTextSteps, MAX_INPUT_BYTES } from './read-input';
export { readMailText } from './read-mail';
export {
  readPatchworkText,
  looksLikePatchworkJson,
  type PatchworkReadResult,
  type SeriesListing,
} from './patchwork-json';
export { parseSubject } from './subject';
export { groupSeries, groupVersions, hasDiff, type PatchSeries, type SeriesVersions } from './series';
export { parseDiff } from './diff-parse';
export { applyFilePatch, type ApplyResult, type HunkPlacement, type ImageLine } from './apply';
export { ImageHost } from './image-host';
export {
  analyzeMails,
  analyzeSeries,
  baselineOf,
  type MailAnalysis,
  type PatchAnalysisOptions,
  type SeriesAnalysis,
} from './analyze';
export type { PatchFinding } from './map-findings';
export type { NumberClaim } from './claims';
export { seriesChecks, seriesChecksSteps, type SeriesFindingPlace } from './series-checks';
export {
  PatchworkClient,
  apiRootOf,
  nextLink,
  MAX_RESPONSE_BYTES,
  DEFAULT_DEADLINE_MS,
  type PatchworkClientOptions,
  type PwResult,
} from './patchwork-client';
export { fetchPatchworkRef, isPatchworkRef, MAX_SERIES_PATCHES } from './fetch-inputs';
export {
  parsePatchworkInput,
  parseRefString,
  decodeSegment,
  tokenFor,
  type PatchworkRef,
  type PatchworkInput,
} from './patchwork-ref';
