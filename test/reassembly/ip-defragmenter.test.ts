import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../server/decode/index.js';
import {
  buildEthernet,
  buildTcp,
  buildUdp,
  encapsulateIp,
  fragmentIpv4,
  fragmentIpv6,
  TcpFlag,
} from '../../server/decode/frame-builder.js';
import type { Diagnostic } from '../../server/model/diagnostic.js';
import type { RawFrame } from '../../server/model/frame.js';
import type { IpFragment, TransportPacket } from '../../server/model/packet.js';
import { IpDefragmenter, type DefragResult } from '../../server/reassembly/ip-defragmenter.js';

/** A SIP INVITE large enough to need several fragments. */
const BODY = `INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1\r\nContent-Length: 3000\r\n\r\n${'v=0 o=- 1 1 IN IP4 10.0.0.1 '.repeat(108)}`;

let nextFrame = 1;
function rawFrame(data: Buffer, tsSec = 1000, linkType = 101): RawFrame {
  const frame = nextFrame++;
  return { frame, tsSec, tsNsec: 0, linkType, data, origLen: data.length, fileOffset: frame * 100, recordLength: data.length + 16, interfaceId: 0 };
}

function asFragment(frame: RawFrame): IpFragment {
  const r = decodeFrame(frame.linkType, frame.data);
  if (r.kind !== 'fragment') throw new Error(`expected a fragment, got ${JSON.stringify(r)}`);
  return r;
}

function v4Fragments(mtu = 1000, opts: { id?: number; payload?: string } = {}): Buffer[] {
  return fragmentIpv4(
    buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, payload: opts.payload ?? BODY, ipId: opts.id ?? 0x1234 }),
    mtu,
  );
}

function pushAll(defrag: IpDefragmenter, packets: Buffer[], tsSec = 1000): Array<DefragResult | undefined> {
  return packets.map((p) => {
    const f = rawFrame(p, tsSec);
    return defrag.push(f, asFragment(f));
  });
}

function udp(r: DefragResult | undefined): TransportPacket {
  if (r === undefined || r.packet.kind !== 'udp') throw new Error(`expected UDP, got ${JSON.stringify(r?.packet)}`);
  return r.packet;
}

describe('decodeFrame on fragments', () => {
  it('reports IPv4 fragment offset, MF and id; only the first has the UDP header', () => {
    const frags = v4Fragments(1000);
    expect(frags.length).toBe(4);
    const decoded = frags.map((p) => decodeFrame(1, buildEthernet(p, { pad: true })));
    expect(decoded.map((d) => d.kind)).toEqual(['fragment', 'fragment', 'fragment', 'fragment']);
    const [first, , , last] = decoded as IpFragment[];
    expect(first).toMatchObject({ id: 0x1234, offset: 0, moreFragments: true, ip: { version: 4, protocol: 17, src: '10.0.0.1' } });
    expect(first.data.readUInt16BE(0)).toBe(5060); // the UDP header is in the first fragment's data
    expect(last).toMatchObject({ offset: 2928, moreFragments: false });
  });

  it('reports the IPv6 fragment header, and treats an atomic fragment as whole', () => {
    const packet = buildUdp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5060, payload: BODY });
    const frags = fragmentIpv6(packet, 1280, 0xdeadbeef);
    const d = decodeFrame(229, frags[1]);
    expect(d).toMatchObject({ kind: 'fragment', id: 0xdeadbeef, offset: 1232, moreFragments: true, ip: { version: 6, protocol: 17 } });
    const atomic = fragmentIpv6(buildUdp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 1, dstPort: 2, payload: 'x' }), 1280, 7);
    expect(atomic).toHaveLength(1);
    expect(decodeFrame(229, atomic[0])).toMatchObject({ kind: 'udp', srcPort: 1 });
  });
});

