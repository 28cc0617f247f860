/**
 * How an interface counts time, and exact conversion between a 64-bit tick count and
 * (seconds, nanoseconds).
 *
 * pcapng (draft-ietf-opsawg-pcapng §4.2, option if_tsresol): a timestamp is a 64-bit count of
 * units since 1970-01-01 00:00:00 UTC, split into two 32-bit halves. The unit is 10^-n seconds,
 * or 2^-n seconds when bit 7 of if_tsresol is set; the default is 10^-6. A count of
 * nanoseconds today is about 1.7e18, beyond 2^53, so `hi * 2^32 + lo` is not exact as a
 * double. The fast path below divides exactly using only doubles and 32-bit integer
 * arithmetic (no allocation); BigInt is used only for resolutions finer than 2^-30 s or
 * for absurd counts at coarse resolutions.
 */
export class TimestampResolution {
  /** Microseconds: the pcapng default and classic pcap. */
  static readonly MICRO = new TimestampResolution(false, 6);
  /** Nanoseconds: pcap magic 0xa1b23c4d, pcapng if_tsresol 9. */
  static readonly NANO = new TimestampResolution(false, 9);

  /** Result of the last `convert`: whole seconds since the epoch. */
  sec = 0;
  /** Result of the last `convert`: nanoseconds within the second, 0..999,999,999. */
  nsec = 0;
  /** Result of the last `toTicks`: upper and lower 32 bits of the tick count. */
  hi = 0;
  lo = 0;

  /** Ticks per second (exact for the fast path; a double approximation otherwise). */
  readonly unitsPerSecond: number;
  /** The if_tsresol byte that describes this resolution. */
  readonly tsresol: number;
  private readonly fast: boolean;
  /** Decimal: nanoseconds per tick (10^(9-n)) when n <= 9, else 0. */
  private readonly decimalNsPerTick: number;
  /** Binary: 2^(9-n); nsec = rem * 5^9 * 2^(9-n) = rem * 1e9 / 2^n, exact for n <= 30. */
  private readonly binaryScale: number;
  private readonly unitsBig: bigint;

  private constructor(
    readonly binary: boolean,
    readonly exponent: number,
  ) {
    this.tsresol = (binary ? 0x80 : 0) | exponent;
    this.unitsBig = binary ? 1n << BigInt(exponent) : 10n ** BigInt(exponent);
    this.unitsPerSecond = binary ? 2 ** exponent : 10 ** exponent;
    // Fast path: 2 * units fits a signed 32-bit remainder (see convert).
    this.fast = binary ? exponent <= 30 : exponent <= 9;
    this.decimalNsPerTick = !binary && exponent <= 9 ? 10 ** (9 - exponent) : 0;
    this.binaryScale = binary ? 2 ** (9 - exponent) : 0;
  }

  /** The resolution an if_tsresol option byte describes (0..127 with bit 7 choosing base 2). */
  static fromTsresol(byte: number): TimestampResolution {
    const binary = (byte & 0x80) !== 0;
    const exponent = byte & 0x7f;
    if (!binary && exponent === 6) return TimestampResolution.MICRO;
    if (!binary && exponent === 9) return TimestampResolution.NANO;
    return new TimestampResolution(binary, exponent);
  }

  /** Nanoseconds per tick, for CaptureInfo (fractional for binary resolutions). */
  get nsPerTick(): number {
    return 1e9 / this.unitsPerSecond;
  }

  /** Sets `sec` and `nsec` from the tick count `hi * 2^32 + lo` (both unsigned 32-bit). */
  convert(hi: number, lo: number): void {
    const u = this.unitsPerSecond;
    if (this.fast && (hi < 0x200000 || u > 2048)) {
      let sec: number;
      let rem: number;
      if (hi < 0x200000) {
        // Below 2^53 the count and sec * u are exact doubles; the quotient may round up.
        const t = hi * 4294967296 + lo;
        sec = Math.floor(t / u);
        rem = t - sec * u;
      } else {
        // The quotient of the rounded count is within one of the truth (the count's rounding
        // error is < 2^11 ticks and u > 2^11). The remainder is then small, so its low 32 bits,
        // computed exactly with Math.imul, are the whole of it.
        sec = Math.floor((hi * 4294967296 + lo) / u);
        rem = (lo - Math.imul(sec, u)) | 0;
      }
      while (rem < 0) {
        rem += u;
        sec--;
      }
      while (rem >= u) {
        rem -= u;
        sec++;
      }
      this.sec = sec;
      this.nsec = this.binary ? Math.floor(rem * 1953125 * this.binaryScale) : rem * this.decimalNsPerTick;
      return;
    }
    const t = (BigInt(hi) << 32n) | BigInt(lo);
    this.sec = Number(t / this.unitsBig);
    this.nsec = Number(((t % this.unitsBig) * 1_000_000_000n) / this.unitsBig);
  }

  /**
   * Sets `hi` and `lo` to the tick count for (sec, nsec), truncating below the resolution.
   * Throws RangeError when the count does not fit 64 bits or the time is before the epoch.
   */
  toTicks(sec: number, nsec: number): void {
    if (!Number.isInteger(sec) || sec < 0 || !Number.isInteger(nsec) || nsec < 0 || nsec > 999_999_999) {
      throw new RangeError(`timestamp ${sec}.${nsec} cannot be written (seconds must be >= 0, nanoseconds 0..999999999)`);
    }
    if (this.decimalNsPerTick !== 0 && sec < 4294967296) {
      // sec * u + frac without rounding: split sec in 16-bit halves so every product is < 2^47.
      const u = this.unitsPerSecond;
      const frac = Math.floor(nsec / this.decimalNsPerTick);
      const sh = Math.floor(sec / 65536);
      const a = (sec % 65536) * u + frac;
      const b = sh * u;
      const c = (b % 65536) * 65536 + a;
      this.hi = Math.floor(b / 65536) + Math.floor(c / 4294967296);
      this.lo = c % 4294967296;
    } else {
      const t = BigInt(sec) * this.unitsBig + (BigInt(nsec) * this.unitsBig) / 1_000_000_000n;
      if (t >= 1n << 64n) throw new RangeError(`timestamp ${sec}.${nsec} does not fit 64 bits at this resolution`);
      this.hi = Number(t >> 32n);
      this.lo = Number(t & 0xffffffffn);
    }
    if (this.hi > 0xffffffff) throw new RangeError(`timestamp ${sec}.${nsec} does not fit 64 bits at this resolution`);
  }
}
