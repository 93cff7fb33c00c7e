// A compact, plain-JS copy of the parts of tree-sitter's tree the lowering needs.
// Crossing into wasm costs ~0.1 us per call, so tree-sitter.ts copies each node
// once (type, span) and never descends into subtrees we re-read as text.

export interface SyntaxNode {
  /** tree-sitter node type (`field_declaration`, `;`, `ERROR`, ...). */
  type: string;
  /** Offsets into the parsed text (UTF-16 code units), half-open. Anonymous tokens
   *  (`;`, `,`, `[`) other than a parent's last child are not placed: start = end = -1. */
  start: number;
  end: number;
  /** Empty for leaves and for "opaque" nodes whose text is parsed by hand (expressions, attributes). */
  children: SyntaxNode[];
  /** Set only on top-level nodes that contain an ERROR or MISSING node somewhere inside. */
  hasError?: boolean;
}

/** Node types the walker does not descend into: their text is lowered by the
 *  token parser (expressions, attributes, sized specifiers) or ignored (bodies). */
export const OPAQUE_TYPES: ReadonlySet<string> = new Set([
  'compound_statement',
  'function_definition',
  'parameter_list',
  'initializer_list',
  'string_literal',
  'concatenated_string',
  'char_literal',
  'number_literal',
  'preproc_arg',
  'attribute_specifier',
  'attribute_declaration',
  'gnu_asm_expression',
  'ms_declspec_modifier',
  'sized_type_specifier',
  'macro_type_specifier',
  'type_qualifier',
  'storage_class_specifier',
  'expression_statement',
  'preproc_def',
  'preproc_function_def',
  'preproc_call',
  'preproc_include',
  'binary_expression',
  'unary_expression',
  'parenthesized_expression',
  'cast_expression',
  'sizeof_expression',
  'alignof_expression',
  'offsetof_expression',
  'call_expression',
  'conditional_expression',
  'field_expression',
  'subscript_expression',
  'pointer_expression',
  'comma_expression',
  'assignment_expression',
  'update_expression',
  'compound_literal_expression',
  'generic_expression',
  'extension_expression',
  'gnu_asm_expression',
  'type_descriptor',
  'null',
  'true',
  'false',
  'system_lib_string',
  'alignas_qualifier',
  'ms_call_modifier',
  'ms_based_modifier',
  'ms_pointer_modifier',
  'statement_identifier',
  // Members and enumerators are lowered from their text by the same parser that recovers
  // damaged bodies: measured 25% faster than walking their small subtrees through wasm.
  'field_declaration',
  'enumerator',
]);

/** Named leaves whose end we find by scanning the text instead of asking wasm. */
export const IDENT_LIKE: ReadonlySet<string> = new Set([
  'identifier',
  'field_identifier',
  'type_identifier',
  'primitive_type',
]);

/** Children that carry meaning: comments are dropped (doc comments are looked up separately). */
export function meaningful(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c) => c.type !== 'comment');
}
