import type { RawFrame } from '../model/frame.js';
import { CaptureError } from './capture-error.js';
import { MAX_RECORD_LENGTH } from './capture-limits.js';
import { RecordParser, viewOf, type ParserOptions } from './record-parser.js';
import { TimestampResolution } from './timestamp-resolution.js';

/** Block types (draft-ietf-opsawg-pcapng §4, §5). */
export const PcapngBlock = {
  SHB: 0x0a0d0d0a,
  IDB: 0x00000001,
  /** Packet Block: obsolete, still written by old tools. */
  OPB: 0x00000002,
  SPB: 0x00000003,
  NRB: 0x00000004,
  ISB: 0x00000005,
  EPB: 0x00000006,
} as const;

/** Section Header Block byte-order magic, read in the section's byte order. */
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Option codes read or written by this project (§3.5 generic, §4.1 SHB, §4.2 IDB). */
export const PcapngOption = {
  ENDOFOPT: 0,
  COMMENT: 1,
  SHB_USERAPPL: 4,
  IF_NAME: 2,
  IF_DESCRIPTION: 3,
  IF_TSRESOL: 9,
  IF_TSOFFSET: 14,
} as const;

/** Smallest legal total length of each block: header and trailer plus fixed fields. */
const MIN_BLOCK = 12;
const MIN_SHB = 28;
const MIN_IDB = 20;
/** EPB and the obsolete Packet Block have the same fixed part. */
const MIN_EPB = 32;
const MIN_SPB = 16;

interface PcapngInterface {
  readonly linkType: number;
  /** 0 means "no limit". */
  readonly snapLen: number;
  readonly resolution: TimestampResolution;
  /** if_tsoffset: seconds added to every timestamp of the interface. */
  readonly offsetSec: number;
  readonly name: string | undefined;
}

/**
 * Push parser for pcapng. Every block is a record:
 *
 *   ┌───────────┬──────────────────┬──────────── … ─┬──────────────────┐
 *   │ type (4)  │ total length (4) │ body, options  │ total length (4) │
 *   └───────────┴──────────────────┴──────────── … ─┴──────────────────┘
 *
 * A Section Header Block starts a section with its own byte order (found from its byte-order
 * magic) and its own interface list; Interface Description Blocks number interfaces from 0
 * within the section. Enhanced, Simple and (obsolete) Packet Blocks are packets; everything
 * else is skipped by its length.
 */
export class PcapngParser extends RecordParser {
  private le = true;
  private sections = 0;
  private interfaces: PcapngInterface[] = [];
  private firstSectionBigEndian = false;

  constructor(opts: ParserOptions = {}) {
    super(opts);
  }

  protected recordLength(buf: Buffer, off: number, avail: number, fileOffset: number): number {
    if (avail < 8) return -8;
    let le = this.le;
    const type = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
    if (type === PcapngBlock.SHB) {
      // The SHB type reads the same in both orders; its byte-order magic tells which applies.
      if (avail < 12) return -12;
      if (buf.readUInt32LE(off + 8) === PCAPNG_BYTE_ORDER_MAGIC) le = true;
      else if (buf.readUInt32BE(off + 8) === PCAPNG_BYTE_ORDER_MAGIC) le = false;
      else {
        throw new CaptureError(
          `section header block at byte offset ${fileOffset} has byte-order magic ` +
            `${buf.subarray(off + 8, off + 12).toString('hex')}, not 1a2b3c4d in either byte order`,
          fileOffset,
          0,
          'bad-magic',
        );
      }
    } else if (this.sections === 0) {
      throw new CaptureError(
        `not a pcapng file: the first block at byte offset ${fileOffset} is of type 0x${type.toString(16)}, not a section header`,
        fileOffset,
        0,
        'bad-magic',
      );
    }
    const len = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    const min = type === PcapngBlock.SHB ? MIN_SHB : MIN_BLOCK;
    if (len < min || (len & 3) !== 0) {
      throw new CaptureError(
        `${blockName(type)} at byte offset ${fileOffset} has a total length of ${len}: ` +
          (len < min ? `less than the minimum ${min}` : 'not a multiple of 4'),
        fileOffset,
        this.frameCount + 1,
        'block-length-mismatch',
      );
    }
    if (len > MAX_RECORD_LENGTH) {
      throw new CaptureError(
        `${blockName(type)} at byte offset ${fileOffset} claims a total length of ${len} bytes, more than the ` +
          `${MAX_RECORD_LENGTH}-byte limit: the block header is corrupt`,
        fileOffset,
        this.frameCount + 1,
        'record-too-long',
      );
    }
    return len;
  }

