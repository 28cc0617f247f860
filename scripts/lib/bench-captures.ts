/**
 * Generated benchmark captures: sipp-style calls (scripts/lib/sipp-call-flow.ts) written with
 * the project's own pcap writer, streamed to disk so any size can be made in bounded memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { encodePcapHeader, encodePcapRecord } from '../../server/capture/pcap-writer.js';
import { LinkType } from '../../server/capture/link-types.js';
import { buildEthernet, buildUdp } from '../../server/decode/frame-builder.js';
import { sippCallFlow } from './sipp-call-flow.js';
import { TcpConversation } from './tcp-conversation.js';

const T0 = 1764000000;
const UAS = { ip: '10.99.0.1', port: 5060 };
/** TCP connections the calls are spread over (a proxy's persistent connections). */
const TCP_CONNECTIONS = 100;

class BufferedPcapFile {
  private readonly fd: number;
  private parts: Buffer[] = [];
  private size = 0;
  private frames = 0;
  private readonly opts = { linkType: LinkType.ETHERNET };

  constructor(path: string) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, encodePcapHeader(this.opts));
  }

  /** Frame i is stamped 100 µs after frame i-1: 10,000 frames a second. */
  add(packet: Buffer): void {
    const t = this.frames++ * 100_000;
    const rec = encodePcapRecord(
      { tsSec: T0 + Math.floor(t / 1e9), tsNsec: t % 1e9, data: buildEthernet(packet) },
      this.opts,
    );
    this.parts.push(rec);
    this.size += rec.length;
    if (this.size > 4 << 20) this.flushParts();
  }

  close(): number {
    this.flushParts();
    closeSync(this.fd);
    return this.frames;
  }

  private flushParts(): void {
    const b = Buffer.concat(this.parts);
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off);
    this.parts = [];
    this.size = 0;
  }
}

function uac(n: number): { ip: string; port: number } {
  return { ip: `10.${1 + ((n >> 16) & 0x3f)}.${(n >> 8) & 0xff}.${n & 0xff}`, port: 5060 };
}

/** `calls` sipp calls over UDP, 6 messages each, one datagram per message. Returns the frame count. */
export function writeUdpBenchCapture(path: string, calls: number): number {
  const out = new BufferedPcapFile(path);
  for (let n = 0; n < calls; n++) {
    const a = uac(n);
    for (const m of sippCallFlow({ n, uacIp: a.ip, uacPort: a.port, uasIp: UAS.ip, uasPort: UAS.port, transport: 'UDP' })) {
      const [s, d] = m.fromUac ? [a, UAS] : [UAS, a];
      out.add(buildUdp({ src: s.ip, dst: d.ip, srcPort: s.port, dstPort: d.port, payload: m.text }));
    }
  }
  return out.close();
}

/**
 * `calls` sipp calls over TCP, spread over 100 connections: half with a 1460-byte MSS, half
 * with 300 bytes (so INVITEs and 200s span segments); ACK and BYE go out in one segment; every
 * data segment is acknowledged by a pure ACK, as on a real wire.
 */
export function writeTcpBenchCapture(path: string, calls: number): number {
  const out = new BufferedPcapFile(path);
  const conns: TcpConversation[] = [];
  for (let i = 0; i < TCP_CONNECTIONS; i++) {
    const c = new TcpConversation({ ip: `10.50.0.${i + 1}`, port: 40000 + i }, UAS, 1000 * (i + 1), 7000 * (i + 1));
    for (const p of c.handshake()) out.add(p);
    conns.push(c);
  }
  for (let n = 0; n < calls; n++) {
    const ci = n % TCP_CONNECTIONS;
    const c = conns[ci];
    const mss = ci % 2 === 0 ? 1460 : 300;
    const flow = sippCallFlow({ n, uacIp: c.a.ip, uacPort: c.a.port, uasIp: UAS.ip, uasPort: UAS.port, transport: 'TCP' });
    // INVITE | 180 | 200 | ACK+BYE | 200
    const writes: Array<[boolean, string]> = [
      [true, flow[0].text], [false, flow[1].text], [false, flow[2].text], [true, flow[3].text + flow[4].text], [false, flow[5].text],
    ];
    for (const [fromA, text] of writes) {
      for (const seg of c.send(fromA, text, mss)) out.add(seg);
      out.add(c.ack(!fromA));
    }
  }
  return out.close();
}
