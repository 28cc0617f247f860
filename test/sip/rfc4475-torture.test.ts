import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParsedSip } from '../../server/model/sip-message.js';
import { getBody } from '../../server/sip/get-body.js';
import { getHeader, getHeaders } from '../../server/sip/get-header.js';
import { getFrom, getNameAddrs, getTo } from '../../server/sip/get-name-addr.js';
import { getMultipart } from '../../server/sip/get-multipart.js';
import { getSdp } from '../../server/sip/get-sdp.js';
import { getVias } from '../../server/sip/get-vias.js';
import { parseExpires } from '../../server/sip/parse-expires.js';
import { parseMaxForwards } from '../../server/sip/parse-max-forwards.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { parseUri } from '../../server/sip/parse-uri.js';
import { parseVia } from '../../server/sip/parse-via.js';

// RFC 4475 torture messages, byte-exact, provided read-only under /work/shared (see its README).
const DIR = '/work/shared/rfc4475';
const present = existsSync(join(DIR, 'EXPECTED.tsv'));

function load(name: string): ParsedSip {
  return parseSip(readFileSync(join(DIR, name)));
}

function codes(m: { issues: readonly { code: string }[] }): string[] {
  return m.issues.map((i) => i.code);
}

/** Counts header lines (field starts) in the header section, the way a reader of the file would. */
function countHeaderLines(raw: Buffer): number {
  const text = raw.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  return head.split('\r\n').slice(1).filter((l) => l !== '' && !/^[ \t]/.test(l) && l.includes(':')).length;
}

