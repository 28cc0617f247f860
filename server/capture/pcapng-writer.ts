import type { FrameToWrite } from './frame-to-write.js';
import { OutputSink, type OutputTarget } from './output-sink.js';
import { PCAPNG_BYTE_ORDER_MAGIC, PcapngBlock, PcapngOption } from './pcapng-parser.js';
import { TimestampResolution } from './timestamp-resolution.js';

/** One Interface Description Block. */
export interface PcapngInterfaceOptions {
  /** LINKTYPE_* (see link-types.ts). */
  readonly linkType: number;
  /** Frames longer than this are cut (origLen keeps the full length). 0 = no limit; default 262144. */
  readonly snapLen?: number;
  /** if_name, e.g. "eth0". */
  readonly name?: string;
  /** if_description. */
  readonly description?: string;
  /** if_tsresol byte: 6 = µs (the default, then no option is written), 9 = ns; bit 7 set = 2^-n. */
  readonly tsresol?: number;
}

export interface PcapngWriterOptions {
  /** Interfaces in IDB order; a frame's interfaceId indexes this list. At least one. */
  readonly interfaces: readonly PcapngInterfaceOptions[];
  /** opt_comment of the Section Header Block. */
  readonly comment?: string;
  /** shb_userappl: the writing application. Default "sipscope". */
  readonly userAppl?: string;
  /** Write the section big-endian (readers must handle both; useful for tests). */
  readonly bigEndian?: boolean;
}

const DEFAULT_SNAPLEN = 262144;

type OptionList = Array<[code: number, value: Buffer]>;

/** Encodes one block: type, total length, body, options (ending with opt_endofopt), total length. */
function block(type: number, body: Buffer, options: OptionList, le: boolean): Buffer {
  let optLen = 0;
  for (const [, v] of options) optLen += 4 + ((v.length + 3) & ~3);
  if (optLen > 0) optLen += 4;
  const bodyLen = (body.length + 3) & ~3;
  const total = 12 + bodyLen + optLen;
  const b = Buffer.alloc(total);
  const u32 = (v: number, o: number): number => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const u16 = (v: number, o: number): number => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  u32(type, 0);
  u32(total, 4);
  body.copy(b, 8);
  let p = 8 + bodyLen;
  for (const [code, v] of options) {
    u16(code, p);
    u16(v.length, p + 2);
    v.copy(b, p + 4);
    p += 4 + ((v.length + 3) & ~3);
  }
  // opt_endofopt is the 4 zero bytes already there.
  u32(total, total - 4);
  return b;
}

function text(code: number, s: string | undefined, into: OptionList): void {
  if (s !== undefined && s.length > 0) into.push([code, Buffer.from(s, 'utf8')]);
}

/** Section Header Block (version 1.0, section length unknown = -1). */
export function encodeSectionHeader(opts: PcapngWriterOptions): Buffer {
  const le = opts.bigEndian !== true;
  const body = Buffer.alloc(16);
  if (le) {
    body.writeUInt32LE(PCAPNG_BYTE_ORDER_MAGIC, 0);
    body.writeUInt16LE(1, 4);
    body.writeUInt16LE(0, 6);
  } else {
    body.writeUInt32BE(PCAPNG_BYTE_ORDER_MAGIC, 0);
    body.writeUInt16BE(1, 4);
    body.writeUInt16BE(0, 6);
  }
  body.fill(0xff, 8, 16);
  const options: OptionList = [];
  text(PcapngOption.COMMENT, opts.comment, options);
  text(PcapngOption.SHB_USERAPPL, opts.userAppl ?? 'sipscope', options);
  return block(PcapngBlock.SHB, body, options, le);
}

