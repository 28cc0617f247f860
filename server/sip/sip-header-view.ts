import type { SipHeader } from '../model/sip-message.js';
import { utf8Text } from './buffer-text.js';

/**
 * A `SipHeader` that decodes its name and value only when read. The hot path indexes a
 * message's headers by offset; most values are never looked at (a typical INVITE has a dozen
 * headers and the pipeline reads three), and each string decode costs about as much as
 * scanning the whole header block, so decoding is deferred and cached.
 *
 * `toJSON` gives the plain `SipHeader` shape, so serialised messages look like plain objects.
 */
export class SipHeaderView implements SipHeader {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  /** Offset just after the name (before any whitespace and the colon). */
  readonly nameEnd: number;
  /** Value span in raw, outer whitespace already trimmed; may contain folded line breaks. */
  readonly valueStart: number;
  readonly valueEnd: number;
  private readonly raw: Buffer;
  /** The value spans more than one line (RFC 3261 §7.3.1 folding). */
  private readonly folded: boolean;
  private cachedName: string | undefined;
  private cachedValue: string | undefined;

  constructor(
    raw: Buffer,
    key: string,
    start: number,
    nameEnd: number,
    valueStart: number,
    valueEnd: number,
    end: number,
    folded: boolean,
  ) {
    this.raw = raw;
    this.key = key;
    this.start = start;
    this.nameEnd = nameEnd;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.end = end;
    this.folded = folded;
    // Every field set here, so all views share one object shape.
    this.cachedName = undefined;
    this.cachedValue = undefined;
  }

  get name(): string {
    if (this.cachedName === undefined) this.cachedName = utf8Text(this.raw, this.start, this.nameEnd);
    return this.cachedName;
  }

  /** Header values may carry UTF-8 (display names, reason text), so they decode as UTF-8. */
  get value(): string {
    if (this.cachedValue === undefined) {
      this.cachedValue = headerValueText(this.raw, this.valueStart, this.valueEnd, this.folded);
    }
    return this.cachedValue;
  }

  toJSON(): SipHeader {
    return { name: this.name, key: this.key, value: this.value, start: this.start, end: this.end };
  }
}

/**
 * A header value as text. Values may carry UTF-8 (display names, reason text). RFC 3261
 * §7.3.1: a line break followed by whitespace is folding; the whole LWS run is one SP.
 */
export function headerValueText(raw: Buffer, start: number, end: number, folded: boolean): string {
  const text = utf8Text(raw, start, end);
  return folded ? text.replace(/[ \t]*\r?\n[ \t]+/g, ' ') : text;
}
