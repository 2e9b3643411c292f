/**
 * What a text shaper makes of a model's reply text: stretches of answer text, of reasoning, and tool calls the
 * model wrote out as text. A shaper sees the text in whatever chunks the stream delivers; what it returns must not
 * depend on that chunking (the pieces' texts, concatenated by kind and in order, are the same for any split of
 * the same text), which is what keeps streamed events and the final message in agreement.
 */

export type Piece =
  | { type: "text"; text: string }
  | { type: "thinking"; text: string }
  /** A tool call found in text; the stream rewriter gives it an id. */
  | { type: "toolCall"; name: string; arguments: Record<string, unknown> };

/** One text block's shaper: fed the block's text in order, then ended once. */
export interface TextShaper {
  push(text: string): Piece[];
  end(): Piece[];
}

/** The tools a request offered, by name, each with its parameters' JSON Schema (when it has one). */
export type OfferedTools = ReadonlyMap<string, unknown>;

export interface TextShaperContext {
  /** The tools the request offered: a call to any other tool is never made. */
  readonly offeredTools: OfferedTools;
  /** A reasoning block comes before this text in the reply (native reasoning, or reasoning a shaper moved out). */
  readonly afterReasoning: boolean;
}

export type TextShaperFactory = (context: TextShaperContext) => TextShaper;

/**
 * Shapers applied in order: text the first leaves as text goes through the second, and so on; reasoning and calls
 * pass on as they are. A later shaper sees one run of text at a time: a reasoning stretch or a call between two
 * runs ends the run before it, so a construct can never span across what an earlier shaper took out.
 */
export function chainTextShapers(factories: readonly TextShaperFactory[]): TextShaperFactory | undefined {
  if (factories.length === 0) return undefined;
  if (factories.length === 1) return factories[0];
  const [first, ...rest] = factories as [TextShaperFactory, ...TextShaperFactory[]];
  const tail = chainTextShapers(rest) as TextShaperFactory;
  return (context) => {
    const head = first(context);
    let afterReasoning = context.afterReasoning;
    let run: TextShaper | undefined;
    const pass = (pieces: Piece[]): Piece[] => {
      const out: Piece[] = [];
      for (const piece of pieces) {
        if (piece.type === "text") {
          run ??= tail({ offeredTools: context.offeredTools, afterReasoning });
          out.push(...run.push(piece.text));
          continue;
        }
        if (run) out.push(...run.end());
        run = undefined;
        if (piece.type === "thinking") afterReasoning = true;
        out.push(piece);
      }
      return out;
    };
    return {
      push: (text) => pass(head.push(text)),
      end: () => {
        const out = pass(head.end());
        if (run) out.push(...run.end());
        run = undefined;
        return out;
      },
    };
  };
}

/**
 * Adjacent pieces of the same kind joined, empty text left out: the chunking-free form two shapings are compared
 * in. An empty reasoning piece stays: it marks reasoning the model opened and left empty.
 */
export function joinPieces(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    if (piece.type !== "toolCall" && last?.type === piece.type) {
      out[out.length - 1] = { type: piece.type, text: last.text + piece.text };
    } else if (piece.type !== "text" || piece.text !== "") out.push(piece);
  }
  return out;
}

/** Shapes one whole text at once (tests, and a message that never streamed). */
export function shapeText(factory: TextShaperFactory, text: string, context: TextShaperContext): Piece[] {
  const shaper = factory(context);
  return joinPieces([...shaper.push(text), ...shaper.end()]);
}