/** Interface Description Block. */
export function encodeInterface(iface: PcapngInterfaceOptions, bigEndian = false): Buffer {
  const le = !bigEndian;
  const body = Buffer.alloc(8);
  if (le) {
    body.writeUInt16LE(iface.linkType, 0);
    body.writeUInt32LE(iface.snapLen ?? DEFAULT_SNAPLEN, 4);
  } else {
    body.writeUInt16BE(iface.linkType, 0);
    body.writeUInt32BE(iface.snapLen ?? DEFAULT_SNAPLEN, 4);
  }
  const options: OptionList = [];
  text(PcapngOption.IF_NAME, iface.name, options);
  text(PcapngOption.IF_DESCRIPTION, iface.description, options);
  if (iface.tsresol !== undefined && iface.tsresol !== 6) options.push([PcapngOption.IF_TSRESOL, Buffer.from([iface.tsresol])]);
  return block(PcapngBlock.IDB, body, options, le);
}

/** Enhanced Packet Block for `frame` on an interface with these options. */
export function encodeEnhancedPacket(frame: FrameToWrite, iface: PcapngInterfaceOptions, bigEndian = false): Buffer {
  const le = !bigEndian;
  const snapLen = iface.snapLen ?? DEFAULT_SNAPLEN;
  const caplen = snapLen === 0 ? frame.data.length : Math.min(frame.data.length, snapLen);
  const res = TimestampResolution.fromTsresol(iface.tsresol ?? 6);
  res.toTicks(frame.tsSec, frame.tsNsec);
  const body = Buffer.alloc(20 + caplen);
  const origLen = Math.max(frame.origLen ?? frame.data.length, caplen);
  const fields = [frame.interfaceId ?? 0, res.hi, res.lo, caplen, origLen];
  for (let i = 0; i < fields.length; i++) {
    if (le) body.writeUInt32LE(fields[i], i * 4);
    else body.writeUInt32BE(fields[i], i * 4);
  }
  body.set(frame.data.subarray(0, caplen), 20);
  const options: OptionList = [];
  text(PcapngOption.COMMENT, frame.comment, options);
  return block(PcapngBlock.EPB, body, options, le);
}

/** A whole pcapng file (one section) in memory, for tests and fixtures. */
export function encodePcapng(frames: Iterable<FrameToWrite>, opts: PcapngWriterOptions): Buffer {
  const w = new PcapngEncoder(opts);
  const parts = [w.header()];
  for (const f of frames) parts.push(w.frame(f));
  return Buffer.concat(parts);
}

/** Encodes blocks for one section, checking each frame's interface. */
class PcapngEncoder {
  constructor(private readonly opts: PcapngWriterOptions) {
    if (opts.interfaces.length === 0) throw new RangeError('a pcapng file needs at least one interface');
  }

  header(): Buffer {
    const big = this.opts.bigEndian === true;
    return Buffer.concat([encodeSectionHeader(this.opts), ...this.opts.interfaces.map((i) => encodeInterface(i, big))]);
  }

  frame(f: FrameToWrite): Buffer {
    const id = f.interfaceId ?? 0;
    const iface = this.opts.interfaces[id];
    if (iface === undefined) {
      throw new RangeError(`frame names interface ${id}, but only ${this.opts.interfaces.length} are declared`);
    }
    return encodeEnhancedPacket(f, iface, this.opts.bigEndian === true);
  }
}

/**
 * Writes a pcapng file incrementally: SHB and IDBs at construction, then one EPB write per
 * frame, so everything written survives a crash (see OutputSink).
 */
export class PcapngWriter {
  private readonly sink: OutputSink;
  private readonly encoder: PcapngEncoder;

  constructor(target: OutputTarget, opts: PcapngWriterOptions) {
    this.encoder = new PcapngEncoder(opts);
    this.sink = new OutputSink(target);
    this.sink.write(this.encoder.header());
  }

  /** Appends one frame (on its interfaceId); false when a stream target asks to wait for 'drain'. */
  write(frame: FrameToWrite): boolean {
    return this.sink.write(this.encoder.frame(frame));
  }

  get bytesWritten(): number {
    return this.sink.bytesWritten;
  }

  /** Ends a stream target (awaiting its flush); a file descriptor stays open for its owner. */
  close(): Promise<void> {
    return this.sink.close();
  }
}