describe('IpDefragmenter', () => {
  it('reassembles IPv4 fragments in order and lists every frame', () => {
    const d = new IpDefragmenter();
    const results = pushAll(d, v4Fragments());
    expect(results.slice(0, -1)).toEqual([undefined, undefined, undefined]);
    const r = results[3];
    const p = udp(r);
    expect(p.payload.toString('latin1')).toBe(BODY);
    expect(p.srcPort).toBe(5060);
    expect(r?.frames).toHaveLength(4);
    expect(r?.frames.map((f) => f.frame)).toEqual([...r!.frames.map((f) => f.frame)].sort((a, b) => a - b));
    expect(d.stats).toMatchObject({ completed: 1, incomplete: 0 });
    expect(d.size).toEqual({ datagrams: 0, bytes: 0 });
  });

  it('reassembles fragments that arrive out of order', () => {
    const d = new IpDefragmenter();
    const frags = v4Fragments();
    const results = pushAll(d, [frags[3], frags[1], frags[0], frags[2]]);
    expect(udp(results[3]).payload.toString('latin1')).toBe(BODY);
    expect(results.slice(0, 3).every((r) => r === undefined)).toBe(true);
  });

  it('copies fragment bytes, so reused capture buffers do not corrupt the datagram', () => {
    const d = new IpDefragmenter();
    const frags = v4Fragments();
    const first = rawFrame(frags[0]);
    d.push(first, asFragment(first));
    frags[0].fill(0);
    const r = pushAll(d, frags.slice(1));
    expect(udp(r[2]).payload.toString('latin1')).toBe(BODY);
  });

  it('counts exact duplicates and still completes once', () => {
    const diags: Diagnostic[] = [];
    const d2 = new IpDefragmenter({}, (x) => diags.push(x));
    const frags = v4Fragments();
    const results = pushAll(d2, [frags[0], frags[1], frags[1], frags[2], frags[3]]);
    expect(udp(results[4]).payload.toString('latin1')).toBe(BODY);
    expect(d2.stats.duplicates).toBe(1);
    expect(d2.stats.overlaps).toBe(0);
    expect(diags).toEqual([]);
    expect(results[4]?.frames).toHaveLength(5);
    expect(d2.stats.completed).toBe(1);
  });

  it('keeps the first-arrived bytes where fragments overlap, and reports it', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const frags = v4Fragments(1000);
    // A forged fragment overlapping the second one with different bytes, sent before it.
    const second = asFragment(rawFrame(frags[1]));
    const evil = Buffer.from(frags[1]);
    evil.fill(0x58, 20 + 100, 20 + 200); // "X" in the middle of its data
    evil.writeUInt16BE(0, 10); // checksum is not checked by the defragmenter
    const results = pushAll(d, [frags[0], evil, frags[1], frags[2], frags[3]]);
    const payload = udp(results[4]).payload.toString('latin1');
    expect(payload.slice(second.offset - 8 + 100, second.offset - 8 + 200)).toBe('X'.repeat(100));
    expect(d.stats.overlaps).toBe(1);
    expect(diags.map((x) => x.code)).toEqual(['ip-fragment-overlap']);
    expect(diags[0].message).toContain('different content');
  });

  it('reassembles overlapping IPv6 fragments but records the RFC 5722 violation', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const packet = buildUdp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5062, payload: BODY });
    const small = fragmentIpv6(packet, 600, 99);
    const big = fragmentIpv6(packet, 1280, 99);
    // Send a 1280-MTU fragment covering part of several 600-MTU ones.
    const results = pushAll(d, [small[0], big[1], ...small.slice(1)]);
    const done = results.find((r) => r !== undefined);
    expect(udp(done).payload.toString('latin1')).toBe(BODY);
    expect(udp(done).ip.version).toBe(6);
    expect(diags.some((x) => x.code === 'ip-fragment-overlap' && x.message.includes('RFC 5722'))).toBe(true);
    expect(d.stats.overlaps).toBeGreaterThan(0);
  });

  it('reassembles IPv6 fragments with extension headers on both sides of the fragment header', () => {
    const d = new IpDefragmenter();
    const packet = buildTcp({
      src: '2001:db8::1', dst: '2001:db8::2', srcPort: 5060, dstPort: 5060, seq: 7, ack: 9, flags: TcpFlag.ACK, payload: BODY,
      extensions: [{ type: 0, data: Buffer.alloc(6) }, { type: 60, data: Buffer.alloc(6) }],
    });
    const frags = fragmentIpv6(packet, 1280, 5);
    expect(decodeFrame(229, frags[0])).toMatchObject({ ip: { protocol: 60 } });
    const results = pushAll(d, frags.reverse());
    const r = results[results.length - 1]?.packet;
    expect(r).toMatchObject({ kind: 'tcp', ip: { protocol: 6 }, tcp: { seq: 7, ack: 9 } });
    expect(r?.kind === 'tcp' && r.payload.toString('latin1')).toBe(BODY);
  });

  it('rebuilds the datagram exactly once from any arrival order with repeats', () => {
    const frags = v4Fragments(300);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: frags.length - 1 }), { maxLength: 10 }), fc.nat(), (repeats, seed) => {
        const order = frags.map((_, i) => i).concat(repeats);
        // Shuffle deterministically from the seed.
        for (let i = order.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const d = new IpDefragmenter();
        const done = pushAll(d, order.map((i) => frags[i])).filter((r) => r !== undefined);
        expect(done.length).toBeGreaterThanOrEqual(1);
        expect(udp(done[0]).payload.toString('latin1')).toBe(BODY);
        // A repeat after completion starts a new datagram that never completes.
        expect(done.length).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a datagram missing its last fragment on flush', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const frags = v4Fragments();
    const frames = frags.slice(0, 2).map((p) => rawFrame(p));
    frames.forEach((f) => d.push(f, asFragment(f)));
    d.flush();
    expect(diags).toEqual([{
      code: 'fragment-incomplete',
      frame: frames[0].frame,
      fileOffset: frames[0].fileOffset,
      message: `IPv4 datagram 10.0.0.1→10.0.0.2 id 0x1234: 1952 of ? bytes from frames ${frames[0].frame}, ${frames[1].frame} never completed`,
    }]);
    expect(d.stats.incomplete).toBe(1);
    expect(d.size.datagrams).toBe(0);
  });

  it('does not complete a datagram whose last fragment the snaplen cut', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const frags = v4Fragments();
    const results = pushAll(d, frags.slice(0, 3));
    const last = frags[3];
    const cut: RawFrame = { ...rawFrame(last.subarray(0, last.length - 50)), origLen: last.length };
    results.push(d.push(cut, asFragment(cut)));
    expect(results.every((r) => r === undefined)).toBe(true);
    d.flush();
    expect(diags[0].message).toMatch(/: 3069 of 3119 bytes from frames/);
  });

  it('reports a datagram missing a middle fragment with its known length', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const frags = v4Fragments();
    pushAll(d, [frags[0], frags[3]]);
    d.flush();
    expect(diags[0].message).toMatch(/: \d+ of 3119 bytes from frames/);
  });

  it('drops and reports datagrams older than the timeout on evict, keeping young ones', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({ timeoutSec: 30 }, (x) => diags.push(x));
    pushAll(d, v4Fragments(1000, { id: 1 }).slice(0, 1), 1000);
    pushAll(d, v4Fragments(1000, { id: 2 }).slice(0, 1), 1020);
    d.evict(1030);
    expect(diags).toEqual([]);
    d.evict(1031);
    expect(diags.map((x) => x.code)).toEqual(['fragment-incomplete']);
    expect(diags[0].message).toContain('id 0x1:');
    expect(d.size.datagrams).toBe(1);
    // The late fragment of the dropped datagram starts a new, incomplete one.
    const late = pushAll(d, v4Fragments(1000, { id: 1 }).slice(1), 1032);
    expect(late.every((r) => r === undefined)).toBe(true);
  });

  it('evicts the oldest datagram when the table is full', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({ maxDatagrams: 2 }, (x) => diags.push(x));
    for (const id of [1, 2, 3]) pushAll(d, v4Fragments(1000, { id }).slice(0, 1));
    expect(diags.map((x) => x.code)).toEqual(['fragment-evicted']);
    expect(diags[0].message).toContain('id 0x1:');
    expect(d.stats.evictedForSpace).toBe(1);
    expect(d.size.datagrams).toBe(2);
    const done = pushAll(d, v4Fragments(1000, { id: 3 }).slice(1));
    expect(udp(done[2]).payload.toString('latin1')).toBe(BODY);
  });

  it('evicts the oldest datagrams when the byte budget is exceeded', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({ maxBytes: 2500 }, (x) => diags.push(x));
    pushAll(d, v4Fragments(1000, { id: 1 }).slice(0, 2));
    pushAll(d, v4Fragments(1000, { id: 2 }).slice(0, 2));
    expect(diags.map((x) => x.code)).toEqual(['fragment-evicted']);
    expect(d.size.bytes).toBeLessThanOrEqual(2500);
    expect(d.size.datagrams).toBe(1);
  });

  it('keeps datagrams apart by protocol, addresses and id', () => {
    const d = new IpDefragmenter();
    const a = v4Fragments(1000, { id: 9 });
    const b = fragmentIpv4(buildTcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5060, seq: 1, flags: TcpFlag.ACK, payload: BODY, ipId: 9 }), 1000);
    const results = pushAll(d, [a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]]);
    expect(results[6]?.packet.kind).toBe('udp');
    expect(results[7]?.packet.kind).toBe('tcp');
  });

  it('rebuilds a fragmented outer IP-in-IP datagram and decodes the inner packet', () => {
    const d = new IpDefragmenter();
    const inner = buildUdp({ src: '192.0.2.1', dst: '192.0.2.2', srcPort: 5060, dstPort: 5060, payload: BODY });
    const outer = encapsulateIp({ src: '203.0.113.1', dst: '203.0.113.2', inner, id: 77 });
    const results = pushAll(d, fragmentIpv4(outer, 1400));
    const p = udp(results[results.length - 1]);
    expect(p.ip).toMatchObject({ src: '192.0.2.1', tunnelDepth: 1 });
    expect(p.payload.toString('latin1')).toBe(BODY);
  });

  it('rebuilds an inner fragment carried in fragmented outer datagrams', () => {
    const d = new IpDefragmenter();
    const inner = fragmentIpv4(buildUdp({ src: '192.0.2.1', dst: '192.0.2.2', srcPort: 5060, dstPort: 5060, payload: BODY, ipId: 5 }), 1600);
    const outers = inner.flatMap((frag, i) => fragmentIpv4(encapsulateIp({ src: '203.0.113.1', dst: '203.0.113.2', inner: frag, id: 100 + i }), 800));
    const results = pushAll(d, outers);
    const last = results[results.length - 1];
    expect(udp(last).payload.toString('latin1')).toBe(BODY);
    expect(last?.frames).toHaveLength(outers.length);
  });

  it('drops a fragment that would make the datagram exceed 65535 bytes', () => {
    const diags: Diagnostic[] = [];
    const d = new IpDefragmenter({}, (x) => diags.push(x));
    const frag: IpFragment = { kind: 'fragment', ip: { version: 4, src: '1.1.1.1', dst: '2.2.2.2', protocol: 17, tunnelDepth: 0 }, id: 1, offset: 65528, moreFragments: false, data: Buffer.alloc(100) };
    expect(d.push(rawFrame(Buffer.alloc(0)), frag)).toBeUndefined();
    expect(diags.map((x) => x.code)).toEqual(['fragment-too-large']);
  });
});
