export { blockMarkers, GENERATED_BLOCKS, type GeneratedBlock, renderBlock } from "./blocks.js";
export { anchorsOf, isExternal, linksOf, type MarkdownLink } from "./links.js";
