import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../../server/sip/parse-name-addr.js';

describe('parseNameAddr', () => {
  it('reads a quoted display name with escapes, the URI and the tag', () => {
    const n = parseNameAddr('"Bob \\"B\\" Smith" <sip:bob@biloxi.example.com>;tag=a6c85cf');
    expect(n.displayName).toBe('Bob "B" Smith');
    expect(n.uriText).toBe('sip:bob@biloxi.example.com');
    expect(n.uri).toMatchObject({ kind: 'sip', user: 'bob', host: 'biloxi.example.com' });
    expect(n.tag).toBe('a6c85cf');
    expect(n.bracketed).toBe(true);
    expect(n.issues).toEqual([]);
  });

  it('reads a token display name and a bracketed URI without a display name', () => {
    expect(parseNameAddr('Alice Liddell <sip:alice@example.com>').displayName).toBe('Alice Liddell');
    const n = parseNameAddr('<sip:carol@chicago.example.com;transport=tcp>;expires=60');
    expect(n.displayName).toBeUndefined();
    expect(n.uri?.kind === 'sip' && n.uri.params).toEqual([{ name: 'transport', value: 'tcp' }]);
    expect(n.params).toEqual([{ name: 'expires', value: '60', quoted: false }]);
  });

  it('gives parameters after a bare URI to the header, not the URI (RFC 3261 §20.10)', () => {
    const n = parseNameAddr('sip:+12125551212@server.phone2net.com;tag=887s');
    expect(n.bracketed).toBe(false);
    expect(n.tag).toBe('887s');
    expect(n.uri?.kind === 'sip' && n.uri.params).toEqual([]);
    expect(n.uri?.kind === 'sip' && n.uri.user).toBe('+12125551212');
  });

  it('reads a tel URI inside <>', () => {
    const n = parseNameAddr('<tel:+1-201-555-0123>;tag=x');
    expect(n.uri).toMatchObject({ kind: 'tel', global: true, digits: '+12015550123' });
  });

  it('reports broken forms with offsets into the value', () => {
    const v = '"Unclosed <sip:a@b>';
    const u = parseNameAddr(v);
    expect(u.issues[0]).toMatchObject({ code: 'unterminated-quote', offset: 0 });
    expect(u.uri?.kind).toBe('sip');
    const a = parseNameAddr('<sip:a@b');
    expect(a.issues.map((i) => i.code)).toEqual(['unterminated-angle']);
    const junk = parseNameAddr('<sip:a@b> junk');
    expect(junk.issues).toEqual([expect.objectContaining({ code: 'bad-param', offset: 10 })]);
    const noScheme = parseNameAddr('alan@jasomi.com');
    expect(noScheme.uri).toBeUndefined();
    expect(noScheme.issues.map((i) => i.code)).toEqual(['bad-uri']);
  });

  it('keeps a quoted parameter value unquoted and marked', () => {
    const n = parseNameAddr('<sip:a@b>;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"');
    expect(n.params).toEqual([{ name: '+sip.instance', value: '<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>', quoted: true }]);
  });
});
