import type { SkippedFrame, SkipReason } from '../model/packet.js';

/** The one way decoders say "no UDP/TCP payload here, and this is why". */
export function skip(reason: SkipReason, detail: string): SkippedFrame {
  return { kind: 'skip', reason, detail };
}

/**
 * A header that does not fit: 'truncated' when the capture itself ended (the snaplen cut the
 * frame), otherwise the enclosing length field is too small, which makes the header bad.
 */
export function cutHeader(
  end: number,
  captured: number,
  badReason: SkipReason,
  what: string,
  have: number,
  need: number,
): SkippedFrame {
  const reason: SkipReason = end >= captured ? 'truncated' : badReason;
  const where = end >= captured ? 'captured' : 'within the enclosing length';
  return skip(reason, `${what}: ${Math.max(0, have)} of ${need} bytes ${where}`);
}
