import { describe, expect, it } from 'vitest';
import { getHeader } from '../../server/sip/get-header.js';
import { parseSip } from '../../server/sip/parse-sip.js';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

const INVITE = crlf([
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: "Алиса" <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\r\n',
]);

describe('parseSip', () => {
  it('reads a request line, Call-ID, CSeq, Content-Length and the body offset', () => {
    const m = parseSip(INVITE);
    expect(m.startLine).toEqual({ kind: 'request', method: 'INVITE', uri: 'sip:bob@biloxi.example.com', version: 'SIP/2.0' });
    expect(m.callId).toBe('a84b4c76e66710@pc33.atlanta.example.com');
    expect(m.cseq).toEqual({ seq: 314159, method: 'INVITE' });
    expect(m.contentLength).toBe(4);
    expect(INVITE.toString('latin1', m.bodyOffset)).toBe('v=0\r\n');
    expect(m.issues).toEqual([]);
  });

  it('keeps UTF-8 display names correct and header spans exact', () => {
    const m = parseSip(INVITE);
    const from = m.headers[3];
    expect(from.value).toBe('"Алиса" <sip:alice@atlanta.example.com>;tag=1928301774');
    expect(INVITE.toString('utf8', from.start, from.end)).toBe(`From: ${from.value}`);
    expect(JSON.parse(JSON.stringify(from))).toEqual({ name: 'From', key: 'from', value: from.value, start: from.start, end: from.end });
  });

  it('reads a status line', () => {
    const m = parseSip(crlf(['SIP/2.0 180 Ringing', 'CSeq: 1 INVITE', '', '']));
    expect(m.startLine).toEqual({ kind: 'response', status: 180, reason: 'Ringing', version: 'SIP/2.0' });
  });

  it('expands every compact form and ignores name case', () => {
    const pairs: [string, string][] = [
      ['i', 'call-id'], ['m', 'contact'], ['e', 'content-encoding'], ['l', 'content-length'], ['c', 'content-type'],
      ['f', 'from'], ['s', 'subject'], ['k', 'supported'], ['t', 'to'], ['v', 'via'], ['o', 'event'], ['r', 'refer-to'],
      ['b', 'referred-by'], ['u', 'allow-events'], ['x', 'session-expires'], ['y', 'identity'], ['a', 'accept-contact'],
      ['j', 'reject-contact'], ['d', 'request-disposition'], ['n', 'identity-info'],
    ];
    const lines = ['OPTIONS sip:a@b SIP/2.0', ...pairs.map(([c]) => `${c.toUpperCase()}: 0`), 'X-Custom-Thing: 1', 'cAlL-iD: z', '', ''];
    const m = parseSip(crlf(lines));
    expect(m.headers.map((h) => h.key)).toEqual([...pairs.map(([, k]) => k), 'x-custom-thing', 'call-id']);
    expect(m.headers[0].name).toBe('I');
  });

  it('joins folded lines with one space and accepts whitespace around the colon', () => {
    const m = parseSip(crlf(['OPTIONS sip:a@b SIP/2.0', 'Subject  :  first', ' \t second  ', '\tthird', 'To:', ' <sip:x@y>', 'X-Empty:', '', '']));
    expect(getHeader(m, 'subject')).toBe('first second third');
    expect(getHeader(m, 'to')).toBe('<sip:x@y>');
    expect(getHeader(m, 'x-empty')).toBe('');
    expect(m.issues).toEqual([]);
  });

  it('tolerates bare LF line ends and records bare-lf once', () => {
    const raw = Buffer.from('OPTIONS sip:a@b SIP/2.0\nCall-ID: abc\nCSeq: 2 OPTIONS\nContent-Length: 2\n\nhi');
    const m = parseSip(raw);
    expect(m.callId).toBe('abc');
    expect(m.cseq).toEqual({ seq: 2, method: 'OPTIONS' });
    expect(raw.toString('latin1', m.bodyOffset)).toBe('hi');
    expect(m.issues.map((i) => [i.code, i.offset])).toEqual([['bare-lf', 23]]);
  });

  it('skips a line without a colon with header-no-colon at its offset and keeps going', () => {
    const raw = crlf(['OPTIONS sip:a@b SIP/2.0', 'Call-ID: x', 'garbage line', 'CSeq: 1 OPTIONS', '', '']);
    const m = parseSip(raw);
    expect(m.issues.map((i) => i.code)).toEqual(['header-no-colon']);
    expect(raw.toString('latin1', m.issues[0].offset, m.issues[0].offset + 7)).toBe('garbage');
    expect(m.cseq?.seq).toBe(1);
  });

  it('marks a malformed start line and still indexes the headers after it', () => {
    const m = parseSip(crlf(['HELLO', 'Call-ID: x', '', '']));
    expect(m.startLine).toBeNull();
    expect(m.issues.map((i) => i.code)).toEqual(['bad-start-line']);
    expect(m.callId).toBe('x');
  });

  it('parses Content-Length strictly', () => {
    for (const bad of ['-1', '1 2', '12a', '', '0x10', '99999999999999999999']) {
      const m = parseSip(crlf(['OPTIONS sip:a@b SIP/2.0', `Content-Length: ${bad}`, '', '']));
      expect(m.contentLength, bad).toBeUndefined();
      expect(m.issues.map((i) => i.code), bad).toEqual(['bad-content-length']);
    }
    expect(parseSip(crlf(['OPTIONS sip:a@b SIP/2.0', 'l:   007  ', '', '1234567'])).contentLength).toBe(7);
  });

  it('reports CSeq without a method or with a bad number as bad-cseq', () => {
    for (const bad of ['1', 'INVITE', '1INVITE', '4294967296 INVITE', '1 INV<ITE', '-1 BYE']) {
      const m = parseSip(crlf(['BYE sip:a@b SIP/2.0', `CSeq: ${bad}`, '', '']));
      expect(m.cseq, bad).toBeUndefined();
      expect(m.issues.map((i) => i.code), bad).toEqual(['bad-cseq']);
    }
    expect(parseSip(crlf(['BYE sip:a@b SIP/2.0', 'CSeq: 4294967295 BYE', '', ''])).cseq?.seq).toBe(4294967295);
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    const m = parseSip(Buffer.from('\r\n\r\nBYE sip:a@b SIP/2.0\r\nCall-ID: q\r\n\r\n'));
    expect(m.startLine?.kind).toBe('request');
    expect(m.headers[0].start).toBe(25);
  });

  it('handles empty and truncated inputs', () => {
    expect(parseSip(Buffer.alloc(0)).issues.map((i) => i.code)).toEqual(['bad-start-line']);
    const t = parseSip(Buffer.from('INVITE sip:a@b SIP/2.0\r\nCall-ID: abc'));
    expect(t.callId).toBe('abc');
    expect(t.bodyOffset).toBe(t.raw.length);
    expect(t.issues.map((i) => i.code)).toEqual(['no-blank-line']);
  });

  it('flags status codes outside 100-699 but keeps the line', () => {
    const m = parseSip(crlf(['SIP/2.0 999 Odd', '', '']));
    expect(m.startLine).toMatchObject({ status: 999 });
    expect(m.issues.map((i) => i.code)).toEqual(['bad-status-code']);
  });
});
