import { describe, expect, it } from 'vitest';
import { getVias } from '../../server/sip/get-vias.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { parseVia, parseViaParm } from '../../server/sip/parse-via.js';

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and the well-known parameters', () => {
    const v = parseViaParm('SIP/2.0/UDP pc33.atlanta.example.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5066;maddr=224.2.0.1;ttl=16');
    expect(v).toMatchObject({
      protocol: 'SIP',
      version: '2.0',
      transport: 'UDP',
      host: 'pc33.atlanta.example.com',
      hostType: 'domain',
      port: 5066,
      branch: 'z9hG4bK776asdhds',
      received: '192.0.2.1',
      rport: 5066,
      maddr: '224.2.0.1',
      ttl: 16,
    });
    expect(v.issues).toEqual([]);
  });

  it('tells rport without a value from rport with one (RFC 3581)', () => {
    expect(parseViaParm('SIP/2.0/UDP h;rport;branch=z9hG4bK1').rport).toBe(true);
    expect(parseViaParm('SIP/2.0/UDP h;branch=z9hG4bK1').rport).toBeUndefined();
  });

  it('reads an IPv6 sent-by and received (RFC 5118)', () => {
    const v = parseViaParm('SIP/2.0/TCP [2001:db8::9:1]:5060;branch=z9hG4bKas3-111;received=2001:db8::9:255');
    expect(v).toMatchObject({ host: '2001:db8::9:1', hostType: 'ipv6', port: 5060, received: '2001:db8::9:255' });
    expect(v.issues).toEqual([]);
    expect(parseViaParm('SIP/2.0/UDP [2001:db8::1];received=[2001:db8::2]').received).toBe('2001:db8::2');
  });

  it('splits several via-parms of one value and across headers, in order', () => {
    const m = parseSip(
      Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/WSS b;branch=z9hG4bK2\r\nv: SIP/2.0/TLS c:5061;branch=z9hG4bK3\r\n\r\n'),
    );
    expect(getVias(m).map((v) => [v.transport, v.host, v.port, v.branch])).toEqual([
      ['UDP', 'a', undefined, 'z9hG4bK1'],
      ['WSS', 'b', undefined, 'z9hG4bK2'],
      ['TLS', 'c', 5061, 'z9hG4bK3'],
    ]);
  });

  it('reports malformed Vias with offsets into the header value', () => {
    const h = parseVia('SIP/2.0/UDP a;branch=z9hG4bK1, garbage');
    expect(h.vias.length).toBe(2);
    expect(h.issues).toEqual([expect.objectContaining({ code: 'bad-via', offset: 31 })]);
    expect(parseViaParm('SIP/2.0/UDP h:70000').issues.map((i) => i.code)).toEqual(['bad-via-port']);
    expect(parseViaParm('SIP/2.0/UDP h;ttl=300').issues.map((i) => i.code)).toEqual(['bad-via-param']);
  });
});
