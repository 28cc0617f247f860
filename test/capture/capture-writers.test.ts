import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapWriter, encodePcap } from '../../server/capture/pcap-writer.js';
import { PcapngWriter, encodePcapng } from '../../server/capture/pcapng-writer.js';
import { LinkType } from '../../server/capture/link-types.js';
import { parseChunked, payload } from './capture-test-bytes.js';
import { hasTshark, tsharkFrameTimes } from '../support/tshark.js';


/** An IPv4/UDP packet (raw IP link type) so tshark has something real to dissect. */
function ipUdp(len: number, seed: number): Buffer {
  const b = payload(len, seed);
  b[0] = 0x45;
  b.writeUInt16BE(len, 2);
  b[9] = 17;
  return b;
}

const FRAMES = [
  { tsSec: 1_700_000_000, tsNsec: 123_456_789, data: ipUdp(60, 1) },
  { tsSec: 1_700_000_000, tsNsec: 999_999_999, data: ipUdp(200, 2), origLen: 1500, comment: 'cut by snaplen' },
  { tsSec: 1_700_000_123, tsNsec: 1, data: ipUdp(28, 3), interfaceId: 1 },
  { tsSec: 0, tsNsec: 0, data: ipUdp(100, 4) },
];
const truncUs = (ns: number): number => Math.floor(ns / 1000) * 1000;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipscope-writers-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const epoch = (sec: number, nsec: number): string => `${sec}.${String(nsec).padStart(9, '0')}`;

describe('encodePcap / PcapWriter', () => {
  it.each([false, true])('round-trips frames and timestamps (nanosecond=%s)', (nanosecond) => {
    const bytes = encodePcap(FRAMES, { linkType: LinkType.RAW, nanosecond });
    const r = parseChunked(bytes);
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.tsSec, f.tsNsec, f.origLen, f.linkType, f.data.toString('hex')])).toEqual(
      FRAMES.map((f) => [f.tsSec, nanosecond ? f.tsNsec : truncUs(f.tsNsec), f.origLen ?? f.data.length, 101, f.data.toString('hex')]),
    );
  });

  it('cuts frames to the snaplen and keeps the original length', () => {
    const r = parseChunked(encodePcap(FRAMES, { linkType: 101, snapLen: 64 }));
    expect(r.frames.map((f) => [f.data.length, f.origLen])).toEqual([
      [60, 60],
      [64, 1500],
      [28, 28],
      [64, 100],
    ]);
  });

  it('writes incrementally to a file descriptor: each frame is on disk once write() returns', () => {
    const path = join(dir, 'fd.pcap');
    const fd = openSync(path, 'w');
    const w = new PcapWriter(fd, { linkType: 101, nanosecond: true });
    w.write(FRAMES[0]);
    expect(parseChunked(readFileSync(path)).frames).toHaveLength(1);
    w.write(FRAMES[1]);
    expect(parseChunked(readFileSync(path)).frames).toHaveLength(2);
    closeSync(fd);
    expect(readFileSync(path).equals(encodePcap(FRAMES.slice(0, 2), { linkType: 101, nanosecond: true }))).toBe(true);
  });

  it('writes to a Node Writable and ends it on close()', async () => {
    const path = join(dir, 'stream.pcap');
    const w = new PcapWriter(createWriteStream(path), { linkType: 101 });
    for (const f of FRAMES) w.write(f);
    await w.close();
    expect(readFileSync(path).equals(encodePcap(FRAMES, { linkType: 101 }))).toBe(true);
    expect(w.bytesWritten).toBe(readFileSync(path).length);
  });

  it('refuses a timestamp pcap cannot hold', () => {
    expect(() => encodePcap([{ tsSec: 2 ** 32, tsNsec: 0, data: Buffer.alloc(1) }], { linkType: 1 })).toThrow(RangeError);
  });

  it.skipIf(!hasTshark).each([false, true])('is read by tshark with the same timestamps and lengths (nanosecond=%s)', (nanosecond) => {
    const path = join(dir, `t-${nanosecond}.pcap`);
    writeFileSync(path, encodePcap(FRAMES, { linkType: 101, nanosecond, bigEndian: nanosecond }));
    expect(tsharkFrameTimes(path)).toEqual(
      FRAMES.map((f) => `${epoch(f.tsSec, nanosecond ? f.tsNsec : truncUs(f.tsNsec))}\t${f.origLen ?? f.data.length}\t${f.data.length}`),
    );
  });
});

describe('encodePcapng / PcapngWriter', () => {
  const interfaces = [
    { linkType: LinkType.RAW, name: 'ipip0', tsresol: 9 },
    { linkType: LinkType.RAW, name: 'lo', description: 'loopback', snapLen: 0 },
  ];

  it('round-trips frames, interfaces and nanosecond timestamps exactly', () => {
    for (const bigEndian of [false, true]) {
      const r = parseChunked(encodePcapng(FRAMES, { interfaces, comment: 'made by a test', bigEndian }));
      expect(r.error).toBeUndefined();
      expect(r.parser.info).toMatchObject({ format: 'pcapng', linkTypes: [101, 101], bigEndian, tsResolutionNs: 1 });
      expect(r.frames.map((f) => [f.interfaceId, f.tsSec, f.tsNsec, f.origLen, f.data.toString('hex')])).toEqual(
        FRAMES.map((f) => [
          f.interfaceId ?? 0,
          f.tsSec,
          f.interfaceId === 1 ? truncUs(f.tsNsec) : f.tsNsec,
          f.origLen ?? f.data.length,
          f.data.toString('hex'),
        ]),
      );
    }
  });

  it('refuses a frame on an undeclared interface', () => {
    expect(() => encodePcapng([{ ...FRAMES[0], interfaceId: 2 }], { interfaces })).toThrow(/interface 2/);
  });

  it('writes incrementally to a file descriptor and to a Writable', async () => {
    const fdPath = join(dir, 'fd.pcapng');
    const fd = openSync(fdPath, 'w');
    const w = new PcapngWriter(fd, { interfaces });
    w.write(FRAMES[0]);
    expect(parseChunked(readFileSync(fdPath)).frames).toHaveLength(1);
    for (const f of FRAMES.slice(1)) w.write(f);
    await w.close();
    closeSync(fd);
    const streamPath = join(dir, 'stream.pcapng');
    const s = new PcapngWriter(createWriteStream(streamPath), { interfaces });
    for (const f of FRAMES) s.write(f);
    await s.close();
    const want = encodePcapng(FRAMES, { interfaces });
    expect(readFileSync(fdPath).equals(want)).toBe(true);
    expect(readFileSync(streamPath).equals(want)).toBe(true);
  });

  it.skipIf(!hasTshark)('is read by tshark with the same timestamps, lengths, interface names and comments', () => {
    const path = join(dir, 't.pcapng');
    writeFileSync(path, encodePcapng(FRAMES, { interfaces, comment: 'section comment' }));
    expect(tsharkFrameTimes(path)).toEqual(
      FRAMES.map((f) => {
        const ns = f.interfaceId === 1 ? truncUs(f.tsNsec) : f.tsNsec;
        return `${epoch(f.tsSec, ns)}\t${f.origLen ?? f.data.length}\t${f.data.length}`;
      }),
    );
    const names = execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.comment'], {
      encoding: 'utf8',
    });
    expect(names.replace(/\n$/, '').split('\n')).toEqual(['ipip0\t', 'ipip0\tcut by snaplen', 'lo\t', 'ipip0\t']);
  });
});
