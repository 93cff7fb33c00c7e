// Text that came from a patch, a mail or a header is shown, never obeyed: control
// characters (ESC sequences, CR, BEL, DEL, the C1 range) are written as \u escapes,
// so a hostile line cannot move the cursor, retitle or recolor a terminal (issue 15).

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** text with every control character but LF and TAB written as `\u00XX` (valid in JSON strings too). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
