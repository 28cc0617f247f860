import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedSip } from '../../server/model/sip-message.js';
import { getBody } from '../../server/sip/get-body.js';
import { getHeaders } from '../../server/sip/get-header.js';
import { getFrom, getNameAddrs, getTo } from '../../server/sip/get-name-addr.js';
import { getMultipart } from '../../server/sip/get-multipart.js';
import { getSdp } from '../../server/sip/get-sdp.js';
import { getVias } from '../../server/sip/get-vias.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { parseUri } from '../../server/sip/parse-uri.js';

const VALID = Buffer.from(
  [
    'INVITE sip:bob@[2001:db8::1]:5060;transport=udp SIP/2.0',
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport, SIP/2.0/TCP [2001:db8::2]:5070;branch=z9hG4bK2',
    'To: "Bob, Jr." <sip:bob@biloxi.example.com>',
    'f: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'i: a84b4c76e66710',
    'CSeq: 314159\r\n INVITE',
    'Contact: <sip:alice@pc33.atlanta.example.com>, tel:+1-555',
    'Content-Type: multipart/mixed;boundary=xyz',
    'Content-Length: 92',
    '',
    '--xyz\r\nContent-Type: application/sdp\r\n\r\nv=0\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n--xyz\r\n\r\nhello\r\n--xyz--\r\n',
  ].join('\r\n'),
);

/** Runs the hot path and every lazy accessor; all must be total. */
function exercise(raw: Buffer): ParsedSip {
  const m = parseSip(raw);
  for (const h of m.headers) {
    expect(h.start).toBeLessThanOrEqual(h.end);
    expect(h.end).toBeLessThanOrEqual(raw.length);
    void h.name;
    void h.value;
  }
  getVias(m);
  getFrom(m);
  getTo(m);
  getNameAddrs(m, 'contact');
  getHeaders(m, 'contact');
  getBody(m);
  getMultipart(m);
  getSdp(m);
  if (m.startLine?.kind === 'request') parseUri(m.startLine.uri);
  for (const i of m.issues) {
    expect(Number.isInteger(i.offset)).toBe(true);
    expect(i.offset).toBeGreaterThanOrEqual(0);
    expect(i.offset === 0 || i.offset < raw.length).toBe(true);
  }
  expect(m.bodyOffset).toBeLessThanOrEqual(raw.length);
  return m;
}

describe('parseSip on hostile input', () => {
  it('the seed message parses cleanly', () => {
    const m = exercise(VALID);
    expect(m.issues).toEqual([]);
    expect(getSdp(m)?.sdp?.media.length).toBe(1);
  });

  it('never throws on random bytes, and issue offsets lie within raw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        exercise(Buffer.from(bytes));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on random text made of SIP punctuation', () => {
    const chars = fc.constantFrom(...'SIP/2.0 :;,<>"\\\r\n\t=@[]%?&-vV0123456789abcXYZ'.split(''));
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 400 }), (cs) => {
        exercise(Buffer.from(`INVITE sip:a@b SIP/2.0\r\n${cs.join('')}`, 'latin1'));
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on random mutations of a valid message', () => {
    const mutation = fc.record({
      at: fc.nat({ max: VALID.length - 1 }),
      byte: fc.integer({ min: 0, max: 255 }),
      cut: fc.nat({ max: VALID.length }),
      op: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 8 }), (ms) => {
        let b = Buffer.from(VALID);
        for (const m of ms) {
          const at = Math.min(m.at, Math.max(0, b.length - 1));
          if (m.op === 'set' && b.length > 0) b[at] = m.byte;
          else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.of(m.byte), b.subarray(at)]);
          else if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
          else b = b.subarray(0, Math.min(m.cut, b.length));
        }
        exercise(b);
      }),
      { numRuns: 2000 },
    );
  });
});
