import { describe, expect, it } from 'vitest';
import { epb, frameKey, idb, ngBlock, ngOptions, parseChunked, parseCut, payload, shb, split64, words } from './capture-test-bytes.js';

const NS_1 = 1_700_000_000_123_456_789n;
const NS_2 = 1_700_000_001_999_999_999n;
const tsresol = (b: number): Buffer => ngOptions([[9, Buffer.from([b])]]);

/** Two sections in opposite byte orders; interface ids restart in the second. */
function twoSections(): Buffer {
  const [h1, l1] = split64(NS_1);
  const [h2, l2] = split64(1_700_000_005_250_000n); // µs on the big-endian side
  return Buffer.concat([
    shb(true),
    idb(1, 65535, true, ngOptions([[2, Buffer.from('eth0')], [9, Buffer.from([9])]])),
    idb(113, 262144, true),
    epb(0, h1, l1, payload(42, 1)),
    ngBlock(4, Buffer.from([0, 0, 0, 0])), // NRB: skipped
    epb(1, 0, 5_000_000, payload(7, 2)),
    ngBlock(5, words([0, 0, 0, 0])), // ISB: skipped
    ngBlock(0x00000bad, payload(13, 3)), // custom/unknown: skipped
    shb(false),
    idb(101, 1500, false),
    epb(0, h2, l2, payload(20, 4), 20, false),
  ]);
}

