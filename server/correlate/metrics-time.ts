import type { Instant } from '../model/correlation.js';

/** Seconds from `a` to `b`, to the nanosecond (rounded so that 1.5 s stays 1.5, not 1.4999999). */
export function elapsedSec(a: Instant, b: Instant): number {
  return Math.round(((b.sec - a.sec) * 1e9 + (b.nsec - a.nsec))) / 1e9;
}

/** Capture time as seconds (for idle checks). */
export function instantSec(t: Instant): number {
  return t.sec + t.nsec / 1e9;
}
