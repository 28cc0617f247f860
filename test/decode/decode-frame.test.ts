import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeIpPacket } from '../../server/decode/index.js';
import {
  buildEthernet,
  buildLoopback,
  buildSll,
  buildSll2,
  buildTcp,
  buildUdp,
  encapsulateIp,
  TcpFlag,
} from '../../server/decode/frame-builder.js';
import type { DecodeResult, TransportPacket } from '../../server/model/packet.js';
import { hasTshark, tsharkFields, type TestFrame } from './tshark-oracle.js';

const SIP = 'OPTIONS sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n';

function udp4(payload = SIP): Buffer {
  return buildUdp({ src: '192.0.2.1', dst: '198.51.100.7', srcPort: 40000, dstPort: 40001, payload });
}
function udp6(payload = SIP): Buffer {
  return buildUdp({ src: '2001:db8::1', dst: '2001:db8:0:1::2', srcPort: 40000, dstPort: 40001, payload });
}

function transport(r: DecodeResult): TransportPacket {
  if (r.kind !== 'udp' && r.kind !== 'tcp') throw new Error(`expected a transport packet, got ${JSON.stringify(r)}`);
  return r;
}

describe('decodeFrame link types', () => {
  const cases: Array<[string, number, Buffer, string, string]> = [
    ['Ethernet IPv4', 1, buildEthernet(udp4()), '192.0.2.1', '198.51.100.7'],
    ['Ethernet IPv6', 1, buildEthernet(udp6()), '2001:db8::1', '2001:db8:0:1::2'],
    ['802.1Q', 1, buildEthernet(udp4(), { vlans: [{ vid: 100 }] }), '192.0.2.1', '198.51.100.7'],
    ['802.1ad + 802.1Q', 1, buildEthernet(udp4(), { vlans: [{ vid: 10, tpid: 0x88a8 }, { vid: 20 }] }), '192.0.2.1', '198.51.100.7'],
    ['QinQ 0x9100 ×3', 1, buildEthernet(udp6(), { vlans: [{ vid: 1, tpid: 0x9100 }, { vid: 2, tpid: 0x9100 }, { vid: 3 }] }), '2001:db8::1', '2001:db8:0:1::2'],
    ['Linux SLL', 113, buildSll(udp4()), '192.0.2.1', '198.51.100.7'],
    ['Linux SLL with VLAN', 113, buildSll(Buffer.concat([Buffer.from([0, 5, 0x08, 0x00]), udp4()]), { protocol: 0x8100 }), '192.0.2.1', '198.51.100.7'],
    ['Linux SLL2', 276, buildSll2(udp6()), '2001:db8::1', '2001:db8:0:1::2'],
    ['NULL little-endian AF_INET', 0, buildLoopback(udp4()), '192.0.2.1', '198.51.100.7'],
    ['NULL big-endian AF_INET', 0, buildLoopback(udp4(), { bigEndian: true }), '192.0.2.1', '198.51.100.7'],
    ['NULL AF_INET6 24', 0, buildLoopback(udp6(), { family: 24 }), '2001:db8::1', '2001:db8:0:1::2'],
    ['NULL AF_INET6 28 big-endian', 0, buildLoopback(udp6(), { family: 28, bigEndian: true }), '2001:db8::1', '2001:db8:0:1::2'],
    ['NULL AF_INET6 30', 0, buildLoopback(udp6(), { family: 30 }), '2001:db8::1', '2001:db8:0:1::2'],
    ['LOOP', 108, buildLoopback(udp4(), { bigEndian: true }), '192.0.2.1', '198.51.100.7'],
    ['RAW 101 v4', 101, udp4(), '192.0.2.1', '198.51.100.7'],
    ['RAW 101 v6', 101, udp6(), '2001:db8::1', '2001:db8:0:1::2'],
    ['RAW 12', 12, udp4(), '192.0.2.1', '198.51.100.7'],
    ['RAW 14', 14, udp6(), '2001:db8::1', '2001:db8:0:1::2'],
    ['IPV4 228', 228, udp4(), '192.0.2.1', '198.51.100.7'],
    ['IPV6 229', 229, udp6(), '2001:db8::1', '2001:db8:0:1::2'],
  ];

  it.each(cases)('decodes UDP over %s', (_name, linkType, frame, src, dst) => {
    const p = transport(decodeFrame(linkType, frame));
    expect(p.kind).toBe('udp');
    expect(p.ip.src).toBe(src);
    expect(p.ip.dst).toBe(dst);
    expect(p.ip.tunnelDepth).toBe(0);
    expect(p.ip.protocol).toBe(17);
    expect([p.srcPort, p.dstPort]).toEqual([40000, 40001]);
    expect(p.payload.toString('latin1')).toBe(SIP);
    // A view into the frame, not a copy.
    expect(p.payload.buffer).toBe(frame.buffer);
  });

  it.skipIf(!hasTshark)('agrees with tshark on addresses, ports, payload and checksums', () => {
    const frames: TestFrame[] = cases.map(([, linkType, data]) => ({ linkType, data }));
    const rows = tsharkFields(
      frames,
      ['ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'udp.srcport', 'udp.dstport', 'udp.payload', 'udp.checksum.status', 'ip.checksum.status'],
      ['-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
    );
    expect(rows).toHaveLength(frames.length);
    rows.forEach((row, i) => {
      const p = transport(decodeFrame(frames[i].linkType, frames[i].data));
      const [ipSrc, ipDst, v6Src, v6Dst, sport, dport, payload, udpStatus, ipStatus] = row;
      expect(p.ip.src, cases[i][0]).toBe(p.ip.version === 4 ? ipSrc : v6Src);
      expect(p.ip.dst, cases[i][0]).toBe(p.ip.version === 4 ? ipDst : v6Dst);
      expect([p.srcPort, p.dstPort]).toEqual([Number(sport), Number(dport)]);
      expect(p.payload.toString('hex')).toBe(payload.replace(/:/g, ''));
      expect(udpStatus, `${cases[i][0]} UDP checksum`).toBe('1');
      if (p.ip.version === 4) expect(ipStatus, `${cases[i][0]} IP checksum`).toBe('1');
    });
  });

  it('names an unknown link type', () => {
    expect(decodeFrame(147, udp4())).toEqual({ kind: 'skip', reason: 'unknown-link-type', detail: 'link type 147 (USER0)' });
  });

  it('names a non-IP ethertype', () => {
    const arp = buildEthernet(Buffer.alloc(28), { etherType: 0x0806 });
    expect(decodeFrame(1, arp)).toEqual({ kind: 'skip', reason: 'not-ip', detail: 'ethertype 0x0806 (ARP)' });
  });

  it('names an unknown loopback family', () => {
    expect(decodeFrame(0, buildLoopback(udp4(), { family: 7 }))).toMatchObject({ reason: 'not-ip', detail: 'loopback address family 7' });
  });

  it('gives up on an endless VLAN stack', () => {
    const frame = buildEthernet(udp4(), { vlans: Array.from({ length: 9 }, (_, i) => ({ vid: i })) });
    expect(decodeFrame(1, frame)).toMatchObject({ kind: 'skip', reason: 'not-ip', detail: 'more than 8 VLAN tags' });
  });

  it('follows 802.3 LLC/SNAP to IPv4 and names other LLC frames', () => {
    const ip = udp4();
    const snap = Buffer.concat([Buffer.from([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]), ip]);
    expect(transport(decodeFrame(1, buildEthernet(snap, { etherType: snap.length }))).payload.toString()).toBe(SIP);
    const stp = buildEthernet(Buffer.from([0x42, 0x42, 0x03, 0, 0, 0, 0]), { etherType: 7 });
    expect(decodeFrame(1, stp)).toMatchObject({ reason: 'not-ip', detail: '802.3 frame with length 7 (LLC)' });
  });
});

describe('decodeFrame IP and transport details', () => {
  it('does not add Ethernet padding to a short UDP payload', () => {
    const frame = buildEthernet(udp4('hi'), { pad: true });
    expect(frame.length).toBe(60);
    expect(transport(decodeFrame(1, frame)).payload.toString()).toBe('hi');
  });

  it('does not add Ethernet padding to a TCP payload', () => {
    const ip = buildTcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 5061, seq: 1, ack: 2, flags: TcpFlag.ACK | TcpFlag.PSH, payload: 'ab' });
    const p = transport(decodeFrame(1, buildEthernet(ip, { pad: true })));
    expect(p.payload.toString()).toBe('ab');
  });

  it('skips IPv4 options using the header length', () => {
    const options = Buffer.from([0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00]); // Router Alert, NOPs, EOL
    const ip = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'x', ipOptions: options });
    expect(ip[0]).toBe(0x47);
    const p = transport(decodeFrame(101, ip));
    expect(p.payload.toString()).toBe('x');
    expect([p.srcPort, p.dstPort]).toEqual([1, 2]);
  });

  it('reads TCP sequence, ack, flags and skips TCP options', () => {
    const ip = buildTcp({
      src: '2001:db8::a', dst: '2001:db8::b', srcPort: 5060, dstPort: 49152, seq: 0xfffffff0, ack: 12345,
      flags: TcpFlag.SYN | TcpFlag.ACK, payload: SIP, tcpOptions: Buffer.from([2, 4, 5, 0xb4, 1, 1, 4, 2]),
    });
    const p = transport(decodeFrame(229, ip));
    expect(p.kind).toBe('tcp');
    expect(p.tcp).toEqual({ seq: 0xfffffff0, ack: 12345, flags: 0x12 });
    expect(p.payload.toString()).toBe(SIP);
  });

  it('walks IPv6 hop-by-hop, destination options, routing and AH headers', () => {
    const ip = buildUdp({
      src: 'fe80::1', dst: 'ff02::1:2', srcPort: 546, dstPort: 547, payload: SIP,
      extensions: [
        { type: 0, data: Buffer.from([5, 2, 0, 0]) },
        { type: 60, data: Buffer.alloc(10) },
        { type: 43, data: Buffer.from([4, 0]) }, // SRH-style type 4, segments left 0
        { type: 51, data: Buffer.alloc(14) },
      ],
    });
    const p = transport(decodeFrame(229, ip));
    expect(p.ip.protocol).toBe(17);
    expect(p.payload.toString()).toBe(SIP);
  });

  it('calls ESP encrypted and names other protocols', () => {
    const esp = buildEthernet(encapsulateIp({ src: '10.0.0.1', dst: '10.0.0.2', inner: Buffer.alloc(0) }));
    esp[14 + 9] = 50;
    expect(decodeFrame(1, esp)).toEqual({ kind: 'skip', reason: 'other-transport', detail: 'ESP (encrypted)' });
    esp[14 + 9] = 1;
    expect(decodeFrame(1, esp)).toEqual({ kind: 'skip', reason: 'other-transport', detail: 'IP protocol 1 (ICMP)' });
    esp[14 + 9] = 132;
    expect(decodeFrame(1, esp)).toMatchObject({ detail: 'IP protocol 132 (SCTP)' });
  });

  it('rejects an IPv4 header length below 5', () => {
    const ip = udp4();
    ip[0] = 0x43;
    expect(decodeFrame(101, ip)).toEqual({ kind: 'skip', reason: 'bad-ip-header', detail: 'IPv4 header length 3 < 5' });
  });

  it('rejects an unknown IP version', () => {
    const ip = udp4();
    ip[0] = 0x55;
    expect(decodeFrame(101, ip)).toEqual({ kind: 'skip', reason: 'bad-ip-header', detail: 'IP version 5' });
  });

  it('tolerates a UDP length larger than the datagram, and honours a smaller one', () => {
    const long = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'abcdef', udpLength: 500 });
    expect(transport(decodeFrame(101, long)).payload.toString()).toBe('abcdef');
    const short = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'abcdef', udpLength: 11 });
    expect(transport(decodeFrame(101, short)).payload.toString()).toBe('abc');
    const zero = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'abcdef', udpLength: 0 });
    expect(transport(decodeFrame(101, zero)).payload.toString()).toBe('abcdef');
  });

  it('yields the bytes present when the snaplen cut the payload', () => {
    const frame = buildEthernet(udp4());
    const cut = frame.subarray(0, frame.length - 10);
    const p = transport(decodeFrame(1, cut));
    expect(p.payload.toString()).toBe(SIP.slice(0, SIP.length - 10));
  });

  it("says 'truncated' when the snaplen cut a header", () => {
    const frame = buildEthernet(udp4());
    expect(decodeFrame(1, frame.subarray(0, 14 + 20 + 4))).toEqual({
      kind: 'skip', reason: 'truncated', detail: 'UDP header: 4 of 8 bytes captured',
    });
    expect(decodeFrame(1, frame.subarray(0, 14 + 12))).toMatchObject({ reason: 'truncated', detail: 'IPv4 header: 12 of 20 bytes captured' });
    expect(decodeFrame(1, frame.subarray(0, 10))).toMatchObject({ reason: 'truncated' });
  });

  it('calls a header cut by the IP length field bad, not truncated', () => {
    const ip = udp4();
    ip.writeUInt16BE(24, 2);
    expect(decodeFrame(101, ip)).toMatchObject({ reason: 'bad-transport-header', detail: 'UDP header: 4 of 8 bytes within the enclosing length' });
  });

  it('decodes an IP packet at a non-zero offset', () => {
    const frame = buildEthernet(udp6(), { vlans: [{ vid: 7 }] });
    const p = transport(decodeIpPacket(frame, 18));
    expect(p.ip.src).toBe('2001:db8::1');
    expect(p.payload.toString()).toBe(SIP);
  });
});

