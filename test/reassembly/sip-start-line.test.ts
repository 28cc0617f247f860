import { describe, expect, it } from 'vitest';
import {
  findNextStartLine,
  looksLikeDtls,
  looksLikeHttp,
  looksLikeTls,
  MAX_START_LINE,
  START_LINE_NONE,
  START_LINE_PARTIAL,
  startLineEnd,
} from '../../server/reassembly/sip-start-line.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('startLineEnd', () => {
  it('recognises a request line and returns the offset after its CRLF', () => {
    const line = 'INVITE sip:bob@example.com SIP/2.0\r\n';
    expect(startLineEnd(b(line + 'Via: x\r\n'), 0)).toBe(line.length);
  });

  it('recognises a request line at a non-zero offset', () => {
    const buf = b('garbage\r\nOPTIONS sip:x SIP/2.0\r\n');
    expect(startLineEnd(buf, 9)).toBe(buf.length);
  });

  it('recognises a status line, with or without a reason phrase', () => {
    expect(startLineEnd(b('SIP/2.0 200 OK\r\n'), 0)).toBe(16);
    expect(startLineEnd(b('SIP/2.0 180 \r\n'), 0)).toBe(14);
    expect(startLineEnd(b('SIP/2.0 100\r\n'), 0)).toBe(13);
    expect(startLineEnd(b('SIP/2.0 486 Busy Here – UTF-8 ok\r\n'), 0)).toBeGreaterThan(0);
  });

  it('accepts extension methods made of token characters (RFC 3261 §25.1)', () => {
    expect(startLineEnd(b("X-FOO.bar!%*_+`'~ sip:x SIP/2.0\r\n"), 0)).toBeGreaterThan(0);
    expect(startLineEnd(b('SUBSCRIBE sip:x SIP/2.0\r\n'), 0)).toBeGreaterThan(0);
  });

  it('matches the SIP-Version case-insensitively (RFC 3261 §7.1)', () => {
    expect(startLineEnd(b('sip/2.0 200 OK\r\n'), 0)).toBe(16);
    expect(startLineEnd(b('INVITE sip:x Sip/2.0\r\n'), 0)).toBeGreaterThan(0);
  });

  it('tolerates a bare LF line end', () => {
    expect(startLineEnd(b('BYE sip:x SIP/2.0\n'), 0)).toBe(18);
    expect(startLineEnd(b('SIP/2.0 200 OK\n'), 0)).toBe(15);
  });

  it('says PARTIAL for every proper prefix of a start line', () => {
    for (const line of ['INVITE sip:bob@example.com SIP/2.0\r\n', 'SIP/2.0 200 OK\r\n', 'SIP/2.0 100\r\n']) {
      for (let k = 0; k < line.length; k++) {
        expect(startLineEnd(b(line.slice(0, k)), 0), `${JSON.stringify(line.slice(0, k))}`).toBe(START_LINE_PARTIAL);
      }
    }
  });

  it('rejects HTTP request and status lines, which are not SIP', () => {
    expect(startLineEnd(b('GET / HTTP/1.1\r\n'), 0)).toBe(START_LINE_NONE);
    expect(startLineEnd(b('HTTP/1.1 200 OK\r\n'), 0)).toBe(START_LINE_NONE);
    expect(startLineEnd(b('POST /api HTTP/1.0\r\n'), 0)).toBe(START_LINE_NONE);
  });

  it('rejects malformed lines', () => {
    for (const s of [
      'INVITE  sip:x SIP/2.0\r\n', // empty URI
      'INVITE sip:x SIP/2.0 \r\n', // trailing space
      'INVITE sip:x SIP/2\r\n',
      'INVITE sip:x SIP/.0\r\n',
      'INV(TE sip:x SIP/2.0\r\n',
      'SIP/2.0 20 OK\r\n',
      'SIP/2.0 2000 OK\r\n',
      'SIP/2.0/TCP host\r\n',
      'INVITE sip:x SIP/2.0\rX',
      'Via: SIP/2.0/TCP host\r\n',
      '\x16\x03\x01\x00\x10',
    ]) {
      expect(startLineEnd(b(s), 0), JSON.stringify(s)).toBe(START_LINE_NONE);
    }
  });

  it('gives up on a line longer than MAX_START_LINE', () => {
    const long = b('INVITE sip:' + 'a'.repeat(MAX_START_LINE + 10));
    expect(startLineEnd(long, 0)).toBe(START_LINE_NONE);
  });

  it('respects the end bound', () => {
    const buf = b('SIP/2.0 200 OK\r\nmore');
    expect(startLineEnd(buf, 0, 10)).toBe(START_LINE_PARTIAL);
  });
});

describe('findNextStartLine', () => {
  it('finds a start line only at a line start', () => {
    const buf = b('v=0\r\nX: INVITE sip:x SIP/2.0\r\na=b\r\nACK sip:y SIP/2.0\r\n');
    expect(findNextStartLine(buf, 0)).toBe(buf.indexOf('ACK'));
  });

  it('considers `from` itself a candidate', () => {
    const buf = b('SIP/2.0 200 OK\r\n');
    expect(findNextStartLine(buf, 0)).toBe(0);
  });

  it('returns a partial candidate at the end so the caller can wait for more bytes', () => {
    const buf = b('junk\r\nSIP/2.0 2');
    expect(findNextStartLine(buf, 0)).toBe(6);
  });

  it('returns -1 when there is none', () => {
    expect(findNextStartLine(b('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 0)).toBe(-1);
  });
});

describe('looksLikeTls / looksLikeDtls / looksLikeHttp', () => {
  it('recognises TLS record headers', () => {
    expect(looksLikeTls(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]))).toBe(true);
    expect(looksLikeTls(Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20]))).toBe(true);
    expect(looksLikeTls(Buffer.from([0x16, 0x03, 0x05, 0x00, 0x20]))).toBe(false);
    expect(looksLikeTls(Buffer.from([0x18, 0x03, 0x03, 0x00, 0x20]))).toBe(false);
    expect(looksLikeTls(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff]))).toBe(false);
    expect(looksLikeTls(b('INVITE'))).toBe(false);
  });

  it('recognises DTLS record headers', () => {
    const rec = Buffer.alloc(13);
    rec[0] = 22;
    rec[1] = 254;
    rec[2] = 253;
    expect(looksLikeDtls(rec)).toBe(true);
    rec[2] = 1;
    expect(looksLikeDtls(rec)).toBe(false);
  });

  it('recognises HTTP', () => {
    expect(looksLikeHttp(b('HTTP/1.1 200 OK\r\n'), 0)).toBe(true);
    expect(looksLikeHttp(b('GET /index.html HTTP/1.1\r\n'), 0)).toBe(true);
    expect(looksLikeHttp(b('INVITE sip:x SIP/2.0\r\n'), 0)).toBe(false);
  });
});
