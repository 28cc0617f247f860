/** Raised (thrown) by a capture reader when the file cannot be read any further. */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    message: string,
    /** Byte offset in the (decompressed) capture where the problem is. */
    readonly fileOffset: number,
    /** Frame number of the record at fault (0 for the file header). */
    readonly frame: number,
    /** Stable code, e.g. `bad-magic`, `truncated-record`, `record-too-long`, `block-length-mismatch`. */
    readonly code: string,
  ) {
    super(message);
  }
}
