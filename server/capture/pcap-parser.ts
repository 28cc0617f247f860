import type { RawFrame } from '../model/frame.js';
import { CaptureError } from './capture-error.js';
import { MAX_RECORD_LENGTH, MAX_SANE_CAPLEN } from './capture-limits.js';
import { RecordParser, viewOf, type ParserOptions } from './record-parser.js';

/** Classic pcap magics as read in the file's own byte order (https://wiki.wireshark.org/Development/LibpcapFileFormat). */
export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
/** Alexey Kuznetsov's modified pcap: µs, and 8 more bytes per record header (ifindex, protocol, pkt_type). */
export const PCAP_MAGIC_KUZNETSOV = 0xa1b2cd34;

export const PCAP_FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
const KUZNETSOV_RECORD_HEADER_LENGTH = 24;

/**
 * Push parser for classic pcap.
 *
 *   file header (24): magic | major u16 | minor u16 | thiszone i32 | sigfigs u32 | snaplen | linktype
 *   record (16 + caplen): ts_sec | ts_usec (ts_nsec) | caplen | origlen | data
 *
 * The link-type field's upper bits carry the FCS length (libpcap's LT_LINKTYPE keeps the low 16).
 */
export class PcapParser extends RecordParser {
  private headerDone = false;
  private le = true;
  private nano = false;
  private recordHeader = RECORD_HEADER_LENGTH;
  private snapLen = 0;
  private linkType = 0;

  constructor(opts: ParserOptions = {}) {
    super(opts);
  }

  protected recordLength(buf: Buffer, off: number, avail: number, fileOffset: number): number {
    if (!this.headerDone) return avail < PCAP_FILE_HEADER_LENGTH ? -PCAP_FILE_HEADER_LENGTH : PCAP_FILE_HEADER_LENGTH;
    const hdr = this.recordHeader;
    if (avail < hdr) return -hdr;
    const caplen = this.le ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    if ((caplen > MAX_SANE_CAPLEN && caplen > this.snapLen) || caplen > MAX_RECORD_LENGTH) {
      const frame = this.frameCount + 1;
      throw new CaptureError(
        `frame ${frame} at byte offset ${fileOffset} claims ${caplen} captured bytes, more than the snaplen ` +
          `(${this.snapLen}) and the ${MAX_SANE_CAPLEN}-byte limit: the record header is corrupt`,
        fileOffset,
        frame,
        'record-too-long',
      );
    }
    return hdr + caplen;
  }

  protected record(buf: Buffer, off: number, len: number, fileOffset: number, out: RawFrame[]): void {
    if (!this.headerDone) {
      this.readFileHeader(buf, off);
      return;
    }
    const le = this.le;
    let tsSec = le ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
    let frac = le ? buf.readUInt32LE(off + 4) : buf.readUInt32BE(off + 4);
    const origLen = le ? buf.readUInt32LE(off + 12) : buf.readUInt32BE(off + 12);
    const frame = ++this.frameCount;
    const hdr = this.recordHeader;
    const caplen = len - hdr;
    const perSecond = this.nano ? 1_000_000_000 : 1_000_000;
    if (frac >= perSecond) {
      this.diagnostic(
        'bad-timestamp',
        frame,
        fileOffset,
        `frame ${frame} at byte offset ${fileOffset}: the fraction of its timestamp (${frac}) is not below ${perSecond}`,
      );
      tsSec += Math.floor(frac / perSecond);
      frac %= perSecond;
    }
    if (caplen > origLen) {
      this.diagnostic(
        'caplen-exceeds-origlen',
        frame,
        fileOffset,
        `frame ${frame} at byte offset ${fileOffset}: ${caplen} bytes captured of a ${origLen}-byte packet`,
      );
    }
    out.push({
      frame,
      tsSec,
      tsNsec: this.nano ? frac : frac * 1000,
      linkType: this.linkType,
      data: viewOf(buf, off + hdr, caplen),
      origLen,
      fileOffset,
      recordLength: len,
      interfaceId: 0,
    });
  }

  protected truncated(fileOffset: number, need: number, have: number): CaptureError {
    if (!this.headerDone) {
      return new CaptureError(
        `capture cut short in the pcap file header at byte offset ${fileOffset + have}: it needs ${need} bytes, only ${have} present`,
        fileOffset,
        0,
        'truncated-header',
      );
    }
    const frame = this.frameCount + 1;
    return new CaptureError(
      `capture cut short: frame ${frame} at byte offset ${fileOffset} needs ${need} bytes, only ${have} present`,
      fileOffset,
      frame,
      'truncated-record',
    );
  }

  private readFileHeader(buf: Buffer, off: number): void {
    const magicLe = buf.readUInt32LE(off);
    const magicBe = buf.readUInt32BE(off);
    let magic: number;
    if (magicLe === PCAP_MAGIC_MICRO || magicLe === PCAP_MAGIC_NANO || magicLe === PCAP_MAGIC_KUZNETSOV) {
      this.le = true;
      magic = magicLe;
    } else if (magicBe === PCAP_MAGIC_MICRO || magicBe === PCAP_MAGIC_NANO || magicBe === PCAP_MAGIC_KUZNETSOV) {
      this.le = false;
      magic = magicBe;
    } else {
      throw new CaptureError(
        `not a pcap file: it starts with ${buf.subarray(off, off + 4).toString('hex')}`,
        0,
        0,
        'bad-magic',
      );
    }
    this.nano = magic === PCAP_MAGIC_NANO;
    this.recordHeader = magic === PCAP_MAGIC_KUZNETSOV ? KUZNETSOV_RECORD_HEADER_LENGTH : RECORD_HEADER_LENGTH;
    const le = this.le;
    const major = le ? buf.readUInt16LE(off + 4) : buf.readUInt16BE(off + 4);
    const minor = le ? buf.readUInt16LE(off + 6) : buf.readUInt16BE(off + 6);
    this.snapLen = le ? buf.readUInt32LE(off + 16) : buf.readUInt32BE(off + 16);
    const rawLinkType = le ? buf.readUInt32LE(off + 20) : buf.readUInt32BE(off + 20);
    this.linkType = rawLinkType & 0xffff;
    if (major !== 2) {
      this.diagnostic('unusual-version', 0, 4, `pcap file format version ${major}.${minor} (expected 2.4); reading it as 2.4`);
    }
    this.headerDone = true;
    this.currentInfo = {
      format: 'pcap',
      gzip: this.gzip,
      linkTypes: [this.linkType],
      snapLen: this.snapLen,
      bigEndian: !le,
      tsResolutionNs: this.nano ? 1 : 1000,
    };
  }
}
