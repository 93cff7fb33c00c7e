// The parser package's public surface: load the grammar once, then parse
// expanded C text into our typed AST. Nothing here exposes tree-sitter.

export { initParser, type InitOptions } from './tree-sitter/tree-sitter';
export {
  parseUnit,
  identityMap,
  textChange,
  type ParsedUnit,
  type ParsePath,
  type ParserChoice,
  type ParseUnitOptions,
} from './parse-unit';
export { DEFAULT_PARSE_BUDGET, type ParseBudget } from './recovery/parse-budget';
export type * from '../lang/ast';