  protected record(buf: Buffer, off: number, len: number, fileOffset: number, out: RawFrame[]): void {
    const first = buf.readUInt32LE(off);
    if (first === PcapngBlock.SHB) {
      this.sectionHeader(buf, off, len, fileOffset);
      return;
    }
    const le = this.le;
    const type = le ? first : buf.readUInt32BE(off);
    const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
    if (trailer !== len) this.lengthMismatch(type, fileOffset, len, trailer);
    switch (type) {
      case PcapngBlock.EPB:
      case PcapngBlock.OPB:
        this.timestampedPacket(buf, off, len, fileOffset, out, le, type);
        return;
      case PcapngBlock.SPB:
        this.simplePacket(buf, off, len, fileOffset, out, le);
        return;
      case PcapngBlock.IDB:
        this.interfaceDescription(buf, off, len, fileOffset, le);
        return;
      default:
        // NRB, ISB, DSB, custom and unknown blocks: nothing a SIP analysis needs.
        return;
    }
  }

  protected truncated(fileOffset: number, need: number, have: number, head: Buffer): CaptureError {
    if (this.sections === 0) {
      return new CaptureError(
        `capture cut short in the pcapng section header at byte offset ${fileOffset + have}: it needs ${need} bytes, only ${have} present`,
        fileOffset,
        0,
        'truncated-header',
      );
    }
    const type = have >= 4 ? (this.le ? head.readUInt32LE(0) : head.readUInt32BE(0)) : -1;
    const isPacket = type === PcapngBlock.EPB || type === PcapngBlock.SPB || type === PcapngBlock.OPB;
    const what = type < 0 || isPacket ? `frame ${this.frameCount + 1}` : blockName(type);
    return new CaptureError(
      `capture cut short: ${what} at byte offset ${fileOffset} needs ${need} bytes, only ${have} present`,
      fileOffset,
      this.frameCount + 1,
      'truncated-record',
    );
  }

  private lengthMismatch(type: number, fileOffset: number, len: number, trailer: number): never {
    throw new CaptureError(
      `${blockName(type)} at byte offset ${fileOffset}: leading total length ${len} and trailing total length ${trailer} differ`,
      fileOffset,
      this.frameCount + 1,
      'block-length-mismatch',
    );
  }

  private sectionHeader(buf: Buffer, off: number, len: number, fileOffset: number): void {
    const le = buf.readUInt32LE(off + 8) === PCAPNG_BYTE_ORDER_MAGIC;
    const trailer = le ? buf.readUInt32LE(off + len - 4) : buf.readUInt32BE(off + len - 4);
    if (trailer !== len) this.lengthMismatch(PcapngBlock.SHB, fileOffset, len, trailer);
    const major = le ? buf.readUInt16LE(off + 12) : buf.readUInt16BE(off + 12);
    const minor = le ? buf.readUInt16LE(off + 14) : buf.readUInt16BE(off + 14);
    if (major !== 1) {
      // A different major version may lay blocks out differently: reading on would be guessing.
      throw new CaptureError(
        `pcapng section at byte offset ${fileOffset} has version ${major}.${minor}; only 1.x can be read`,
        fileOffset,
        0,
        'unsupported-version',
      );
    }
    this.le = le;
    if (this.sections === 0) this.firstSectionBigEndian = !le;
    this.sections++;
    this.interfaces = [];
    this.updateInfo();
  }

  private interfaceDescription(buf: Buffer, off: number, len: number, fileOffset: number, le: boolean): void {
    if (len < MIN_IDB) this.tooShort(PcapngBlock.IDB, fileOffset, len, MIN_IDB);
    const linkType = le ? buf.readUInt16LE(off + 8) : buf.readUInt16BE(off + 8);
    const snapLen = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
    let resolution = TimestampResolution.MICRO;
    let offsetSec = 0;
    let name: string | undefined;
    const end = off + len - 4;
    let p = off + 16;
    while (p + 4 <= end) {
      const code = le ? buf.readUInt16LE(p) : buf.readUInt16BE(p);
      const olen = le ? buf.readUInt16LE(p + 2) : buf.readUInt16BE(p + 2);
      if (code === PcapngOption.ENDOFOPT) break;
      const v = p + 4;
      if (v + olen > end) {
        this.diagnostic(
          'bad-option',
          0,
          fileOffset,
          `interface description block at byte offset ${fileOffset}: option ${code} of ${olen} bytes runs past the block`,
        );
        break;
      }
      if (code === PcapngOption.IF_TSRESOL && olen >= 1) {
        resolution = TimestampResolution.fromTsresol(buf[v]);
      } else if (code === PcapngOption.IF_TSOFFSET && olen >= 8) {
        // Signed 64-bit seconds; any offset a real file uses is far below 2^53.
        const lo = le ? buf.readUInt32LE(v) : buf.readUInt32BE(v + 4);
        const hi = le ? buf.readInt32LE(v + 4) : buf.readInt32BE(v);
        offsetSec = hi * 4294967296 + lo;
      } else if (code === PcapngOption.IF_NAME) {
        name = buf.toString('utf8', v, v + olen);
      }
      p = v + ((olen + 3) & ~3);
    }
    this.interfaces.push({ linkType, snapLen, resolution, offsetSec, name });
    this.updateInfo();
  }

