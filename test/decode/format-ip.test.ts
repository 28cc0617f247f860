import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatIpv6 } from '../../server/decode/format-ip.js';
import { buildUdp } from '../../server/decode/frame-builder.js';
import { parseIpAddress } from '../../server/decode/parse-ip-address.js';
import { hasTshark, tsharkFields } from './tshark-oracle.js';

const V6: Array<[string, string]> = [
  ['0:0:0:0:0:0:0:0', '::'],
  ['0:0:0:0:0:0:0:1', '::1'],
  ['1:0:0:0:0:0:0:0', '1::'],
  ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['fe80:0:0:0:abcd:ef01:2345:6789', 'fe80::abcd:ef01:2345:6789'],
  ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
  ['ff02:0:0:0:0:1:ff00:1', 'ff02::1:ff00:1'],
  ['0:0:0:0:0:0:c000:0201', '::192.0.2.1'],
  ['0:0:0:0:0:0:0:2', '::2'],
  ['0:0:0:0:0:0:1:0', '::0.1.0.0'],
  ['0:0:0:0:0:ffff:0:0', '::ffff:0.0.0.0'],
  ['0:0:0:0:0:fffe:c000:201', '::fffe:c000:201'],
  ['64:ff9b:0:0:0:0:c000:0201', '64:ff9b::c000:201'],
];

describe('formatIpv6 (RFC 5952)', () => {
  it.each(V6)('writes %s as %s', (input, canonical) => {
    expect(formatIpv6(parseIpAddress(input), 0)).toBe(canonical);
  });

  it('reads at a non-zero offset', () => {
    const buf = Buffer.concat([Buffer.from([9, 9, 9]), parseIpAddress('2001:db8::7')]);
    expect(formatIpv6(buf, 3)).toBe('2001:db8::7');
  });

  it('round-trips any 16 bytes through the parser', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIpv6(bytes, 0);
        expect(parseIpAddress(text).equals(Buffer.from(bytes))).toBe(true);
        expect(text).toBe(text.toLowerCase());
        expect(text.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
  });

  it.skipIf(!hasTshark)('prints addresses as tshark does', () => {
    const random = fc.sample(fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
      // Zero runs of random length make compression cases likely.
      const out = Buffer.from(b);
      out.fill(0, b[0] % 16, Math.min(16, (b[0] % 16) + (b[1] % 12)));
      return out;
    }), { numRuns: 60, seed: 42 });
    const addresses = [...V6.map(([a]) => parseIpAddress(a)), ...random];
    const frames = addresses.map((a) => ({
      linkType: 229,
      data: buildUdp({ src: formatIpv6(a, 0), dst: '2001:db8::2', srcPort: 40000, dstPort: 40001, payload: 'x' }),
    }));
    const rows = tsharkFields(frames, ['ipv6.src']);
    expect(rows).toHaveLength(frames.length);
    rows.forEach((row, i) => expect(formatIpv6(addresses[i], 0)).toBe(row[0]));
  });
});

describe('formatIpv4', () => {
  it('writes dotted quads, from the cache too', () => {
    const buf = Buffer.from([0, 10, 0, 255, 1]);
    expect(formatIpv4(buf, 1)).toBe('10.0.255.1');
    expect(formatIpv4(buf, 1)).toBe('10.0.255.1');
    expect(formatIpv4(Buffer.from([255, 255, 255, 255]), 0)).toBe('255.255.255.255');
  });

  it('is right for any address, beyond the cache limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (b) => {
        expect(formatIpv4(b, 0)).toBe(Array.from(b).join('.'));
      }),
      { numRuns: 10000 },
    );
  });
});
