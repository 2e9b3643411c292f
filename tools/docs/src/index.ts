export { blockMarkers, GENERATED_BLOCKS, type GeneratedBlock, renderBlock } from "./blocks.js";
export {
  type BlockKind,
  blockKind,
  type Command,
  commandsOf,
  type DocBlock,
  type DocCommand,
  documentedBlocks,
  documentedCommands,
  flagsIn,
  ILLUSTRATION,
  type PnpmInvocation,
  pnpmInvocation,
  repoPathsOf,
  SHELL_LANGUAGES,
  wordsOf,
} from "./commands.js";
export { anchorsOf, isExternal, linksOf, type MarkdownLink } from "./links.js";
export { codeSpansOf, type FencedBlock, type ProseLine, scanMarkdown } from "./markdown.js";
export {
  isPnpmCommand,
  pnpmProblem,
  readWorkspaceCommands,
  scriptsPnpmShadows,
  selected,
  unknownCommands,
  userPath,
  type WorkspaceCommands,
  type WorkspacePackage,
  workspaceCliOf,
} from "./workspace-commands.js";