  /**
   * EPB (type 6) and the obsolete Packet Block (type 2) share a layout except for the
   * interface id: 32 bits in an EPB, 16 bits (then 16 bits of drop count) in a Packet Block.
   *
   *   8: interface id | 12: ts high | 16: ts low | 20: caplen | 24: origlen | 28: data…
   */
  private timestampedPacket(buf: Buffer, off: number, len: number, fileOffset: number, out: RawFrame[], le: boolean, type: number): void {
    if (len < MIN_EPB) this.tooShort(type, fileOffset, len, MIN_EPB);
    const frame = ++this.frameCount;
    const interfaceId =
      type === PcapngBlock.EPB
        ? le
          ? buf.readUInt32LE(off + 8)
          : buf.readUInt32BE(off + 8)
        : le
          ? buf.readUInt16LE(off + 8)
          : buf.readUInt16BE(off + 8);
    const hi = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
    const lo = le ? buf.readUInt32LE(off + 16) : buf.readUInt32BE(off + 16);
    const caplen = le ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20);
    const origLen = le ? buf.readUInt32LE(off + 24) : buf.readUInt32BE(off + 24);
    if (caplen > len - MIN_EPB) this.dataTooLong(type, frame, fileOffset, len, caplen);
    this.emit(out, frame, interfaceId, hi, lo, buf, off + 28, caplen, origLen, fileOffset, len);
  }

  private simplePacket(buf: Buffer, off: number, len: number, fileOffset: number, out: RawFrame[], le: boolean): void {
    // §4.4: no interface id (always interface 0), no timestamp; the captured length is the
    // original length cut to interface 0's snaplen (and, defensively, to the block).
    if (len < MIN_SPB) this.tooShort(PcapngBlock.SPB, fileOffset, len, MIN_SPB);
    const frame = ++this.frameCount;
    const iface = this.interfaces[0];
    if (iface === undefined) {
      this.unknownInterface(frame, fileOffset, 0, 'simple packet block');
      return;
    }
    const origLen = le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    let caplen = Math.min(origLen, len - MIN_SPB);
    if (iface.snapLen !== 0 && iface.snapLen < caplen) caplen = iface.snapLen;
    out.push({
      frame,
      tsSec: 0,
      tsNsec: 0,
      linkType: iface.linkType,
      data: viewOf(buf, off + 12, caplen),
      origLen,
      fileOffset,
      recordLength: len,
      interfaceId: 0,
    });
  }

  private emit(
    out: RawFrame[],
    frame: number,
    interfaceId: number,
    hi: number,
    lo: number,
    buf: Buffer,
    dataOff: number,
    caplen: number,
    origLen: number,
    fileOffset: number,
    len: number,
  ): void {
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      this.unknownInterface(frame, fileOffset, interfaceId, 'packet');
      return;
    }
    const res = iface.resolution;
    res.convert(hi, lo);
    out.push({
      frame,
      tsSec: res.sec + iface.offsetSec,
      tsNsec: res.nsec,
      linkType: iface.linkType,
      data: viewOf(buf, dataOff, caplen),
      origLen,
      fileOffset,
      recordLength: len,
      interfaceId,
    });
  }

  private unknownInterface(frame: number, fileOffset: number, interfaceId: number, what: string): void {
    this.diagnostic(
      'unknown-interface',
      frame,
      fileOffset,
      `frame ${frame} at byte offset ${fileOffset}: ${what} names interface ${interfaceId}, but the section declares ` +
        `${this.interfaces.length} interface(s); frame skipped`,
    );
  }

  private tooShort(type: number, fileOffset: number, len: number, min: number): never {
    throw new CaptureError(
      `${blockName(type)} at byte offset ${fileOffset} has a total length of ${len}, less than the minimum ${min}`,
      fileOffset,
      this.frameCount + 1,
      'block-length-mismatch',
    );
  }

  private dataTooLong(type: number, frame: number, fileOffset: number, len: number, caplen: number): never {
    throw new CaptureError(
      `frame ${frame} at byte offset ${fileOffset}: ${blockName(type)} claims ${caplen} captured bytes, ` +
        `more than its total length of ${len} can hold`,
      fileOffset,
      frame,
      'block-length-mismatch',
    );
  }

  private updateInfo(): void {
    const first = this.interfaces[0];
    this.currentInfo = {
      format: 'pcapng',
      gzip: this.gzip,
      linkTypes: this.interfaces.map((i) => i.linkType),
      snapLen: first?.snapLen ?? 0,
      bigEndian: this.firstSectionBigEndian,
      tsResolutionNs: (first?.resolution ?? TimestampResolution.MICRO).nsPerTick,
    };
  }
}

function blockName(type: number): string {
  switch (type) {
    case PcapngBlock.SHB:
      return 'section header block';
    case PcapngBlock.IDB:
      return 'interface description block';
    case PcapngBlock.EPB:
      return 'enhanced packet block';
    case PcapngBlock.SPB:
      return 'simple packet block';
    case PcapngBlock.OPB:
      return 'packet block';
    case PcapngBlock.NRB:
      return 'name resolution block';
    case PcapngBlock.ISB:
      return 'interface statistics block';
    default:
      return `block of type 0x${type.toString(16).padStart(8, '0')}`;
  }
}
