import { describe, expect, it } from 'vitest';
import { getHeader, getHeaders } from '../../server/sip/get-header.js';
import { isListHeader } from '../../server/sip/is-list-header.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { splitHeaderValues } from '../../server/sip/split-header-values.js';

describe('splitHeaderValues', () => {
  it('splits at commas outside quoted strings and <>', () => {
    const v = '"Smith, John" <sip:j@x;a=b,c>;q=0.5, <sip:k@y> , sip:z@w';
    expect(splitHeaderValues(v).map((i) => i.text)).toEqual(['"Smith, John" <sip:j@x;a=b,c>;q=0.5', '<sip:k@y>', 'sip:z@w']);
    const items = splitHeaderValues(v);
    for (const i of items) expect(v.slice(i.offset, i.offset + i.text.length)).toBe(i.text);
  });

  it('honours escaped quotes inside a quoted string', () => {
    expect(splitHeaderValues('"a \\", b" <sip:a@b>, <sip:c@d>').map((i) => i.text)).toEqual(['"a \\", b" <sip:a@b>', '<sip:c@d>']);
  });

  it('returns empty elements so callers can report them', () => {
    expect(splitHeaderValues('a,,b,').map((i) => i.text)).toEqual(['a', '', 'b', '']);
  });
});

describe('getHeader / getHeaders', () => {
  const m = parseSip(
    Buffer.from(
      [
        'INVITE sip:a@b SIP/2.0',
        'Via: SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/UDP h2;branch=z9hG4bK2',
        'v: SIP/2.0/TCP h3;branch=z9hG4bK3',
        'WWW-Authenticate: Digest realm="a", nonce="b"',
        'Date: Sat, 13 Nov 2010 23:29:00 GMT',
        'Allow: INVITE,ACK , BYE',
        '',
        '',
      ].join('\r\n'),
    ),
  );

  it('finds headers by full or compact name in any case', () => {
    expect(getHeader(m, 'VIA')).toBe('SIP/2.0/UDP h1;branch=z9hG4bK1, SIP/2.0/UDP h2;branch=z9hG4bK2');
    expect(getHeader(m, 'v')).toBe(getHeader(m, 'via'));
    expect(getHeader(m, 'route')).toBeUndefined();
  });

  it('gives every value across lines and comma lists, in order', () => {
    expect(getHeaders(m, 'via')).toEqual(['SIP/2.0/UDP h1;branch=z9hG4bK1', 'SIP/2.0/UDP h2;branch=z9hG4bK2', 'SIP/2.0/TCP h3;branch=z9hG4bK3']);
    expect(getHeaders(m, 'allow')).toEqual(['INVITE', 'ACK', 'BYE']);
  });

  it('never splits headers whose commas are not list separators', () => {
    expect(isListHeader('www-authenticate')).toBe(false);
    expect(isListHeader('date')).toBe(false);
    expect(isListHeader('contact')).toBe(true);
    expect(getHeaders(m, 'www-authenticate')).toEqual(['Digest realm="a", nonce="b"']);
    expect(getHeaders(m, 'date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
  });
});
