/**
 * The generated blocks of the documentation: which file holds each, between which markers, and what renders it.
 * `pnpm docs:tables` writes them; `docs-tables --check` (run by this package's tests) fails while one is stale.
 */
import {
  interventionsTable,
  type Manifest,
  releaseDifferencesTables,
  replaceMarkedBlock,
  upstreamGapsTable,
} from "@model-setup/manifest";

export interface GeneratedBlock {
  /** Relative to the workspace root. */
  file: string;
  name: string;
  render(manifests: readonly Manifest[]): string;
}

export const GENERATED_BLOCKS: readonly GeneratedBlock[] = [
  { file: "README.md", name: "interventions", render: interventionsTable },
  { file: "docs/image-context.md", name: "upstream-gaps", render: () => upstreamGapsTable() },
  {
    file: "docs/openclaw-releases.md",
    name: "release-compat",
    render: () => releaseDifferencesTables().compat,
  },
  {
    file: "docs/openclaw-releases.md",
    name: "release-hooks",
    render: () => releaseDifferencesTables().hooks,
  },
];

export function blockMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- ${name}:start (pnpm docs:tables) -->`, end: `<!-- ${name}:end -->` };
}

/** `text` with `block` rendered into its markers; undefined when the markers are missing. */
export function renderBlock(
  text: string,
  block: GeneratedBlock,
  manifests: readonly Manifest[],
): string | undefined {
  const { start, end } = blockMarkers(block.name);
  return replaceMarkedBlock(text, start, end, block.render(manifests));
}
