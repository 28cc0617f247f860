/**
 * Incremental search for the end of a SIP header section, reading Content-Length on the way.
 * Shared by the UDP and the stream framer so both read Content-Length the same way.
 *
 * RFC 3261 §7.5 / §18.3: the header section ends at the empty line; the body length is the
 * Content-Length header (compact form `l`, §7.3.3; header names are case-insensitive, §7.3.1;
 * HCOLON = *( SP / HTAB ) ":" SWS, §25.1). A bare LF is tolerated as a line end.
 *
 * The scanner keeps where it stopped (`scanFrom`) and the start of the line in progress
 * (`lineStart`), so feeding it more bytes never rescans what it has seen: O(n) per message.
 */

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;

/** Content-Length was not seen in the header section. */
export const CL_ABSENT = -1;
/** A Content-Length header was seen but its value is not 1*DIGIT. */
export const CL_INVALID = -2;

const CONTENT_LENGTH = Buffer.from('content-length', 'latin1');
/** More digits than this cannot be a sane body length; such a value counts as too large. */
const MAX_CL_DIGITS = 12;

export class SipHeaderScanner {
  /** Offset of the header line being read (in the buffer the scanner was last given). */
  lineStart = 0;
  /** Where the LF search resumes. */
  scanFrom = 0;
  /** Content-Length value, CL_ABSENT or CL_INVALID (first occurrence wins). */
  contentLength = CL_ABSENT;
  /** A second Content-Length header disagreed with the first. */
  conflict = false;

  /** Starts a header section whose first header line begins at `lineStart`. */
  reset(lineStart: number): void {
    this.lineStart = lineStart;
    this.scanFrom = lineStart;
    this.contentLength = CL_ABSENT;
    this.conflict = false;
  }

  /** The message moved by `delta` bytes (its bytes were copied to another buffer). */
  rebase(delta: number): void {
    this.lineStart += delta;
    this.scanFrom += delta;
  }

  /**
   * Reads header lines in `buf[scanFrom, end)`. Returns the offset just after the empty line
   * that ends the header section, or -1 when it is not within `end` yet.
   */
  scan(buf: Buffer, end: number): number {
    let lineStart = this.lineStart;
    let lf = buf.indexOf(LF, this.scanFrom);
    while (lf >= 0 && lf < end) {
      const lineEnd = lf > lineStart && buf[lf - 1] === CR ? lf - 1 : lf;
      if (lineEnd === lineStart) {
        this.lineStart = this.scanFrom = lf + 1;
        return lf + 1;
      }
      this.readContentLength(buf, lineStart, lineEnd);
      lineStart = lf + 1;
      lf = buf.indexOf(LF, lineStart);
    }
    this.lineStart = lineStart;
    this.scanFrom = end;
    return -1;
  }

  private readContentLength(buf: Buffer, s: number, e: number): void {
    const v = contentLengthOfLine(buf, s, e);
    if (v === NOT_CONTENT_LENGTH) return;
    if (this.contentLength === CL_ABSENT) this.contentLength = v;
    else if (this.contentLength !== v) this.conflict = true;
  }
}

const NOT_CONTENT_LENGTH = -3;

/**
 * The Content-Length value of header line `buf[s, e)` (no line end), CL_INVALID when the line
 * is a Content-Length header with a bad value, NOT_CONTENT_LENGTH for any other header.
 * A value with more than MAX_CL_DIGITS digits is returned as Number.MAX_SAFE_INTEGER.
 */
function contentLengthOfLine(buf: Buffer, s: number, e: number): number {
  const c = buf[s] | 0x20;
  let p: number;
  if (c === 0x6c) {
    p = s + 1; // compact form "l"
  } else if (c === 0x63 && e - s > CONTENT_LENGTH.length) {
    for (let k = 1; k < CONTENT_LENGTH.length; k++) {
      if ((buf[s + k] | 0x20) !== CONTENT_LENGTH[k]) return NOT_CONTENT_LENGTH;
    }
    p = s + CONTENT_LENGTH.length;
  } else {
    return NOT_CONTENT_LENGTH;
  }
  while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
  if (p >= e || buf[p] !== 0x3a) return NOT_CONTENT_LENGTH;
  p++;
  while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
  const digits = p;
  let v = 0;
  while (p < e && buf[p] >= 0x30 && buf[p] <= 0x39) {
    if (p - digits < MAX_CL_DIGITS) v = v * 10 + (buf[p] - 0x30);
    p++;
  }
  const count = p - digits;
  if (count === 0) return CL_INVALID;
  while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
  if (p !== e) return CL_INVALID;
  return count > MAX_CL_DIGITS ? Number.MAX_SAFE_INTEGER : v;
}
