// Text that came from a patch, a mail or a header is shown, never obeyed: control
// characters (ESC sequences, CR, BEL, DEL, the C1 range) are written as \u escapes,
// so a hostile line cannot move the cursor, retitle or recolor a terminal (issue 15);
// so are the bidirectional overrides and line separators that make text read otherwise
// than it is ("Trojan Source", gcc's -Wbidi-chars).

const CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** text with every control character but LF and TAB written as `\uXXXX` (valid in JSON strings too). */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, escape);
}

/** One finding is one line (gcc's shape, which CI log parsers read): a newline inside it (a file
 *  name from a patch may hold one) is written as `\n`, so it cannot start a forged finding. */
export function oneLine(text: string): string {
  return terminalSafe(text).replace(/\n/g, '\\n');
}

function escape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
