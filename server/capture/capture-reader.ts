import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { CaptureInfo, RawFrame } from '../model/frame.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { CaptureError } from './capture-error.js';
import { CaptureParser } from './capture-parser.js';
import { sniffFormat } from './capture-magic.js';

export interface CaptureReaderOptions {
  /** Bytes per read (and per gunzip output chunk). Default 1 MiB: per-chunk costs vanish. */
  readonly chunkSize?: number;
  readonly onDiagnostic?: (d: Diagnostic) => void;
}

export const DEFAULT_CHUNK_SIZE = 1 << 20;

/**
 * Reads a pcap or pcapng capture, plain or gzip-compressed, from a file, standard input ('-')
 * or any readable stream, as batches of frames — one batch per chunk, the frames being views
 * into that chunk. Memory stays bounded by the chunk size (plus one carried record).
 *
 * Bad input: every frame before the problem is yielded, then the iterator throws a
 * CaptureError naming the byte offset and frame. Read errors are CaptureErrors with code
 * `io-error`; corrupt compressed data gives `gzip-error`.
 */
export class CaptureReader {
  private parser: CaptureParser;
  private consumedRaw = 0;
  private started = false;
  private isGzip = false;
  private readonly chunkSize: number;
  private readonly size: number | undefined;

  private constructor(
    private readonly input: string | NodeJS.ReadableStream,
    private readonly opts: CaptureReaderOptions,
  ) {
    this.chunkSize = Math.max(4096, Math.floor(opts.chunkSize ?? DEFAULT_CHUNK_SIZE));
    this.parser = new CaptureParser({ onDiagnostic: opts.onDiagnostic });
    this.size = undefined;
    if (typeof input === 'string' && input !== '-') {
      try {
        const st = statSync(input);
        if (st.isFile()) this.size = st.size;
      } catch {
        // Reported as an io-error when reading starts.
      }
    }
  }

  /** A reader for a path, '-' for standard input, or a readable stream. Nothing is read yet. */
  static open(input: string | NodeJS.ReadableStream, opts: CaptureReaderOptions = {}): CaptureReader {
    return new CaptureReader(input, opts);
  }

  /** Set once the file header has been read (pcapng: updated as interfaces are declared). */
  get info(): CaptureInfo | undefined {
    return this.parser.info;
  }

  /** Bytes of the input (compressed, for gzip) consumed so far, for progress. */
  get bytesRead(): number {
    return this.consumedRaw;
  }

  /** File size when known (a regular file); undefined for stdin and streams. */
  get totalBytes(): number | undefined {
    return this.size;
  }

  /**
   * One batch of frames per chunk read. The frames are views valid until the next batch is
   * requested: a consumer that keeps bytes copies them. May be iterated once.
   */
  async *batches(): AsyncGenerator<RawFrame[], void, undefined> {
    if (this.started) throw new Error('CaptureReader.batches() can be iterated only once');
    this.started = true;
    const raw = this.rawChunks();
    const first = await raw.next();
    const parser = this.parser;
    if (first.done === true) {
      parser.finish();
      return;
    }
    let head = first.value;
    if (head.length === 1 && head[0] === 0x1f) {
      // Could be the start of a gzip header: look at one more byte before deciding.
      const second = await raw.next();
      if (second.done !== true) head = Buffer.concat([head, second.value]);
    }
    const gzip = sniffFormat(head) === 'gzip';
    this.isGzip = gzip;
    if (gzip) this.parser = new CaptureParser({ onDiagnostic: this.opts.onDiagnostic, gzip: true });
    const source = gzip ? this.gunzip(head, raw) : prepend(head, raw);
    for await (const chunk of source) {
      const frames = this.parser.push(chunk);
      if (frames.length > 0) yield frames;
      const err = this.parser.error;
      if (err !== undefined) throw err;
    }
    this.parser.finish();
  }

  /** Every frame of `batches()`, one at a time (same validity rule). */
  async *frames(): AsyncGenerator<RawFrame, void, undefined> {
    for await (const batch of this.batches()) {
      for (const f of batch) yield f;
    }
  }

  /** Whether the input turned out to be gzip-compressed (known after the first chunk). */
  get gzip(): boolean {
    return this.isGzip;
  }

