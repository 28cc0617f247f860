/**
 * Something the pipeline could not decode or found wrong. Hostile input is data, not an
 * exception (STYLE.md §4): every such finding becomes a diagnostic with a stable code.
 */
export interface Diagnostic {
  /** Stable, kebab-case code, e.g. `truncated-record`, `tcp-gap`, `fragment-incomplete`. */
  readonly code: string;
  /** Frame the problem was found in (0 when it concerns the file itself). */
  readonly frame: number;
  /** Byte offset in the capture file, where known. */
  readonly fileOffset?: number;
  /** Human-readable sentence naming what is wrong and where. */
  readonly message: string;
}
