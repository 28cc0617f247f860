import type { CaptureInfo, RawFrame } from '../model/frame.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { CaptureError } from './capture-error.js';

export interface ParserOptions {
  /** Non-fatal oddities (a timestamp out of range, a packet for an unknown interface, …). */
  readonly onDiagnostic?: (d: Diagnostic) => void;
  /** The bytes come from a gzip stream (reported in CaptureInfo). */
  readonly gzip?: boolean;
}

/**
 * A Buffer view of `len` bytes of `buf` from `start`: Buffer.from over the ArrayBuffer is
 * measurably cheaper per frame than `subarray` (no species lookup), and it copies nothing.
 */
export function viewOf(buf: Buffer, start: number, len: number): Buffer {
  return Buffer.from(buf.buffer, buf.byteOffset + start, len);
}

/** How many diagnostics of one code are reported; the rest are counted and summed up at the end. */
const DIAGNOSTICS_PER_CODE = 20;

/**
 * The chunk machinery shared by the pcap and pcapng push parsers. A capture is a sequence of
 * length-prefixed records (the file header counts as one):
 *
 *   chunk k                          chunk k+1
 *   ┌────────┬────────┬──────────┐   ┌──────┬────────┬──
 *   │ rec n  │ rec n+1│ rec n+2 … │   │ …end │ rec n+3│
 *   └────────┴────────┴──────────┘   └──────┴────────┴──
 *     views    views    copied into the carry, completed from chunk k+1
 *
 * Complete records are handed to `record` as views into the chunk; a record cut by the chunk
 * end is copied into a small buffer (the carry) that grows only as its bytes arrive, so a
 * corrupt length never allocates more than the input holds. Frames made from the carry are
 * views into the carry, which is never reused.
 *
 * Errors never escape `push`: the frames before the problem are returned, the CaptureError is
 * kept in `error`, and later pushes are ignored. `finish` throws it (or reports a cut record).
 */
export abstract class RecordParser {
  /** Bytes pushed before the current chunk: the stream offset of its first byte. */
  protected consumed = 0;
  /** Packet records seen so far (the last frame number given out). */
  protected frameCount = 0;
  protected currentInfo: CaptureInfo | undefined;
  protected readonly gzip: boolean;
  private readonly onDiagnostic: ((d: Diagnostic) => void) | undefined;
  private readonly diagnosticCounts = new Map<string, number>();
  private carry: Buffer | undefined;
  private carryLen = 0;
  private carryOffset = 0;
  private failure: CaptureError | undefined;
  private finished = false;

  constructor(opts: ParserOptions = {}) {
    this.onDiagnostic = opts.onDiagnostic;
    this.gzip = opts.gzip ?? false;
  }

  /** Set once the file header has been read; updated as pcapng interfaces are declared. */
  get info(): CaptureInfo | undefined {
    return this.currentInfo;
  }

  /** The problem that stopped parsing, if any. */
  get error(): CaptureError | undefined {
    return this.failure;
  }

  /** Packet records seen so far (the number of the last frame). */
  get framesSeen(): number {
    return this.frameCount;
  }

  /** Bytes pushed so far. */
  get bytesPushed(): number {
    return this.consumed;
  }

  /**
   * Parses as many complete records as `chunk` (with what was carried over) holds. The frames
   * are views into `chunk` or into a private copy; they stay valid as long as the caller keeps
   * `chunk` unmodified.
   */
  push(chunk: Buffer): RawFrame[] {
    const out: RawFrame[] = [];
    if (this.failure !== undefined || chunk.length === 0) return out;
    if (this.finished) throw new Error('push() after finish()');
    const base = this.consumed;
    try {
      let pos = 0;
      if (this.carryLen > 0) pos = this.completeCarry(chunk, out);
      if (pos >= 0) {
        const end = chunk.length;
        let need = 0;
        while (pos < end) {
          need = this.recordLength(chunk, pos, end - pos, base + pos);
          if (need < 0 || need > end - pos) break;
          this.record(chunk, pos, need, base + pos, out);
          pos += need;
        }
        if (pos < end) this.startCarry(chunk, pos, need < 0 ? -need : need, base + pos);
      }
    } catch (e) {
      if (!(e instanceof CaptureError)) throw e;
      this.failure = e;
      this.carry = undefined;
      this.carryLen = 0;
    }
    this.consumed = base + chunk.length;
    return out;
  }

