// Literals for the declaration parser: the one decoder in expr/literals.ts (the
// constant-expression grammar and the #if path use the same), under the names the
// parser's callers import.

export { parseCharLiteral, parseNumberLiteral } from '../expr/literals';