describe('IP-in-IP', () => {
  const inner4 = udp4();
  const inner6 = udp6();
  const layers: Array<[string, Buffer, string]> = [
    ['IPv4 in IPv4', encapsulateIp({ src: '203.0.113.1', dst: '203.0.113.2', inner: inner4 }), '192.0.2.1'],
    ['IPv6 in IPv4', encapsulateIp({ src: '203.0.113.1', dst: '203.0.113.2', inner: inner6 }), '2001:db8::1'],
    ['IPv4 in IPv6', encapsulateIp({ src: '2001:db8:ff::1', dst: '2001:db8:ff::2', inner: inner4 }), '192.0.2.1'],
    ['IPv6 in IPv6', encapsulateIp({ src: '2001:db8:ff::1', dst: '2001:db8:ff::2', inner: inner6 }), '2001:db8::1'],
  ];

  it.each(layers)('decodes %s to the innermost header', (_name, packet, src) => {
    const p = transport(decodeFrame(1, buildEthernet(packet)));
    expect(p.ip.src).toBe(src);
    expect(p.ip.tunnelDepth).toBe(1);
    expect(p.payload.toString()).toBe(SIP);
  });

  it('counts nested layers and stops at the depth limit', () => {
    let packet = udp4();
    for (let i = 1; i <= 8; i++) {
      packet = encapsulateIp({ src: i % 2 ? '10.9.9.1' : 'fd00::1', dst: i % 2 ? '10.9.9.2' : 'fd00::2', inner: packet });
    }
    expect(transport(decodeFrame(101, packet)).ip.tunnelDepth).toBe(8);
    packet = encapsulateIp({ src: '10.9.9.1', dst: '10.9.9.2', inner: packet });
    expect(decodeFrame(101, packet)).toMatchObject({ kind: 'skip', reason: 'tunnel-too-deep' });
  });

  it.skipIf(!hasTshark)('agrees with tshark on the innermost addresses', () => {
    const frames = layers.map(([, packet]) => ({ linkType: 1, data: buildEthernet(packet) }));
    const rows = tsharkFields(frames, ['ip.src', 'ipv6.src', 'udp.payload', 'udp.checksum.status'], ['-o', 'udp.check_checksum:TRUE']);
    expect(rows).toHaveLength(frames.length);
    rows.forEach((row, i) => {
      const p = transport(decodeFrame(1, frames[i].data));
      // With occurrence=l, the last ip.src/ipv6.src is the innermost of that family.
      expect(p.ip.src).toBe(p.ip.version === 4 ? row[0] : row[1]);
      expect(p.payload.toString('hex')).toBe(row[2].replace(/:/g, ''));
      expect(row[3]).toBe('1');
    });
  });
});
