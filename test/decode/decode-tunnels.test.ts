import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../server/decode/index.js';
import { buildEthernet, buildGre, buildPpp, buildUdp, fragmentIpv4, fragmentIpv6 } from '../../server/decode/frame-builder.js';
import type { DecodeResult } from '../../server/model/packet.js';
import { hasTshark, tsharkFields } from './tshark-oracle.js';
import { SIP, validFrames } from './valid-frames.js';

const frames = validFrames();
const byName = (name: string): DecodeResult => {
  const f = frames.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no frame ${name}`);
  return decodeFrame(f.linkType, f.data);
};

describe('GRE, ERSPAN and PPPoE', () => {
  it.each([
    ['GRE IPv4', 4, 1],
    ['GRE Ethernet', 6, 1],
    ['ERSPAN II', 4, 1],
    ['ERSPAN III', 4, 1],
    ['PPP in GRE (PPTP)', 4, 1],
    ['PPPoE', 6, 0],
  ] as const)('decodes %s to the SIP payload', (name, version, depth) => {
    const r = byName(name);
    expect(r.kind === 'udp' || r.kind === 'tcp').toBe(true);
    if (r.kind === 'skip' || r.kind === 'fragment') return;
    expect(r.ip.version).toBe(version);
    expect(r.ip.tunnelDepth).toBe(depth);
    expect(r.payload.toString('latin1')).toBe(SIP);
  });

  it('names a PPP control protocol and a GRE version it cannot read', () => {
    const lcp = Buffer.from([0xc0, 0x21, 1, 1, 0, 4]);
    const gre = buildGre({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 0x880b, pptpCallId: 1, payload: lcp });
    expect(decodeFrame(101, gre)).toEqual({ kind: 'skip', reason: 'not-ip', detail: 'PPP protocol 0xc021 (LCP)' });
    const v2 = Buffer.from(gre);
    v2[20 + 1] = 2;
    expect(decodeFrame(101, v2)).toEqual({ kind: 'skip', reason: 'bad-transport-header', detail: 'GRE version 2' });
  });

  it('counts GRE layers towards the tunnel depth limit', () => {
    let packet = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'x' });
    for (let i = 0; i < 8; i++) packet = buildGre({ src: '10.1.0.1', dst: '10.1.0.2', protocol: 0x0800, payload: packet });
    expect(decodeFrame(101, packet)).toMatchObject({ kind: 'udp', ip: { tunnelDepth: 8 } });
    packet = buildGre({ src: '10.1.0.1', dst: '10.1.0.2', protocol: 0x880b, payload: buildPpp(packet) });
    expect(decodeFrame(101, packet)).toMatchObject({ kind: 'skip', reason: 'tunnel-too-deep' });
  });

  it('bounds PPPoE by its length field', () => {
    const f = frames.find((x) => x.name === 'PPPoE');
    const padded = Buffer.concat([f?.data ?? Buffer.alloc(0), Buffer.alloc(30)]);
    const r = decodeFrame(1, padded);
    expect(r.kind === 'udp' && r.payload.toString('latin1')).toBe(SIP);
  });

  it('keeps a GRE key and sequence out of the payload', () => {
    const inner = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, payload: 'x' });
    const gre = buildEthernet(buildGre({ src: 'fd00::1', dst: 'fd00::2', protocol: 0x0800, payload: inner, key: 1, sequence: 2 }));
    expect(decodeFrame(1, gre)).toMatchObject({ kind: 'udp', ip: { src: '10.0.0.1', tunnelDepth: 1 } });
  });
});

describe.skipIf(!hasTshark)('every builder encapsulation, checked by tshark', () => {
  it('matches tshark on innermost address, ports, payload, TCP fields and checksums', () => {
    const whole = frames.filter((f) => decodeFrame(f.linkType, f.data).kind !== 'fragment');
    const rows = tsharkFields(
      whole,
      ['ip.src', 'ipv6.src', 'udp.srcport', 'tcp.srcport', 'udp.payload', 'tcp.payload', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'udp.checksum.status', 'tcp.checksum.status', 'ip.checksum.status', '_ws.malformed'],
      ['-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'],
    );
    expect(rows).toHaveLength(whole.length);
    rows.forEach((row, i) => {
      const name = whole[i].name;
      const r = decodeFrame(whole[i].linkType, whole[i].data);
      if (r.kind === 'skip' || r.kind === 'fragment') throw new Error(`${name}: ${JSON.stringify(r)}`);
      const [ip4, ip6, usport, tsport, upayload, tpayload, seq, ack, flags, ucsum, tcsum, ipcsum, malformed] = row;
      expect(r.ip.src, name).toBe(r.ip.version === 4 ? ip4 : ip6);
      expect(String(r.srcPort), name).toBe(r.kind === 'udp' ? usport : tsport);
      expect(r.payload.toString('hex'), name).toBe((r.kind === 'udp' ? upayload : tpayload).replace(/:/g, ''));
      expect(r.kind === 'udp' ? ucsum : tcsum, `${name} checksum`).toBe('1');
      if (ip4 !== '') expect(ipcsum.split(',').every((s) => s === '1'), `${name} IP checksum ${ipcsum}`).toBe(true);
      expect(malformed, name).toBe('');
      if (r.tcp !== undefined) {
        expect([r.tcp.seq, r.tcp.ack, r.tcp.flags], name).toEqual([Number(seq), Number(ack), Number(flags)]);
      }
    });
  });

  it('builds fragments tshark reassembles to the same datagram', () => {
    const packet = buildUdp({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 40000, dstPort: 40001, payload: SIP.repeat(40) });
    const v4 = buildUdp({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 40000, dstPort: 40001, payload: SIP.repeat(40), ipId: 77 });
    {
      const parts = [
        ...fragmentIpv6(packet, 1280, 3).map((data) => ({ linkType: 229, data })),
        ...fragmentIpv4(v4, 1000).map((data) => ({ linkType: 228, data })),
      ];
      const rows = tsharkFields(parts, ['udp.payload', 'udp.checksum.status', 'ip.checksum.status'], ['-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE']);
      const payloads = rows.map((r) => r[0]).filter((p) => p !== '');
      expect(payloads.map((p) => Buffer.from(p.replace(/:/g, ''), 'hex').toString('latin1'))).toEqual([SIP.repeat(40), SIP.repeat(40)]);
      expect(rows.map((r) => r[1]).filter((s) => s !== '')).toEqual(['1', '1']);
      expect(rows.slice(3).every((r) => r[2] === '1')).toBe(true);
    }
  });
});
