/**
 * The fixtures the project makes with its own frame builder and pcap writers (fixtures/*).
 * Deterministic: the same code always gives the same bytes, and a test checks that the
 * committed files are what this code makes. `npm run fixtures` writes them.
 */
import { gzipSync } from 'node:zlib';
import { encodePcap } from '../../server/capture/pcap-writer.js';
import { encodePcapng } from '../../server/capture/pcapng-writer.js';
import type { FrameToWrite } from '../../server/capture/frame-to-write.js';
import { LinkType } from '../../server/capture/link-types.js';
import {
  buildEthernet,
  buildSll2,
  buildUdp,
  fragmentIpv4,
  fragmentIpv6,
} from '../../server/decode/frame-builder.js';
import { sippCallFlow, type CallFlowOptions } from './sipp-call-flow.js';
import { TcpConversation } from './tcp-conversation.js';

/** 2025-11-24 16:00:00 UTC: a fixed start so fixtures never change. */
const T0 = 1764000000;

/** Frame i of a fixture is stamped T0 + i ms (+ a nanosecond part that tests exactness). */
function stamp(data: Buffer, i: number, interfaceId = 0): FrameToWrite {
  return { tsSec: T0 + Math.floor(i / 1000), tsNsec: (i % 1000) * 1_000_000 + 123_456, data, interfaceId };
}

function ethernetPcap(packets: Buffer[]): Buffer {
  return encodePcap(packets.map((p, i) => stamp(buildEthernet(p), i)), { linkType: LinkType.ETHERNET });
}

const UAC = { ip: '192.0.2.10', port: 5060 };
const UAS = { ip: '198.51.100.20', port: 5060 };

function flow(n: number, transport: 'UDP' | 'TCP', uac = UAC, uas = UAS): ReturnType<typeof sippCallFlow> {
  const o: CallFlowOptions = { n, uacIp: uac.ip, uacPort: uac.port, uasIp: uas.ip, uasPort: uas.port, transport };
  return sippCallFlow(o);
}

function udpCall(n: number, uac = UAC, uas = UAS): Buffer[] {
  return flow(n, 'UDP', uac, uas).map((m) => {
    const [s, d] = m.fromUac ? [uac, uas] : [uas, uac];
    return buildUdp({ src: s.ip, dst: d.ip, srcPort: s.port, dstPort: d.port, payload: m.text });
  });
}

/** A 100 Trying made from the 180 of the same flow (sipp's uas sends none). */
function trying(ringing: string): string {
  return ringing.replace('SIP/2.0 180 Ringing', 'SIP/2.0 100 Trying').replace(/;tag=4580SIPpTag01\d+/, '');
}

/** An INVITE whose SDP is large enough to need IP fragmentation (several m= lines, many codecs). */
function bigInvite(n: number, ip6: boolean): string {
  const uac = ip6 ? '2001:db8::10' : UAC.ip;
  const uas = ip6 ? '2001:db8::20' : UAS.ip;
  const invite = sippCallFlow({ n, uacIp: uac, uacPort: 5060, uasIp: uas, uasPort: 5060, transport: 'UDP' })[0].text;
  const [head, body] = invite.split('\r\n\r\n');
  let extra = '';
  for (let i = 0; i < 60; i++) extra += `a=rtpmap:${96 + i} telephone-event-${i}/8000\r\na=fmtp:${96 + i} 0-15\r\n`;
  const newBody = body + extra;
  return head.replace(/Content-Length: +\d+/, `Content-Length: ${newBody.length}`) + '\r\n\r\n' + newBody;
}

