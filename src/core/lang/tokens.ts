// The preprocessor's token, part of the shared floor: the preprocessor
// produces it and the constant-expression parser (expr/) reads it, so neither
// has to import the other's folder for the type.

export type TokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'other';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Where the token was written (for tokens from expansions: the invocation site). */
  file: string;
  offset: number;
  /** Whitespace before it in the source (matters for `#` stringizing and output spacing). */
  spaceBefore: boolean;
}