describe('PcapngParser', () => {
  it('reads sections of both byte orders, resetting interfaces per section and skipping other blocks', () => {
    const r = parseChunked(twoSections());
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.frame, f.interfaceId, f.linkType, f.tsSec, f.tsNsec, f.data.length])).toEqual([
      [1, 0, 1, 1_700_000_000, 123_456_789, 42],
      [2, 1, 113, 5, 0, 7],
      [3, 0, 101, 1_700_000_005, 250_000_000, 20],
    ]);
    expect(r.parser.info).toMatchObject({ format: 'pcapng', linkTypes: [101], snapLen: 1500, bigEndian: false });
    expect(r.diagnostics).toEqual([]);
  });

  it('yields the same frames whatever the chunk boundaries', () => {
    const bytes = twoSections();
    const want = parseChunked(bytes).frames.map(frameKey);
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = parseCut(bytes, [cut]);
      expect(r.error).toBeUndefined();
      expect(r.frames.map(frameKey)).toEqual(want);
    }
    for (const size of [1, 3, 8, 13]) expect(parseChunked(bytes, size).frames.map(frameKey)).toEqual(want);
  });

  it('keeps nanosecond timestamps exact at the second boundary', () => {
    const [h, l] = split64(NS_2);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0, true, tsresol(9)), epb(0, h, l, payload(3, 1))]));
    expect(r.frames[0]).toMatchObject({ tsSec: 1_700_000_001, tsNsec: 999_999_999 });
    expect(r.parser.info?.tsResolutionNs).toBe(1);
  });

  it('reads a power-of-two if_tsresol (bit 7 set) and adds if_tsoffset seconds', () => {
    // 2^-20 s units: 3.5 s after the interface's offset of 1,600,000,000 s.
    const t = 3n * 1048576n + 524288n;
    const offset = Buffer.alloc(8);
    offset.writeBigInt64LE(1_600_000_000n);
    const options = ngOptions([[9, Buffer.from([0x80 | 20])], [14, offset]]);
    const [h, l] = split64(t);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0, true, options), epb(0, h, l, payload(3, 1))]));
    expect(r.frames[0]).toMatchObject({ tsSec: 1_600_000_003, tsNsec: 500_000_000 });
  });

  it('reads a big-endian if_tsoffset', () => {
    const offset = Buffer.alloc(8);
    offset.writeBigInt64BE(-10n);
    const r = parseChunked(
      Buffer.concat([shb(false), idb(1, 0, false, ngOptions([[14, offset]], false)), epb(0, 0, 25_000_000, payload(2, 1), 2, false)]),
    );
    expect(r.frames[0]).toMatchObject({ tsSec: 15, tsNsec: 0 });
  });

  it('reads a simple packet block on interface 0 with caplen = min(original length, snaplen), and no timestamp', () => {
    const spb = (orig: number, data: Buffer): Buffer => ngBlock(3, Buffer.concat([words([orig]), data]));
    const r = parseChunked(Buffer.concat([shb(), idb(228, 64), spb(100, payload(64, 1)), spb(10, payload(12, 2))]));
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.frame, f.data.length, f.origLen, f.tsSec, f.tsNsec, f.linkType])).toEqual([
      [1, 64, 100, 0, 0, 228],
      [2, 10, 10, 0, 0, 228],
    ]);
  });

  it('reads the obsolete packet block (type 2) with its 16-bit interface id', () => {
    const body = Buffer.concat([Buffer.from([1, 0, 0, 0]), words([0, 1_000_000, 4, 4]), payload(4, 1)]);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0), idb(276, 0), ngBlock(2, body)]));
    expect(r.frames[0]).toMatchObject({ frame: 1, interfaceId: 1, linkType: 276, tsSec: 1, tsNsec: 0 });
  });

  it('reports a packet on an undeclared interface and skips it, still counting it as a frame', () => {
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0), epb(3, 0, 0, payload(5, 1)), epb(0, 0, 0, payload(5, 2))]));
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => f.frame)).toEqual([2]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'unknown-interface', frame: 1 });
  });

  it('fails on differing leading and trailing block lengths after yielding earlier frames', () => {
    const good = epb(0, 0, 0, payload(8, 1));
    const bad = epb(0, 0, 0, payload(8, 2));
    bad.writeUInt32LE(bad.length + 4, bad.length - 4);
    const head = Buffer.concat([shb(), idb(1, 0), good]);
    const r = parseChunked(Buffer.concat([head, bad, good]));
    expect(r.frames).toHaveLength(1);
    expect(r.error).toMatchObject({ code: 'block-length-mismatch', fileOffset: head.length, frame: 2 });
    expect(r.error?.message).toContain('leading total length');
  });

  it.each([
    ['not a multiple of 4', 30],
    ['less than 12', 8],
  ])('fails on a block total length %s', (_why, len) => {
    const bad = epb(0, 0, 0, payload(8, 2));
    bad.writeUInt32LE(len, 4);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0), bad]));
    expect(r.error?.code).toBe('block-length-mismatch');
  });

  it('fails an EPB whose captured length does not fit its block', () => {
    const bad = epb(0, 0, 0, payload(8, 2));
    bad.writeUInt32LE(9, 20);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0), bad]));
    expect(r.error?.code).toBe('block-length-mismatch');
    expect(r.error?.message).toContain('captured bytes');
  });

  it('fails a 4 GB block length with record-too-long without allocating it', () => {
    const bad = epb(0, 0, 0, payload(8, 2));
    bad.writeUInt32LE(0xfffffffc, 4);
    const r = parseChunked(Buffer.concat([shb(), idb(1, 0), bad]), 16);
    expect(r.error).toMatchObject({ code: 'record-too-long', frame: 1 });
  });

  it('reports a block cut by the end of input with its frame and offset', () => {
    const bytes = Buffer.concat([shb(), idb(1, 0), epb(0, 0, 0, payload(8, 1)), epb(0, 0, 0, payload(40, 2))]);
    const r = parseChunked(bytes.subarray(0, bytes.length - 1), 11);
    expect(r.frames).toHaveLength(1);
    const off = bytes.length - 72;
    expect(r.error?.message).toBe(`capture cut short: frame 2 at byte offset ${off} needs 72 bytes, only 71 present`);
    expect(r.error).toMatchObject({ code: 'truncated-record', fileOffset: off, frame: 2 });
  });

  it('reports a section header cut short as truncated-header', () => {
    expect(parseChunked(shb().subarray(0, 20)).error?.code).toBe('truncated-header');
  });

  it('refuses a section header with a wrong byte-order magic or major version', () => {
    const bom = shb();
    bom.writeUInt32LE(0x12345678, 8);
    expect(parseChunked(bom).error?.code).toBe('bad-magic');
    const v2 = shb();
    v2.writeUInt16LE(2, 12);
    expect(parseChunked(v2).error?.code).toBe('unsupported-version');
  });
});
