import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TimestampResolution } from '../../server/capture/timestamp-resolution.js';

/** Reference conversion in BigInt: floor division, truncated nanoseconds (as Wireshark does). */
function reference(tsresol: number, t: bigint): [number, number] {
  const units = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol & 0x7f);
  return [Number(t / units), Number(((t % units) * 1_000_000_000n) / units)];
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
/** Counts near today's nanosecond and microsecond epochs, where rounding would bite. */
const nearNow = fc.oneof(
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_999_999_999n }),
  fc.bigInt({ min: 1_600_000_000_000_000n, max: 1_900_000_000_999_999n }),
  fc.bigInt({ min: 0n, max: (1n << 53n) + 5n }),
);

describe('TimestampResolution', () => {
  it('splits a 64-bit nanosecond count into seconds and nanoseconds exactly', () => {
    const ns = TimestampResolution.fromTsresol(9);
    const t = 1_700_000_000_123_456_789n; // beyond 2^53: a double would round it
    ns.convert(Number(t >> 32n), Number(t & 0xffffffffn));
    expect([ns.sec, ns.nsec]).toEqual([1_700_000_000, 123_456_789]);
  });

  it('gets the last nanosecond before a second boundary right', () => {
    const ns = TimestampResolution.NANO;
    for (const t of [1_700_000_000_999_999_999n, 1_700_000_001_000_000_000n, 4_294_967_295_999_999_999n]) {
      ns.convert(Number(t >> 32n), Number(t & 0xffffffffn));
      expect([ns.sec, ns.nsec]).toEqual(reference(9, t));
    }
  });

  it.each([0, 3, 6, 9, 12, 19, 0x80 | 0, 0x80 | 10, 0x80 | 20, 0x80 | 30, 0x80 | 40, 0x80 | 64])(
    'matches exact BigInt arithmetic for if_tsresol byte %i over all 64-bit counts',
    (tsresol) => {
      const res = TimestampResolution.fromTsresol(tsresol);
      fc.assert(
        fc.property(fc.oneof(u64, nearNow), (t) => {
          res.convert(Number(t >> 32n), Number(t & 0xffffffffn));
          const [sec, nsec] = reference(tsresol, t);
          // Seconds beyond 2^53 cannot be exact as a number; compare what a number can hold.
          expect(res.sec).toBe(sec);
          expect(res.nsec).toBe(nsec);
        }),
        { numRuns: 3000 },
      );
    },
  );

  it.each([0, 3, 6, 9])('toTicks is the exact inverse at decimal resolution 10^-%i', (n) => {
    const res = TimestampResolution.fromTsresol(n);
    const back = TimestampResolution.fromTsresol(n);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 999_999_999 }), (sec, nsec) => {
        res.toTicks(sec, nsec);
        const t = (BigInt(res.hi) << 32n) | BigInt(res.lo);
        const units = 10n ** BigInt(n);
        expect(t).toBe(BigInt(sec) * units + (BigInt(nsec) * units) / 1_000_000_000n);
        back.convert(res.hi, res.lo);
        const step = 10 ** (9 - n);
        expect([back.sec, back.nsec]).toEqual([sec, Math.floor(nsec / step) * step]);
      }),
      { numRuns: 3000 },
    );
  });

  it('reports nanoseconds per tick for CaptureInfo', () => {
    expect(TimestampResolution.fromTsresol(6).nsPerTick).toBe(1000);
    expect(TimestampResolution.fromTsresol(9).nsPerTick).toBe(1);
    expect(TimestampResolution.fromTsresol(0x80 | 10).nsPerTick).toBe(976562.5);
  });

  it('refuses to write a time before the epoch', () => {
    expect(() => TimestampResolution.NANO.toTicks(-1, 0)).toThrow(RangeError);
  });
});
