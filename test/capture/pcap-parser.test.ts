import { describe, expect, it } from 'vitest';
import { encodePcap, encodePcapHeader } from '../../server/capture/pcap-writer.js';
import { LinkType } from '../../server/capture/link-types.js';
import { frameKey, parseChunked, parseCut, payload } from './capture-test-bytes.js';

const FRAMES = [
  { tsSec: 1_700_000_000, tsNsec: 123_456_000, data: payload(60, 1) },
  { tsSec: 1_700_000_001, tsNsec: 999_999_000, data: payload(1, 2), origLen: 1500 },
  { tsSec: 1_700_000_002, tsNsec: 0, data: payload(0, 3) },
  { tsSec: 4_294_967_295, tsNsec: 7_000, data: payload(333, 4) },
];

/** A Kuznetsov (modified pcap) file built by hand: 24-byte record headers. */
function kuznetsov(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2cd34, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(1, 20);
  const rec = Buffer.alloc(24 + 5);
  rec.writeUInt32LE(1000, 0);
  rec.writeUInt32LE(500, 4);
  rec.writeUInt32LE(5, 8);
  rec.writeUInt32LE(5, 12);
  rec.writeUInt32LE(3, 16); // ifindex
  rec.writeUInt16LE(0x0800, 20); // protocol
  Buffer.from('hello').copy(rec, 24);
  return Buffer.concat([h, rec]);
}

