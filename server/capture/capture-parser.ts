import type { CaptureInfo, RawFrame } from '../model/frame.js';
import { CaptureError } from './capture-error.js';
import { hexBytes, SNIFF_LENGTH, sniffFormat } from './capture-magic.js';
import { PcapParser } from './pcap-parser.js';
import { PcapngParser } from './pcapng-parser.js';
import type { ParserOptions } from './record-parser.js';

/**
 * Synchronous push parser for a capture of either format: detects pcap or pcapng from the
 * magic of the first bytes and hands every chunk to the matching parser. The input must be
 * already decompressed (CaptureReader unwraps gzip).
 *
 *   const p = new CaptureParser();
 *   for (const chunk of chunks) { const frames = p.push(chunk); …; if (p.error) throw p.error; }
 *   p.finish(); // throws a CaptureError for a cut or empty capture
 */
export class CaptureParser {
  private inner: PcapParser | PcapngParser | undefined;
  /** The first bytes while fewer than SNIFF_LENGTH have arrived. */
  private head: Buffer = Buffer.alloc(0);
  private failure: CaptureError | undefined;

  constructor(private readonly opts: ParserOptions = {}) {}

  get info(): CaptureInfo | undefined {
    return this.inner?.info;
  }

  /** Bytes pushed so far: the stream offset of the next chunk. */
  get bytesPushed(): number {
    return this.inner?.bytesPushed ?? this.head.length;
  }

  /** Packet records seen so far (the number of the last frame). */
  get framesSeen(): number {
    return this.inner?.framesSeen ?? 0;
  }

  get error(): CaptureError | undefined {
    return this.failure ?? this.inner?.error;
  }

  /** Frames of the complete records in `chunk` (see RecordParser.push); never throws for bad data. */
  push(chunk: Buffer): RawFrame[] {
    if (this.inner !== undefined) return this.inner.push(chunk);
    if (this.failure !== undefined || chunk.length === 0) return [];
    if (this.head.length + chunk.length < SNIFF_LENGTH) {
      this.head = Buffer.concat([this.head, chunk]);
      return [];
    }
    const held = this.head;
    const sniffed = sniffFormat(held.length === 0 ? chunk : Buffer.concat([held, chunk.subarray(0, SNIFF_LENGTH)]));
    if (sniffed === 'pcap') this.inner = new PcapParser(this.opts);
    else if (sniffed === 'pcapng') this.inner = new PcapngParser(this.opts);
    else {
      this.failure = badMagic(held.length === 0 ? chunk : Buffer.concat([held, chunk]), sniffed === 'gzip');
      return [];
    }
    this.head = Buffer.alloc(0);
    if (held.length === 0) return this.inner.push(chunk);
    const early = this.inner.push(held);
    const rest = this.inner.push(chunk);
    return early.length === 0 ? rest : early.concat(rest);
  }

  /** Ends the input; throws the CaptureError that stopped parsing, or one for a cut or empty capture. */
  finish(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.inner !== undefined) {
      this.inner.finish();
      return;
    }
    if (this.head.length === 0) throw new CaptureError('the capture is empty (0 bytes)', 0, 0, 'empty-file');
    this.failure = new CaptureError(
      `capture cut short in the file header at byte offset ${this.head.length}: only ${this.head.length} byte(s) (${hexBytes(this.head)}) present`,
      0,
      0,
      'truncated-header',
    );
    throw this.failure;
  }
}

function badMagic(head: Buffer, gzip: boolean): CaptureError {
  const first = hexBytes(head.subarray(0, 8));
  const why = gzip
    ? 'it is gzip data inside gzip data'
    : 'expected a pcap magic (d4 c3 b2 a1, 4d 3c b2 a1 or either reversed) or a pcapng section header (0a 0d 0d 0a)';
  return new CaptureError(
    `not a pcap or pcapng file: the first bytes are ${first}; ${why}`,
    0,
    0,
    'bad-magic',
  );
}
