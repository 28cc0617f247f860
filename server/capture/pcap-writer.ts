import { MAX_SANE_CAPLEN } from './capture-limits.js';
import type { FrameToWrite } from './frame-to-write.js';
import { OutputSink, type OutputTarget } from './output-sink.js';
import { PCAP_FILE_HEADER_LENGTH, PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO } from './pcap-parser.js';

export interface PcapWriterOptions {
  /** LINKTYPE_* of every frame (see link-types.ts). */
  readonly linkType: number;
  /** Frames longer than this are cut (origLen keeps the full length). Default 262144. */
  readonly snapLen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  readonly nanosecond?: boolean;
  /** Write in big-endian byte order (readers must handle both; useful for tests). */
  readonly bigEndian?: boolean;
}

const RECORD_HEADER_LENGTH = 16;

/** The 24-byte pcap file header for these options. */
export function encodePcapHeader(opts: PcapWriterOptions): Buffer {
  const b = Buffer.alloc(PCAP_FILE_HEADER_LENGTH);
  const le = opts.bigEndian !== true;
  const u32 = (v: number, o: number): number => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const u16 = (v: number, o: number): number => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  u32(opts.nanosecond === true ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, 0);
  u16(2, 4);
  u16(4, 6);
  u32(snapLenOf(opts), 16);
  u32(opts.linkType >>> 0, 20);
  return b;
}

/** One record: 16-byte header then the (snaplen-cut) data. */
export function encodePcapRecord(frame: FrameToWrite, opts: PcapWriterOptions): Buffer {
  const caplen = Math.min(frame.data.length, snapLenOf(opts));
  const b = Buffer.allocUnsafe(RECORD_HEADER_LENGTH + caplen);
  const le = opts.bigEndian !== true;
  const nano = opts.nanosecond === true;
  checkTime(frame);
  const frac = nano ? frame.tsNsec : Math.floor(frame.tsNsec / 1000);
  const origLen = Math.max(frame.origLen ?? frame.data.length, caplen);
  if (le) {
    b.writeUInt32LE(frame.tsSec, 0);
    b.writeUInt32LE(frac, 4);
    b.writeUInt32LE(caplen, 8);
    b.writeUInt32LE(origLen, 12);
  } else {
    b.writeUInt32BE(frame.tsSec, 0);
    b.writeUInt32BE(frac, 4);
    b.writeUInt32BE(caplen, 8);
    b.writeUInt32BE(origLen, 12);
  }
  b.set(frame.data.subarray(0, caplen), RECORD_HEADER_LENGTH);
  return b;
}

/** A whole pcap file in memory (for tests and fixtures). */
export function encodePcap(frames: Iterable<FrameToWrite>, opts: PcapWriterOptions): Buffer {
  const parts = [encodePcapHeader(opts)];
  for (const f of frames) parts.push(encodePcapRecord(f, opts));
  return Buffer.concat(parts);
}

/**
 * Writes a pcap file incrementally: the header at construction, then one write per frame,
 * so everything written survives a crash (see OutputSink).
 */
export class PcapWriter {
  private readonly sink: OutputSink;

  constructor(
    target: OutputTarget,
    private readonly opts: PcapWriterOptions,
  ) {
    this.sink = new OutputSink(target);
    this.sink.write(encodePcapHeader(opts));
  }

  /** Appends one frame; false when a stream target asks the caller to wait for 'drain'. */
  write(frame: FrameToWrite): boolean {
    return this.sink.write(encodePcapRecord(frame, this.opts));
  }

  get bytesWritten(): number {
    return this.sink.bytesWritten;
  }

  /** Ends a stream target (awaiting its flush); a file descriptor stays open for its owner. */
  close(): Promise<void> {
    return this.sink.close();
  }
}

function snapLenOf(opts: PcapWriterOptions): number {
  return opts.snapLen ?? MAX_SANE_CAPLEN;
}

function checkTime(frame: FrameToWrite): void {
  const { tsSec, tsNsec } = frame;
  if (!Number.isInteger(tsSec) || tsSec < 0 || tsSec > 0xffffffff || !Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec > 999_999_999) {
    throw new RangeError(`timestamp ${tsSec}.${tsNsec} cannot be written to pcap (seconds must fit 32 bits unsigned)`);
  }
}
