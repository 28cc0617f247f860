import { describe, expect, it } from 'vitest';
import { parseUri } from '../../server/sip/parse-uri.js';

describe('parseUri', () => {
  it('reads every part of a SIP URI', () => {
    const r = parseUri('sips:alice:secret@atlanta.example.com:5061;transport=tls;lr?subject=project%20x&priority=urgent');
    expect(r.issues).toEqual([]);
    expect(r.uri).toEqual({
      kind: 'sip',
      scheme: 'sips',
      user: 'alice',
      userDecoded: 'alice',
      password: 'secret',
      host: 'atlanta.example.com',
      hostType: 'domain',
      port: 5061,
      params: [{ name: 'transport', value: 'tls' }, { name: 'lr', value: undefined }],
      headers: [{ name: 'subject', value: 'project%20x' }, { name: 'priority', value: 'urgent' }],
      text: 'sips:alice:secret@atlanta.example.com:5061;transport=tls;lr?subject=project%20x&priority=urgent',
    });
  });

  it('reads IPv6 references and IPv4 hosts (RFC 5118)', () => {
    expect(parseUri('sip:[2001:db8::10]:5070;transport=udp').uri).toMatchObject({ host: '2001:db8::10', hostType: 'ipv6', port: 5070 });
    expect(parseUri('sip:user@[2001:db8::192.0.2.1]').uri).toMatchObject({ host: '2001:db8::192.0.2.1', hostType: 'ipv6' });
    expect(parseUri('sip:192.0.2.4').uri).toMatchObject({ host: '192.0.2.4', hostType: 'ipv4', user: undefined });
    expect(parseUri('sip:[2001:db8:::1]').issues.map((i) => i.code)).toEqual(['bad-uri-host']);
  });

  it('keeps percent escapes raw and decodes the user', () => {
    const u = parseUri('sip:%61lice%C3%A9@example.com').uri;
    expect(u?.kind === 'sip' && [u.user, u.userDecoded]).toEqual(['%61lice%C3%A9', 'aliceé']);
    expect(parseUri('sip:a%zz@example.com').issues).toEqual([expect.objectContaining({ code: 'bad-escape', offset: 5 })]);
  });

  it('reads tel URIs (RFC 3966)', () => {
    expect(parseUri('tel:+1-201-555-0123').uri).toMatchObject({ kind: 'tel', number: '+1-201-555-0123', global: true, digits: '+12015550123' });
    const local = parseUri('tel:7042;phone-context=example.com').uri;
    expect(local).toMatchObject({ kind: 'tel', global: false, phoneContext: 'example.com' });
    expect(parseUri('tel:7042').issues.map((i) => i.code)).toEqual(['tel-missing-phone-context']);
    expect(parseUri('tel:+12x').issues.map((i) => i.code)).toEqual(['bad-tel-number']);
  });

  it('keeps unknown schemes whole', () => {
    expect(parseUri('urn:service:sos').uri).toEqual({ kind: 'absolute', scheme: 'urn', rest: 'service:sos', text: 'urn:service:sos' });
    expect(parseUri('HTTP://example.com/x').uri).toMatchObject({ kind: 'absolute', scheme: 'http' });
  });

  it('reports invalid URIs with offsets relative to the value (plus base)', () => {
    expect(parseUri('sip:a@b:99999').issues).toEqual([expect.objectContaining({ code: 'bad-uri-port', offset: 8 })]);
    expect(parseUri('sip:a@b:99999', 10).issues[0].offset).toBe(18);
    expect(parseUri('sip:a@').issues.map((i) => i.code)).toEqual(['bad-uri-host']);
    expect(parseUri('sip:a@b c').issues.map((i) => i.code)).toContain('uri-whitespace');
    expect(parseUri('no scheme').uri).toBeUndefined();
  });
});
