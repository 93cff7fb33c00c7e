// kpw/compat/baseText: the client tells the server what a header was at the
// compatibility baseline (`kpw.compat.baseRef`), read through VS Code's git
// extension, so the language server itself never starts git (workspace trust).

export const COMPAT_BASE_TEXT_METHOD = 'kpw/compat/baseText';

export interface CompatBaseTextParams {
  /** The header document's URI. */
  uri: string;
  ref: string;
  /** The file's text at the ref; null when the ref lacks the file or git cannot tell. */
  text: string | null;
}
