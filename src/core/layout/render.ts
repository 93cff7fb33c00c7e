// The text views of layouts in one import: pahole-style for one ABI and the
// grouped multi-ABI view (each lives in its own file).

export { renderPahole, paholeLines, type PaholeLine, type PaholeOptions } from './render-pahole';
export { renderMultiAbi, groupLayouts } from './render-multi-abi';
