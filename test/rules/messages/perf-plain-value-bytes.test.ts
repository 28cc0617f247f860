import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchEnd, isPlainUriText, plainNameAddrBytes, plainViaBytes } from '../../../server/rules/messages/plain-value-bytes.js';
import { isPlainUri, plainNameAddrTag, plainVia } from '../../../server/rules/messages/plain-values.js';
import { checkSdpText, isCleanSdp } from '../../../server/rules/messages/sdp-syntax.js';
import type { Finding } from '../../../server/rules/rule.js';
import { SDP } from './rule-kit.js';

// The byte fast paths run before the regex ones (which run before the full parsers), so they
// must accept only what the regexes accept, with the same tag and branch: then what the rules
// find cannot change.
const piece = fc.constantFrom(
  'sip:', 'sips:', 'SIP:', 'tel:', 'alice', '@', 'example.com', '192.0.2.1', '-bad', 'a..b', 'b-', ':', '5060', '65535', '65536',
  '70000', '0', '05', ';', 'tag=', 'TAG=', 'tag', 'x', '<', '>', '"', '"Bob"', 'Bob ', ' ', '  ', ',', '?', '%', '%4', '.',
  'branch=z9hG4bK', 'BRANCH=', 'branch', 'rport', 'rport=0', 'rport=99999', 'rportx', 'ttl=300', 'ttl', 'SIP/2.0/UDP ',
  'sip/2.0/wss ', 'SIP/2.0/TLS', 'SIP/3.0/UDP ', 'transport=tcp', '=', '[::1]', '\\', '\t', '\x12', '\x0f', 'é', '\r\n ',
);
const text = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));

function bytes(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

describe('plain-value byte fast paths', () => {
  it('accept the everyday sipp forms', () => {
    const from = bytes('sipp <sip:sipp@10.1.0.0:5060>;tag=4584SIPpTag000');
    expect(plainNameAddrBytes(from, 0, from.length)).toBe(1);
    const contact = bytes('<sip:10.99.0.1:5060;transport=UDP>');
    expect(plainNameAddrBytes(contact, 0, contact.length)).toBe(0);
    const bare = bytes('sip:sipp@10.1.0.0:5060');
    expect(plainNameAddrBytes(bare, 0, bare.length)).toBe(0);
    const via = bytes('SIP/2.0/UDP 10.1.0.0:5060;branch=z9hG4bK-4584-0-0;rport');
    const b = plainViaBytes(via, 0, via.length);
    expect(via.toString('latin1', b, branchEnd(via, b, via.length))).toBe('z9hG4bK-4584-0-0');
    expect(isPlainUriText('sip:service@10.99.0.1:5060')).toBe(true);
  });

  it('read a value in place, at a non-zero offset, without looking past its end', () => {
    const raw = bytes('To: <sip:bob@example.com>;tag=9\r\nX: y');
    expect(plainNameAddrBytes(raw, 4, raw.indexOf('\r'))).toBe(1);
    expect(plainNameAddrBytes(raw, 4, raw.indexOf(';'))).toBe(0);
  });

  it('never accept a name-addr the regex does not, and agree on the tag', () => {
    fc.assert(
      fc.property(text, (v) => {
        const b = bytes(v);
        const r = plainNameAddrBytes(b, 0, b.length);
        if (r < 0) return true;
        const t = plainNameAddrTag(v);
        return t !== null && (r === 1) === (t !== undefined && t !== '');
      }),
      { numRuns: 5000 },
    );
  });

  it('never accept a Via the regex does not, and agree on the branch', () => {
    fc.assert(
      fc.property(text, (v) => {
        const b = bytes(v);
        const r = plainViaBytes(b, 0, b.length);
        if (r === -1) return true;
        const p = plainVia(v);
        if (p === null) return false;
        return r === -2 ? p.branch === undefined : p.branch === b.toString('latin1', r, branchEnd(b, r, b.length));
      }),
      { numRuns: 5000 },
    );
  });

  it('never accept a Request-URI the regex does not', () => {
    fc.assert(fc.property(text, (v) => !isPlainUriText(v) || isPlainUri(v)), { numRuns: 5000 });
  });
});

describe('clean-SDP byte check', () => {
  const line = fc.constantFrom(
    'v=0', 'o=a 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'c=IN IP4 192.0.2.1', 'm=audio 49170 RTP/AVP 0', 'm=audio 49170/2 RTP/AVP 0 8',
    'm=audio 491700 RTP/AVP 0', 'm=audio 1 RTP/AVP', 'm=audio  1 RTP/AVP 0', 'm=audio 1 RTP/AVP 0 ', 'm=audio x RTP/AVP 0', 'a=sendrecv',
    '', 'x', 'v', '=0', 'mé=a 1 b c',
  );
  const eol = fc.constantFrom('\r\n', '\n', '\r', '\r\r\n');
  const body = fc.array(fc.tuple(line, eol), { maxLength: 10 }).map((a) => a.map(([l, e]) => l + e).join(''));

  it('passes a well-formed SDP', () => {
    expect(isCleanSdp(Buffer.from(SDP, 'latin1'), 0, SDP.length)).toBe(true);
  });

  it('passes only SDP in which the worded checks find nothing', () => {
    fc.assert(
      fc.property(body, (s) => {
        const b = Buffer.from(s, 'latin1');
        if (!isCleanSdp(b, 0, b.length)) return true;
        const found: Finding[] = [];
        checkSdpText(b, { start: 0, end: b.length }, (f) => found.push(f));
        return found.length === 0;
      }),
      { numRuns: 5000 },
    );
  });
});
