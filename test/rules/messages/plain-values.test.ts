import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainUri, plainNameAddrTag, plainVia } from '../../../server/rules/messages/plain-values.js';
import { parseNameAddr } from '../../../server/sip/parse-name-addr.js';
import { parseUri } from '../../../server/sip/parse-uri.js';
import { parseVia } from '../../../server/sip/parse-via.js';

// The fast paths skip the full parsers, so they must never accept a value the parsers fault.
const piece = fc.constantFrom(
  'sip:', 'sips:', 'tel:', 'alice', '@', 'example.com', '192.0.2.1', '-bad', 'a..b', ':', '5060', '70000', '0', ';',
  'tag=', 'x', '<', '>', '"', 'Bob ', ' ', ',', '?', '%', '%4', 'branch=z9hG4bK', 'rport', 'rport=99999', 'ttl=300',
  'SIP/2.0/UDP ', 'SIP/3.0/UDP ', 'transport=tcp', '=', '[::1]', '\\',
);
const text = fc.array(piece, { maxLength: 10 }).map((a) => a.join(''));

describe('plain-value fast paths', () => {
  it('accept the everyday forms and return their tag and branch', () => {
    expect(plainNameAddrTag('sipp <sip:sipp@127.0.0.1:5061>;tag=12345SIPpTag001')).toBe('12345SIPpTag001');
    expect(plainNameAddrTag('<sip:service@127.0.0.1:5060>')).toBeUndefined();
    expect(plainVia('SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1-0;rport')).toEqual({ host: '127.0.0.1', branch: 'z9hG4bK-1-0' });
    expect(isPlainUri('sip:service@127.0.0.1:5060;transport=tcp')).toBe(true);
    expect(isPlainUri('sip:user@example.com?Route=x')).toBe(false);
  });

  it('never accept a name-addr the full parser finds a fault in', () => {
    fc.assert(fc.property(text, (v) => plainNameAddrTag(v) === null || parseNameAddr(v).issues.length === 0), { numRuns: 3000 });
  });

  it('never accept a Via the full parser finds a fault in, nor port 0', () => {
    fc.assert(
      fc.property(text, (v) => {
        const p = plainVia(v);
        if (p === null) return true;
        const h = parseVia(v);
        return h.issues.length === 0 && h.vias.length === 1 && h.vias[0].port !== 0 && h.vias[0].branch === p.branch;
      }),
      { numRuns: 3000 },
    );
  });

  it('never accept a URI the full parser finds a fault in', () => {
    fc.assert(fc.property(text, (v) => !isPlainUri(v) || parseUri(v).issues.length === 0), { numRuns: 3000 });
  });
});