export function buildFixtures(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();

  // 3 SIP messages in one TCP segment: the UAS answers 100, 180 and 200 in a single write.
  {
    const c = new TcpConversation(UAC, UAS);
    const f = flow(1, 'TCP');
    out.set('tcp-three-messages-one-segment.pcap', ethernetPcap([
      ...c.handshake(),
      ...c.send(true, f[0].text),
      ...c.send(false, trying(f[1].text) + f[1].text + f[2].text),
      ...c.send(true, f[3].text),
    ]));
  }

  // One INVITE over 4 segments, delivered 1, 3, 4, 2 (2 fills the hole), then 3 retransmitted.
  {
    const c = new TcpConversation(UAC, UAS);
    const f = flow(2, 'TCP');
    const hs = c.handshake();
    const segs = c.send(true, f[0].text, Math.ceil(Buffer.byteLength(f[0].text) / 4));
    if (segs.length !== 4) throw new Error(`expected 4 segments, got ${segs.length}`);
    out.set('tcp-one-message-four-segments-out-of-order.pcap', ethernetPcap([
      ...hs, segs[0], segs[2], segs[3], segs[1], segs[2], ...c.send(false, f[1].text),
    ]));
  }

  // A TCP gap: the second half of an INVITE was never captured; then a good OPTIONS and its 200.
  {
    const c = new TcpConversation(UAC, UAS);
    const f = flow(3, 'TCP');
    const invite = Buffer.from(f[0].text, 'latin1');
    const half = 200;
    const options =
      `OPTIONS sip:service@${UAS.ip}:5060 SIP/2.0\r\nVia: SIP/2.0/TCP ${UAC.ip}:5060;branch=z9hG4bK-opt-1\r\n` +
      `From: sipp <sip:sipp@${UAC.ip}:5060>;tag=opt1\r\nTo: service <sip:service@${UAS.ip}:5060>\r\n` +
      `Call-ID: options-1@${UAC.ip}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    const ok =
      `SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP ${UAC.ip}:5060;branch=z9hG4bK-opt-1\r\n` +
      `From: sipp <sip:sipp@${UAC.ip}:5060>;tag=opt1\r\nTo: service <sip:service@${UAS.ip}:5060>;tag=u1\r\n` +
      `Call-ID: options-1@${UAC.ip}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
    const frames = [...c.handshake(), ...c.send(true, invite.subarray(0, half))];
    c.lose(true, invite.length - half);
    frames.push(...c.send(true, options), ...c.send(false, ok));
    out.set('tcp-gap-then-good-message.pcap', ethernetPcap(frames));
  }

  // IPv4- and IPv6-fragmented UDP INVITEs, fragments out of order (last, first, middle…).
  {
    const invite = buildUdp({ src: UAC.ip, dst: UAS.ip, srcPort: 5060, dstPort: 5060, payload: bigInvite(4, false), ipId: 0x4242 });
    const frags = fragmentIpv4(invite, 1500);
    if (frags.length < 3) throw new Error('IPv4 INVITE should need 3 fragments');
    const ordered = [frags[frags.length - 1], ...frags.slice(0, -1).reverse()];
    const rest = udpCall(4).slice(1);
    out.set('ipv4-fragmented-invite.pcap', ethernetPcap([...ordered, ...rest]));

    const a6 = { ip: '2001:db8::10', port: 5060 };
    const b6 = { ip: '2001:db8::20', port: 5060 };
    const invite6 = buildUdp({ src: a6.ip, dst: b6.ip, srcPort: 5060, dstPort: 5060, payload: bigInvite(5, true) });
    const frags6 = fragmentIpv6(invite6, 1280, 0x5151);
    const ordered6 = [frags6[1], ...frags6.slice(2), frags6[0]];
    out.set('ipv6-fragmented-invite.pcap', ethernetPcap([...ordered6, ...udpCall(5, a6, b6).slice(1)]));
  }

  // QinQ: an 802.1ad service tag outside an 802.1Q customer tag; a second call with 0x9100.
  {
    const frames = [
      ...udpCall(6).map((p) => buildEthernet(p, { vlans: [{ tpid: 0x88a8, vid: 100 }, { tpid: 0x8100, vid: 200 }] })),
      ...udpCall(7).map((p) => buildEthernet(p, { vlans: [{ tpid: 0x9100, vid: 300 }, { tpid: 0x8100, vid: 42 }] })),
    ];
    out.set('qinq-two-calls.pcap', encodePcap(frames.map((d, i) => stamp(d, i)), { linkType: LinkType.ETHERNET }));
  }

  // Linux cooked capture v2 (what `tcpdump -i any` writes on recent libpcap).
  out.set('sll2-call.pcap', encodePcap(udpCall(8).map((p, i) => stamp(buildSll2(p, { ifIndex: 3 }), i)), {
    linkType: LinkType.LINUX_SLL2,
  }));

  // pcapng with two interfaces of different link types and resolutions: Ethernet in ns, raw IP in µs.
  {
    // Ethernet frames at 2i ms + 654,321 ns (only a ns resolution keeps the last digits).
    const eth = udpCall(9).map((p, i) => ({ ...stamp(buildEthernet(p), 2 * i, 0), tsNsec: 2 * i * 1_000_000 + 654_321 }));
    const raw = udpCall(10, { ip: '203.0.113.5', port: 5062 }, { ip: '203.0.113.6', port: 5064 }).map((p, i) => ({
      ...stamp(p, 2 * i + 1, 1),
      tsNsec: (2 * i + 1) * 1_000_000 + 250_000,
    }));
    const frames: FrameToWrite[] = [];
    for (let i = 0; i < eth.length; i++) frames.push(eth[i], raw[i]);
    out.set('two-interfaces-ns.pcapng', encodePcapng(frames, {
      interfaces: [
        { linkType: LinkType.ETHERNET, name: 'eth0', tsresol: 9 },
        { linkType: LinkType.RAW, name: 'tun0', tsresol: 6 },
      ],
      comment: 'sipscope fixture: two interfaces, Ethernet (ns) and raw IP (µs)',
    }));
  }

  // A gzip-compressed capture (read transparently, whatever the file name).
  out.set('gzip-call.pcap.gz', gzipSync(ethernetPcap(udpCall(11)), { level: 9 }));

  // The demo capture: 11 UDP calls (one with an IPv4-fragmented INVITE), 5 TCP calls, 3 over IPv6.
  {
    const packets: Buffer[] = [];
    for (let n = 100; n < 110; n++) packets.push(...udpCall(n, { ip: `192.0.2.${n - 90}`, port: 5060 }));
    packets.push(...fragmentIpv4(buildUdp({ src: UAC.ip, dst: UAS.ip, srcPort: 5060, dstPort: 5060, payload: bigInvite(110, false), ipId: 7 }), 1500));
    packets.push(...udpCall(110).slice(1));
    for (let n = 120; n < 125; n++) {
      const c = new TcpConversation({ ip: `192.0.2.${n - 100}`, port: 40000 + n }, UAS);
      packets.push(...c.handshake());
      for (const m of flow(n, 'TCP', { ip: `192.0.2.${n - 100}`, port: 40000 + n })) packets.push(...c.send(m.fromUac, m.text));
    }
    for (let n = 130; n < 133; n++) packets.push(...udpCall(n, { ip: `2001:db8::${n}`, port: 5060 }, { ip: '2001:db8::20', port: 5060 }));
    out.set('demo-calls.pcap', ethernetPcap(packets));
  }
  return out;
}
