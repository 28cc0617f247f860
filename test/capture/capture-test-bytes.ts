import type { RawFrame } from '../../server/model/frame.js';
import type { Diagnostic } from '../../server/model/diagnostic.js';
import { CaptureError } from '../../server/capture/capture-error.js';
import { CaptureParser } from '../../server/capture/capture-parser.js';

/** Test helpers: hand-built capture bytes (independent of the project's writers) and a parse driver. */

export interface ParseResult {
  readonly frames: RawFrame[];
  readonly error: CaptureError | undefined;
  readonly diagnostics: Diagnostic[];
  readonly parser: CaptureParser;
}

/** Pushes `bytes` cut at `cuts` (ascending offsets) through a CaptureParser, then finishes it. */
export function parseCut(bytes: Buffer, cuts: readonly number[]): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const parser = new CaptureParser({ onDiagnostic: (d) => diagnostics.push(d) });
  const frames: RawFrame[] = [];
  let error: CaptureError | undefined;
  let prev = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const f of parser.push(bytes.subarray(prev, cut))) frames.push(f);
    prev = cut;
    if (parser.error !== undefined) break;
  }
  try {
    parser.finish();
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    error = e;
  }
  return { frames, error, diagnostics, parser };
}

/** Pushes `bytes` in chunks of `chunkSize`. */
export function parseChunked(bytes: Buffer, chunkSize = Math.max(1, bytes.length)): ParseResult {
  const cuts: number[] = [];
  for (let i = chunkSize; i < bytes.length; i += chunkSize) cuts.push(i);
  return parseCut(bytes, cuts);
}

/** The parts of a frame that must survive any chunking, with the bytes as hex. */
export function frameKey(f: RawFrame): string {
  return [f.frame, f.tsSec, f.tsNsec, f.linkType, f.origLen, f.fileOffset, f.recordLength, f.interfaceId, f.data.toString('hex')].join('|');
}

/** A pcapng block built by hand: type, total length, body (padded to 4), total length. */
export function ngBlock(type: number, body: Buffer, le = true): Buffer {
  const padded = (body.length + 3) & ~3;
  const total = 12 + padded;
  const b = Buffer.alloc(total);
  if (le) {
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(total, 4);
    b.writeUInt32LE(total, total - 4);
  } else {
    b.writeUInt32BE(type, 0);
    b.writeUInt32BE(total, 4);
    b.writeUInt32BE(total, total - 4);
  }
  body.copy(b, 8);
  return b;
}

/** 32-bit words in the given byte order. */
export function words(values: readonly number[], le = true): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => (le ? b.writeUInt32LE(v >>> 0, i * 4) : b.writeUInt32BE(v >>> 0, i * 4)));
  return b;
}

/** pcapng option list (code, value) ending with opt_endofopt. */
export function ngOptions(options: ReadonlyArray<readonly [number, Buffer]>, le = true): Buffer {
  const parts: Buffer[] = [];
  for (const [code, v] of options) {
    const h = Buffer.alloc(4);
    if (le) {
      h.writeUInt16LE(code, 0);
      h.writeUInt16LE(v.length, 2);
    } else {
      h.writeUInt16BE(code, 0);
      h.writeUInt16BE(v.length, 2);
    }
    parts.push(h, v, Buffer.alloc(((v.length + 3) & ~3) - v.length));
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

export function shb(le = true, options: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.alloc(16);
  if (le) {
    body.writeUInt32LE(0x1a2b3c4d, 0);
    body.writeUInt16LE(1, 4);
  } else {
    body.writeUInt32BE(0x1a2b3c4d, 0);
    body.writeUInt16BE(1, 4);
  }
  body.fill(0xff, 8, 16);
  return ngBlock(0x0a0d0d0a, Buffer.concat([body, options]), le);
}

export function idb(linkType: number, snapLen: number, le = true, options: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.alloc(8);
  if (le) {
    body.writeUInt16LE(linkType, 0);
    body.writeUInt32LE(snapLen, 4);
  } else {
    body.writeUInt16BE(linkType, 0);
    body.writeUInt32BE(snapLen, 4);
  }
  return ngBlock(1, Buffer.concat([body, options]), le);
}

export function epb(ifId: number, hi: number, lo: number, data: Buffer, origLen = data.length, le = true): Buffer {
  return ngBlock(6, Buffer.concat([words([ifId, hi, lo, data.length, origLen], le), data]), le);
}

/** A 64-bit tick count as (hi, lo). */
export function split64(t: bigint): [number, number] {
  return [Number(t >> 32n), Number(t & 0xffffffffn)];
}

/** Deterministic packet bytes of a given length. */
export function payload(len: number, seed: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  return b;
}