describe('PcapParser', () => {
  it.each([
    ['little-endian µs', { bigEndian: false, nanosecond: false }],
    ['big-endian µs', { bigEndian: true, nanosecond: false }],
    ['little-endian ns', { bigEndian: false, nanosecond: true }],
    ['big-endian ns', { bigEndian: true, nanosecond: true }],
  ])('reads a %s file with exact timestamps, lengths and offsets', (_name, o) => {
    const frames = FRAMES.map((f, i) => ({ ...f, tsNsec: o.nanosecond ? f.tsNsec + i + 1 : f.tsNsec }));
    const bytes = encodePcap(frames, { linkType: LinkType.LINUX_SLL, ...o });
    const r = parseChunked(bytes);
    expect(r.error).toBeUndefined();
    expect(r.parser.info).toEqual({
      format: 'pcap',
      gzip: false,
      linkTypes: [113],
      snapLen: 262144,
      bigEndian: o.bigEndian,
      tsResolutionNs: o.nanosecond ? 1 : 1000,
    });
    let offset = 24;
    expect(r.frames.map((f) => [f.frame, f.tsSec, f.tsNsec, f.origLen, f.fileOffset, f.linkType, f.interfaceId])).toEqual(
      frames.map((f, i) => {
        const row = [i + 1, f.tsSec, f.tsNsec, f.origLen ?? f.data.length, offset, 113, 0];
        offset += 16 + f.data.length;
        return row;
      }),
    );
    r.frames.forEach((f, i) => {
      expect(f.data.equals(frames[i].data)).toBe(true);
      expect(f.recordLength).toBe(16 + frames[i].data.length);
    });
  });

  it('returns frames as views into the pushed chunk, not copies', () => {
    const bytes = encodePcap(FRAMES, { linkType: 1 });
    const r = parseChunked(bytes);
    for (const f of r.frames) expect(f.data.buffer).toBe(bytes.buffer);
  });

  it('yields the same frames whatever the chunk boundaries (every single cut, and byte by byte)', () => {
    const bytes = encodePcap(FRAMES, { linkType: 1, nanosecond: true });
    const want = parseChunked(bytes).frames.map(frameKey);
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = parseCut(bytes, [cut]);
      expect(r.error).toBeUndefined();
      expect(r.frames.map(frameKey)).toEqual(want);
    }
    for (const size of [1, 2, 3, 7, 16, 17]) expect(parseChunked(bytes, size).frames.map(frameKey)).toEqual(want);
  });

  it('masks the FCS-length bits out of the link-type field, as libpcap does', () => {
    const bytes = encodePcap(FRAMES.slice(0, 1), { linkType: 1 });
    bytes.writeUInt32LE(0x14000001, 20); // FCS length 1 (×16 bits) present, link type Ethernet
    const r = parseChunked(bytes);
    expect(r.parser.info?.linkTypes).toEqual([1]);
    expect(r.frames[0].linkType).toBe(1);
  });

  it('reads the Kuznetsov modified-pcap magic with its 24-byte record header', () => {
    const r = parseChunked(kuznetsov(), 5);
    expect(r.error).toBeUndefined();
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0]).toMatchObject({ tsSec: 1000, tsNsec: 500_000, recordLength: 29, fileOffset: 24, origLen: 5 });
    expect(r.frames[0].data.toString()).toBe('hello');
  });

  it('fails an empty input with empty-file', () => {
    const r = parseChunked(Buffer.alloc(0));
    expect(r.error?.code).toBe('empty-file');
  });

  it('fails a non-capture with bad-magic naming the first bytes', () => {
    const r = parseChunked(Buffer.from('PK\x03\x04 this is a zip file', 'latin1'));
    expect(r.error?.code).toBe('bad-magic');
    expect(r.error?.message).toContain('50 4b 03 04');
    expect(r.error?.message).toContain('not a pcap or pcapng file');
  });

  it.each([2, 4, 23])('fails a file cut inside its header (%i bytes) with truncated-header', (n) => {
    const r = parseChunked(encodePcapHeader({ linkType: 1 }).subarray(0, n));
    expect(r.error?.code).toBe('truncated-header');
    expect(r.error?.fileOffset).toBe(0);
  });

  it('yields every complete frame, then reports the cut record with frame, offset and lengths', () => {
    const bytes = encodePcap(FRAMES, { linkType: 1 });
    const cut = bytes.subarray(0, bytes.length - 10);
    for (const size of [cut.length, 7]) {
      const r = parseChunked(cut, size);
      expect(r.frames).toHaveLength(3);
      expect(r.error?.code).toBe('truncated-record');
      const off = bytes.length - 16 - 333;
      expect(r.error?.fileOffset).toBe(off);
      expect(r.error?.frame).toBe(4);
      expect(r.error?.message).toBe(
        `capture cut short: frame 4 at byte offset ${off} needs ${16 + 333} bytes, only ${16 + 323} present`,
      );
    }
  });

  it('reports a record header cut short as truncated-record', () => {
    const bytes = encodePcap(FRAMES.slice(0, 1), { linkType: 1 });
    const r = parseChunked(Buffer.concat([bytes, Buffer.alloc(5)]));
    expect(r.frames).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'truncated-record', frame: 2, fileOffset: bytes.length });
  });

  it('stops at an absurd captured length with record-too-long, without allocating it', () => {
    const bytes = encodePcap(FRAMES.slice(0, 2), { linkType: 1, snapLen: 65535 });
    const second = 24 + 16 + 60;
    bytes.writeUInt32LE(0xfffffff0, second + 8);
    const before = process.memoryUsage().arrayBuffers;
    const r = parseChunked(bytes, 10);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
    expect(r.frames).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'record-too-long', frame: 2, fileOffset: second });
    expect(r.error?.message).toContain(`byte offset ${second}`);
  });

  it('accepts a record longer than the snaplen but within the sane limit, as libpcap does', () => {
    const bytes = encodePcap([{ tsSec: 1, tsNsec: 0, data: payload(2000, 9) }], { linkType: 1, snapLen: 100_000 });
    bytes.writeUInt32LE(1000, 16); // snaplen 1000 < caplen 2000
    const r = parseChunked(bytes);
    expect(r.error).toBeUndefined();
    expect(r.frames[0].data.length).toBe(2000);
  });

  it('normalises a µs fraction of a second ≥ 1,000,000 and reports it', () => {
    const bytes = encodePcap([{ tsSec: 10, tsNsec: 0, data: payload(4, 1) }], { linkType: 1 });
    bytes.writeUInt32LE(2_500_000, 24 + 4);
    const r = parseChunked(bytes);
    expect(r.frames[0]).toMatchObject({ tsSec: 12, tsNsec: 500_000_000 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['bad-timestamp']);
  });

  it('caps repeated diagnostics per code and says how many were suppressed', () => {
    const frames = Array.from({ length: 30 }, (_, i) => ({ tsSec: i, tsNsec: 0, data: payload(8, i) }));
    const bytes = encodePcap(frames, { linkType: 1 });
    for (let i = 0; i < 30; i++) bytes.writeUInt32LE(4, 24 + i * 24 + 12); // origLen 4 < caplen 8
    const r = parseChunked(bytes);
    expect(r.frames).toHaveLength(30);
    expect(r.diagnostics.filter((d) => d.code === 'caplen-exceeds-origlen')).toHaveLength(20);
    expect(r.diagnostics.at(-1)).toMatchObject({ code: 'diagnostics-suppressed' });
    expect(r.diagnostics.at(-1)?.message).toContain('10 more');
  });
});
