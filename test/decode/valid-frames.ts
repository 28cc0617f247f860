/** Test helper: one valid frame of every link type and encapsulation the decoder knows. */
import {
  buildErspan,
  buildEthernet,
  buildGre,
  buildLinkFrame,
  buildPpp,
  buildPppoeSession,
  buildTcp,
  buildUdp,
  encapsulateIp,
  fragmentIpv4,
  fragmentIpv6,
  TcpFlag,
} from '../../server/decode/frame-builder.js';

export const SIP = 'OPTIONS sip:bob@example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n';

export interface NamedFrame {
  name: string;
  linkType: number;
  data: Buffer;
}

export function validFrames(): NamedFrame[] {
  const u4 = buildUdp({ src: '192.0.2.1', dst: '198.51.100.7', srcPort: 40000, dstPort: 40001, payload: SIP, ipOptions: Buffer.from([1, 1, 1, 0]) });
  const u6 = buildUdp({
    src: '2001:db8::1', dst: '2001:db8::2', srcPort: 40000, dstPort: 40001, payload: SIP,
    extensions: [{ type: 0, data: Buffer.alloc(6) }, { type: 60, data: Buffer.alloc(6) }],
  });
  const t4 = buildTcp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 5060, dstPort: 40002, seq: 1, ack: 2, flags: TcpFlag.ACK, payload: SIP, tcpOptions: Buffer.from([1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2]) });
  const frames: NamedFrame[] = [];
  for (const linkType of [0, 1, 12, 14, 101, 108, 113, 228, 229, 276]) {
    if (linkType !== 229) frames.push({ name: `UDPv4 link ${linkType}`, linkType, data: buildLinkFrame(linkType, u4) });
    if (linkType !== 228) frames.push({ name: `UDPv6 link ${linkType}`, linkType, data: buildLinkFrame(linkType, u6) });
  }
  frames.push({ name: 'TCP over QinQ', linkType: 1, data: buildEthernet(t4, { vlans: [{ vid: 1, tpid: 0x88a8 }, { vid: 2 }] }) });
  frames.push({ name: 'IPv6 in IPv4', linkType: 1, data: buildEthernet(encapsulateIp({ src: '203.0.113.1', dst: '203.0.113.2', inner: u6 })) });
  frames.push({ name: 'IPv4 in IPv6', linkType: 1, data: buildEthernet(encapsulateIp({ src: 'fd00::1', dst: 'fd00::2', inner: t4 })) });
  frames.push({ name: 'IPv4 fragment', linkType: 1, data: buildEthernet(fragmentIpv4(u4, 60)[1]) });
  frames.push({ name: 'IPv6 fragment', linkType: 229, data: fragmentIpv6(u6, 120, 9)[0] });
  frames.push({ name: 'GRE IPv4', linkType: 1, data: buildEthernet(buildGre({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 0x0800, payload: u4, key: 5 })) });
  frames.push({ name: 'GRE Ethernet', linkType: 1, data: buildEthernet(buildGre({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 0x6558, payload: buildEthernet(u6) })) });
  frames.push({ name: 'ERSPAN II', linkType: 1, data: buildEthernet(buildGre({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 0x88be, sequence: 1, payload: buildErspan(buildEthernet(u4, { vlans: [{ vid: 3 }] }), { type: 2 }) })) });
  frames.push({ name: 'ERSPAN III', linkType: 1, data: buildEthernet(buildGre({ src: 'fd00::1', dst: 'fd00::2', protocol: 0x22eb, sequence: 1, payload: buildErspan(buildEthernet(t4), { type: 3 }) })) });
  frames.push({ name: 'PPP in GRE (PPTP)', linkType: 1, data: buildEthernet(buildGre({ src: '203.0.113.1', dst: '203.0.113.2', protocol: 0x880b, pptpCallId: 4, sequence: 1, payload: buildPpp(u4, { hdlc: true }) })) });
  frames.push({ name: 'PPPoE', linkType: 1, data: buildEthernet(buildPppoeSession(u6), { etherType: 0x8864, vlans: [{ vid: 10 }] }) });
  return frames;
}