  /** Ends the input: throws the CaptureError that stopped parsing, or one for a cut record. */
  finish(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.finished) return;
    this.finished = true;
    if (this.consumed === 0) {
      throw new CaptureError('the capture is empty (0 bytes)', 0, 0, 'empty-file');
    }
    if (this.carryLen > 0 && this.carry !== undefined) {
      let need: number;
      try {
        need = this.recordLength(this.carry, 0, this.carryLen, this.carryOffset);
      } catch (e) {
        if (e instanceof CaptureError) this.failure = e;
        throw e;
      }
      this.failure = this.truncated(this.carryOffset, need < 0 ? -need : need, this.carryLen, this.carry);
      throw this.failure;
    }
    for (const [code, n] of this.diagnosticCounts) {
      if (n > DIAGNOSTICS_PER_CODE && this.onDiagnostic !== undefined) {
        this.onDiagnostic({
          code: 'diagnostics-suppressed',
          frame: 0,
          message: `${n - DIAGNOSTICS_PER_CODE} more '${code}' diagnostics were not reported (${n} in all)`,
        });
      }
    }
  }

  /**
   * Length of the record at `off` (header included), or -(bytes needed to know it) when fewer
   * than that are available. Must be at least the number of bytes it asked for. Throws a
   * CaptureError for a length that cannot be right.
   */
  protected abstract recordLength(buf: Buffer, off: number, avail: number, fileOffset: number): number;

  /** Handles one complete record of `len` bytes at `off`; pushes any frame it yields. */
  protected abstract record(buf: Buffer, off: number, len: number, fileOffset: number, out: RawFrame[]): void;

  /** The error for a record that the end of input cut short. */
  protected abstract truncated(fileOffset: number, need: number, have: number, head: Buffer): CaptureError;

  /** Reports a non-fatal finding (at most DIAGNOSTICS_PER_CODE per code, the rest counted). */
  protected diagnostic(code: string, frame: number, fileOffset: number, message: string): void {
    const n = (this.diagnosticCounts.get(code) ?? 0) + 1;
    this.diagnosticCounts.set(code, n);
    if (n <= DIAGNOSTICS_PER_CODE && this.onDiagnostic !== undefined) {
      this.onDiagnostic({ code, frame, fileOffset, message });
    }
  }

  private startCarry(chunk: Buffer, pos: number, target: number, fileOffset: number): void {
    const tail = chunk.length - pos;
    // Grow with the data, not with the claimed length: the claim may be a lie.
    const buf = Buffer.allocUnsafe(Math.min(target, Math.max(tail, 4096)));
    chunk.copy(buf, 0, pos);
    this.carry = buf;
    this.carryLen = tail;
    this.carryOffset = fileOffset;
  }

  /** Completes the carried record from the head of `chunk`; returns where parsing resumes, or -1. */
  private completeCarry(chunk: Buffer, out: RawFrame[]): number {
    let taken = 0;
    for (;;) {
      let buf = this.carry as Buffer;
      const need = this.recordLength(buf, 0, this.carryLen, this.carryOffset);
      const target = need < 0 ? -need : need;
      if (this.carryLen < target) {
        const take = Math.min(target - this.carryLen, chunk.length - taken);
        const size = this.carryLen + take;
        if (size > buf.length) {
          const grown = Buffer.allocUnsafe(Math.min(target, Math.max(buf.length * 2, size)));
          buf.copy(grown, 0, 0, this.carryLen);
          buf = grown;
          this.carry = grown;
        }
        chunk.copy(buf, this.carryLen, taken, taken + take);
        this.carryLen = size;
        taken += take;
        if (size < target) return -1;
        if (need < 0) continue; // the header is complete now: learn the record's length
      }
      this.carry = undefined;
      this.carryLen = 0;
      this.record(buf, 0, need, this.carryOffset, out);
      return taken;
    }
  }
}