  private async *rawChunks(): AsyncGenerator<Buffer, void, undefined> {
    const input = this.input;
    const name = typeof input === 'string' ? (input === '-' ? 'standard input' : input) : 'the input stream';
    const stream: NodeJS.ReadableStream =
      typeof input !== 'string'
        ? input
        : input === '-'
          ? process.stdin
          : createReadStream(input, { highWaterMark: this.chunkSize });
    try {
      for await (const c of stream as AsyncIterable<Buffer | string>) {
        const chunk = typeof c === 'string' ? Buffer.from(c, 'latin1') : c;
        this.consumedRaw += chunk.length;
        yield chunk;
      }
    } catch (e) {
      if (e instanceof CaptureError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new CaptureError(
        `cannot read ${name}: ${err.message}`,
        this.parser.bytesPushed,
        0,
        'io-error',
      );
    }
  }

  /**
   * Decompresses a gzip stream (RFC 1952; concatenated members are read as one stream).
   *
   * The compressed bytes are fed in small slices, each only once the output of the previous
   * one has been taken, so (a) memory stays bounded even for a "zip bomb" (deflate expands at
   * most ~1032:1, so one slice yields at most ~17 MB), and (b) everything decompressed before
   * corrupt data is delivered before the error (a zlib stream that fails discards its buffer).
   */
  private async *gunzip(head: Buffer, rest: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<Buffer, void, undefined> {
    const gunzip = createGunzip({ chunkSize: Math.min(this.chunkSize, GUNZIP_OUTPUT_CHUNK) });
    let out: Buffer[] = [];
    let outLen = 0;
    let failure: NodeJS.ErrnoException | undefined;
    let closed = false;
    gunzip.on('data', (c: Buffer) => {
      out.push(c);
      outLen += c.length;
    });
    gunzip.on('error', (e: NodeJS.ErrnoException) => {
      failure ??= e;
    });
    gunzip.on('close', () => {
      closed = true;
    });
    const settle = (start: (done: () => void) => void): Promise<void> =>
      new Promise((resolve) => {
        let done = false;
        const finish = (): void => {
          if (done) return;
          done = true;
          gunzip.off('close', finish);
          gunzip.off('end', finish);
          // Let 'data' events scheduled on the tick queue run before looking at the output.
          setImmediate(resolve);
        };
        gunzip.once('close', finish);
        start(finish);
      });
    const take = (): Buffer => {
      const b = out.length === 1 ? out[0] : Buffer.concat(out, outLen);
      out = [];
      outLen = 0;
      return b;
    };
    try {
      for await (const chunk of prepend(head, rest)) {
        for (let i = 0; i < chunk.length && failure === undefined && !closed; i += GUNZIP_INPUT_SLICE) {
          const slice = chunk.subarray(i, i + GUNZIP_INPUT_SLICE);
          await settle((done) => gunzip.write(slice, () => done()));
          if (outLen >= this.chunkSize) yield take();
        }
        if (failure !== undefined || closed) break;
      }
      if (failure === undefined && !closed) {
        await settle((done) => {
          gunzip.once('end', done);
          gunzip.end();
        });
      }
      if (outLen > 0) yield take();
    } finally {
      gunzip.destroy();
    }
    if (failure !== undefined) {
      const err = failure;
      const at = this.parser.bytesPushed;
      const frame = this.parser.framesSeen + 1;
      if (typeof err.code === 'string' && err.code.startsWith('Z_')) {
        throw new CaptureError(
          err.code === 'Z_BUF_ERROR'
            ? `compressed capture cut short: the gzip stream ends after ${at} decompressed bytes`
            : `corrupt gzip data after ${at} decompressed bytes: ${err.message}`,
          at,
          frame,
          'gzip-error',
        );
      }
      throw new CaptureError(`cannot decompress the input: ${err.message}`, at, frame, 'gzip-error');
    }
  }
}

/** Compressed bytes per gunzip write: bounds what one write can expand to. */
const GUNZIP_INPUT_SLICE = 16 * 1024;
/** gunzip output buffer size (outputs are joined up to the reader's chunk size). */
const GUNZIP_OUTPUT_CHUNK = 256 * 1024;

async function* prepend(head: Buffer, rest: AsyncGenerator<Buffer, void, undefined>): AsyncGenerator<Buffer, void, undefined> {
  yield head;
  yield* rest;
}