describe.skipIf(!present)('RFC 4475 torture messages (skipped when /work/shared/rfc4475 is absent)', () => {
  const rows = present
    ? readFileSync(join(DIR, 'EXPECTED.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))
    : [];
  const files = present ? readdirSync(DIR).filter((f) => f.endsWith('.dat')) : [];

  it('has the 50 messages listed in EXPECTED.tsv', () => {
    expect(files.length).toBe(50);
    expect(rows.map((r) => r[0]).sort()).toEqual([...files].sort());
  });

  it('parses every message without throwing, with every issue offset inside the bytes', () => {
    for (const f of files) {
      const raw = readFileSync(join(DIR, f));
      const m = parseSip(raw);
      for (const i of m.issues) {
        expect(i.offset, `${f} ${i.code}`).toBeGreaterThanOrEqual(0);
        expect(i.offset, `${f} ${i.code}`).toBeLessThan(raw.length);
        expect(i.message.length).toBeGreaterThan(0);
      }
    }
  });

  it('gives every valid message a start line, a Call-ID, a CSeq and all its header lines', () => {
    for (const [f, verdict] of rows) {
      if (verdict !== 'valid') continue;
      const m = load(f);
      expect(m.startLine, f).not.toBeNull();
      expect(m.callId, f).toBeTruthy();
      expect(m.cseq, f).toBeDefined();
      const structural = codes(m).filter((c) => c === 'bad-start-line' || c === 'header-no-colon' || c === 'bad-cseq');
      expect(structural, f).toEqual([]);
      if (f !== 'wsinv.dat') expect(m.headers.length, f).toBe(countHeaderLines(m.raw));
    }
  });

  it('wsinv: unfolds values, accepts LWS around colons, mixed case and compact names', () => {
    const m = load('wsinv.dat');
    expect(m.headers.map((h) => h.key)).toEqual([
      'to', 'from', 'max-forwards', 'call-id', 'content-length', 'cseq', 'via', 'subject',
      'newfangledheader', 'unknownheaderwithunusualvalue', 'content-type', 'route', 'via', 'contact',
    ]);
    expect(getHeader(m, 'to')).toBe('sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n');
    expect(getHeader(m, 'from')).toBe('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ; tag = 98asjd8');
    expect(getHeader(m, 'NewFangledHeader')).toBe('newfangled value continued newfangled value');
    expect(getHeader(m, 's')).toBe('');
    expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
    expect(m.contentLength).toBe(150);
    expect(parseMaxForwards(getHeader(m, 'max-forwards') ?? '').value).toBe(68);
    expect(getTo(m)?.tag).toBe('1918181833n');
    const from = getFrom(m);
    expect(from?.displayName).toBe('J Rosenberg \\"');
    expect(from?.tag).toBe('98asjd8');
    const vias = getVias(m);
    expect(vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    const contact = getNameAddrs(m, 'm')[0];
    expect(contact.displayName).toBe('Quoted string ""');
    expect(contact.params.map((p) => [p.name, p.value])).toEqual([['newparam', 'newvalue'], ['secondparam', undefined], ['q', '0.33']]);
    expect(getSdp(m)?.sdp?.media.length).toBe(2);
  });

  it('esc01: keeps escapes raw and decodes the user part', () => {
    const m = load('esc01.dat');
    const ruri = parseUri(m.startLine?.kind === 'request' ? m.startLine.uri : '').uri;
    expect(ruri?.kind === 'sip' && ruri.userDecoded).toBe('sips:user@example.com');
    const to = getTo(m)?.uri;
    expect(to?.kind === 'sip' && [to.user, to.userDecoded]).toEqual(['%75se%72', 'user']);
    const contact = getNameAddrs(m, 'contact')[0].uri;
    expect(contact?.kind === 'sip' && contact.params).toEqual([
      { name: '%6c%72', value: undefined },
      { name: 'n%61me', value: 'v%61lue%25%34%31' },
    ]);
  });

  it('escnull: decodes %00 without truncating the user', () => {
    const m = load('escnull.dat');
    const to = getTo(m)?.uri;
    expect(to?.kind === 'sip' && to.userDecoded).toBe('null-\u0000-null');
    const contacts = getNameAddrs(m, 'contact').map((c) => (c.uri?.kind === 'sip' ? c.uri.userDecoded : ''));
    expect(contacts).toEqual(['\u0000', '\u0000\u0000']);
    expect(m.contentLength).toBe(0);
  });

  it('lwsdisp: a display name directly followed by < is accepted', () => {
    const from = getFrom(load('lwsdisp.dat'));
    expect(from?.displayName).toBe('caller');
    expect(from?.tag).toBe('323');
    expect(from?.issues).toEqual([]);
  });

  it('longreq: keeps very long values and 34 Via lines in order', () => {
    const m = load('longreq.dat');
    expect(m.callId).toMatch(/^longreq\.onereally(really)+longcallid$/);
    const vias = getVias(m);
    expect(vias.length).toBe(34);
    expect(vias[0].host).toBe('sip33.example.com');
    expect(vias[33].received).toBe('192.0.2.5');
    expect(getFrom(m)?.tag?.length).toBeGreaterThan(100);
    expect(getTo(m)?.displayName).toMatch(/^I have a user name of (extreme)+ proportion$/);
  });

  it('dblreq: the body stops at Content-Length 0, trailing octets are not body', () => {
    const m = load('dblreq.dat');
    expect(m.startLine?.kind === 'request' && m.startLine.method).toBe('REGISTER');
    expect(m.callId).toBe('dblreq.0ha0isndaksdj99sdfafnl3lk233412');
    expect(getBody(m).length).toBe(0);
    expect(m.issues).toEqual([]);
  });

  it('mpart01: splits the multipart body and keeps binary bytes exact', () => {
    const m = load('mpart01.dat');
    const mp = getMultipart(m);
    expect(mp?.issues).toEqual([]);
    expect(mp?.parts.map((p) => p.contentType?.mediaType)).toEqual(['text/plain', 'application/octet-stream']);
    expect(mp?.parts[0].body.toString()).toBe('Hello');
    const bin = mp?.parts[1].body;
    expect(bin?.[0]).toBe(0x30);
    expect(bin?.includes(0x00)).toBe(true);
    expect(getBody(m).length).toBe(553);
    expect(getSdp(m)).toBeUndefined();
  });

  it('unreason: keeps the UTF-8 reason phrase', () => {
    const m = load('unreason.dat');
    expect(m.startLine).toEqual({
      kind: 'response',
      status: 200,
      reason: '= 2**3 * 5**2 но сто девяносто девять - простое',
      version: 'SIP/2.0',
    });
  });

  it('noreason: accepts an empty reason phrase', () => {
    expect(load('noreason.dat').startLine).toEqual({ kind: 'response', status: 100, reason: '', version: 'SIP/2.0' });
  });

  it('semiuri: the user part holds ;par=...', () => {
    const m = load('semiuri.dat');
    const u = parseUri(m.startLine?.kind === 'request' ? m.startLine.uri : '').uri;
    expect(u?.kind === 'sip' && [u.user, u.userDecoded, u.host]).toEqual(['user;par=u%40example.net', 'user;par=u@example.net', 'example.com']);
    expect(getHeaders(m, 'accept')).toEqual([
      'application/sdp', 'application/pkcs7-mime', 'multipart/mixed', 'multipart/signed', 'message/sip', 'message/sipfrag',
    ]);
  });

  it('transports: reads all known and unknown transports', () => {
    expect(getVias(load('transports.dat')).map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
  });

  it('mcl01: records the conflicting Content-Length values', () => {
    const m = load('mcl01.dat');
    expect(codes(m)).toContain('conflicting-content-length');
    expect(codes(m)).toContain('duplicate-header');
    expect(m.contentLength).toBeUndefined();
  });

  it('bcast: reads the broadcast sent-by of the second Via', () => {
    const vias = getVias(load('bcast.dat'));
    expect(vias[1]).toMatchObject({ host: '255.255.255.255', hostType: 'ipv4', branch: 'z9hG4bK1saber23' });
  });

  it('bext01: splits the option tags of Require and Proxy-Require', () => {
    const m = load('bext01.dat');
    expect(getHeaders(m, 'require')).toEqual(['nothingSupportsThis', 'nothingSupportsThisEither']);
    expect(getHeaders(m, 'proxy-require')).toEqual(['noProxiesSupportThis', 'norDoAnyProxiesSupportThis']);
  });

  it('cparam01/cparam02: a parameter after a bare URI belongs to the header, inside <> to the URI', () => {
    const c1 = getNameAddrs(load('cparam01.dat'), 'contact')[0];
    expect(c1.params).toEqual([{ name: 'unknownparam', value: undefined, quoted: false }]);
    expect(c1.uri?.kind === 'sip' && c1.uri.params).toEqual([]);
    const c2 = getNameAddrs(load('cparam02.dat'), 'contact')[0];
    expect(c2.params).toEqual([]);
    expect(c2.uri?.kind === 'sip' && c2.uri.params).toEqual([{ name: 'unknownparam', value: undefined }]);
  });

  it('compact forms: i, l, m, t, f, v, c expand to their full keys', () => {
    expect(load('esc01.dat').headers.map((h) => h.key)).toContain('call-id');
    expect(load('dblreq.dat').headers.find((h) => h.name === 'I')?.key).toBe('call-id');
    expect(load('regescrt.dat').headers.map((h) => [h.name, h.key]).slice(-2)).toEqual([['M', 'contact'], ['L', 'content-length']]);
    expect(load('longreq.dat').headers.find((h) => h.name === 'F')?.key).toBe('from');
    expect(load('esc01.dat').headers.find((h) => h.name === 'C')?.key).toBe('content-type');
  });

  it('intmeth: keeps the extension method, the crazy URI and raw control chars in quotes', () => {
    const m = load('intmeth.dat');
    expect(m.startLine?.kind === 'request' && m.startLine.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    const u = parseUri(m.startLine?.kind === 'request' ? m.startLine.uri : '').uri;
    expect(u?.kind === 'sip' && [u.user, u.password, u.host]).toEqual([
      "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
      "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
      'example.com',
    ]);
    expect(getTo(m)?.displayName).toBe('BEL:\u0007 NUL:\u0000 DEL:\u007f');
    const from = getFrom(m);
    expect(from?.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(from?.params[0]).toEqual({ name: "fromparam''~+*_!.-%", value: 'работающий', quoted: true });
    expect(from?.tag).toBe("_token~1'+`*%!-.");
  });

  // Invalid messages: the parser records what it can see; the verdict is the rules' job.
  it('badinv01: empty Via and Contact parameters and list elements are reported', () => {
    const m = load('badinv01.dat');
    const via = parseVia(getHeader(m, 'via') ?? '');
    expect(via.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['empty-param', 'empty-list-item']));
    expect(getNameAddrs(m, 'contact')[0].issues.map((i) => i.code)).toContain('empty-param');
  });

  it('clerr: Content-Length beyond the datagram is reported', () => {
    expect(codes(load('clerr.dat'))).toEqual(['body-shorter-than-content-length']);
  });

  it('ncl: a negative Content-Length is bad-content-length', () => {
    const m = load('ncl.dat');
    expect(codes(m)).toEqual(['bad-content-length']);
    expect(m.contentLength).toBeUndefined();
    expect(m.raw.toString('latin1', m.issues[0].offset, m.issues[0].offset + 4)).toBe('-999');
  });

  it('scalar02/scalarlg: out-of-range CSeq, Max-Forwards and Expires are reported', () => {
    const m = load('scalar02.dat');
    expect(codes(m)).toEqual(['bad-cseq']);
    expect(m.cseq).toBeUndefined();
    expect(parseMaxForwards(getHeader(m, 'max-forwards') ?? '').issues[0].code).toBe('bad-max-forwards');
    expect(parseExpires(getHeader(m, 'expires') ?? '').issues[0].code).toBe('bad-expires');
    expect(codes(load('scalarlg.dat'))).toEqual(['bad-cseq']);
  });

  it('quotbal: the unterminated display-name quote is reported', () => {
    const to = getTo(load('quotbal.dat'));
    expect(to?.issues.map((i) => i.code)).toContain('unterminated-quote');
  });

  it('ltgtruri, lwsruri: a bracketed or spaced Request-URI is bad-request-uri', () => {
    expect(codes(load('ltgtruri.dat'))).toEqual(['bad-request-uri']);
    expect(codes(load('lwsruri.dat'))).toEqual(['bad-request-uri']);
  });

  it('lwsstart, trws: extra whitespace in the Request-Line is start-line-lws', () => {
    expect(codes(load('lwsstart.dat'))).toEqual(['start-line-lws']);
    expect(codes(load('trws.dat'))).toEqual(['start-line-lws']);
  });

  it('badaspec: spaces inside <> are reported', () => {
    const to = getTo(load('badaspec.dat'));
    expect(to?.issues.map((i) => i.code)).toEqual(['addr-spec-whitespace']);
    expect(to?.uri?.kind === 'sip' && to.uri.host).toBe('example.org');
  });

  it('baddn: unquoted display names with commas are bad-display-name', () => {
    const m = load('baddn.dat');
    expect(getTo(m)?.issues.map((i) => i.code)).toEqual(['bad-display-name']);
    expect(getFrom(m)?.issues.map((i) => i.code)).toEqual(['bad-display-name']);
  });

  it('badvers: SIP/7.0 is unsupported-version, the line is kept', () => {
    const m = load('badvers.dat');
    expect(codes(m)).toEqual(['unsupported-version']);
    expect(m.startLine?.version).toBe('SIP/7.0');
    expect(getVias(m)[0].issues.map((i) => i.code)).toEqual(['via-version']);
  });

  it('bigcode: a 10-digit status code is bad-start-line', () => {
    const m = load('bigcode.dat');
    expect(m.startLine).toBeNull();
    expect(codes(m)).toEqual(['bad-start-line']);
    expect(m.headers.length).toBe(7);
  });

  it('regbadct: a bare Contact URI with ? must be bracketed', () => {
    const c = getNameAddrs(load('regbadct.dat'), 'contact')[0];
    expect(c.issues.map((i) => i.code)).toContain('addr-spec-needs-brackets');
  });

  it('multi01: repeated single-value headers are duplicate-header, the first kept', () => {
    const m = load('multi01.dat');
    expect(codes(m).filter((c) => c === 'duplicate-header').length).toBe(5);
    expect(m.cseq).toEqual({ seq: 5, method: 'INVITE' });
    expect(m.callId).toBe('multi01.98asdh@192.0.2.1');
  });

  it('test.dat: no SIP-Version and a header line without a colon', () => {
    const m = load('test.dat');
    expect(m.startLine).toBeNull();
    expect(codes(m)).toEqual(['bad-start-line', 'header-no-colon']);
    expect(m.raw.toString('latin1', m.issues[1].offset, m.issues[1].offset + 13)).toBe('Foobar roobar');
    expect(getHeader(m, 'content-length')).toBe('18');
  });

  it('unknown URI schemes are kept as absolute URIs', () => {
    const m = load('unksm2.dat');
    expect(getTo(m)?.uri).toEqual({ kind: 'absolute', scheme: 'isbn', rest: '2983792873', text: 'isbn:2983792873' });
    expect(getFrom(m)?.uri?.kind === 'absolute' && getFrom(m)?.uri?.text).toBe('http://www.example.com');
    expect(parseUri('soap.beep://192.0.2.103:3002').uri).toMatchObject({ kind: 'absolute', scheme: 'soap.beep' });
  });
});
