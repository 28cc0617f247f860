/**
 * Byte-level recognition of a SIP start line. This is how SIP is found on any port (there is no
 * port list), how a TCP stream that starts mid-connection or after a gap is resynchronised, and
 * how HTTP on port 5060 is told apart from SIP.
 *
 * RFC 3261 §7.1 / §25.1:
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 *   SIP-Version  = "SIP" "/" 1*DIGIT "." 1*DIGIT
 *   Method       = token  (case-sensitive, but any token is an extension method)
 *
 * Decisions:
 * - The version is matched case-insensitively: ABNF string literals are case-insensitive
 *   (RFC 2234 §2.3) and RFC 3261 §7.1 says "The SIP-Version string is case-insensitive, but
 *   implementations MUST send upper-case". Any 1*DIGIT "." 1*DIGIT version is accepted; the
 *   parser downstream reports a version other than 2.0.
 * - A bare LF ends the line as well as CRLF (tolerance; the parser flags it).
 * - The Request-URI is any run of visible bytes (no SP, no CTL); its syntax is the parser's job.
 * - A status line may lack the SP before an empty Reason-Phrase ("SIP/2.0 200\r\n").
 * - "GET / HTTP/1.1" and "HTTP/1.1 200 OK" fail on the version and are therefore not SIP.
 */

/** Not a SIP start line, whatever bytes follow. */
export const START_LINE_NONE = -1;
/** The bytes so far are a prefix of a SIP start line: more bytes are needed to decide. */
export const START_LINE_PARTIAL = -2;
/** A start line longer than this (without its line end) is not taken as one. */
export const MAX_START_LINE = 8192;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;

/** RFC 3261 §25.1: token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TOKEN[c] = 1;
for (const ch of "-.!%*_+`'~") TOKEN[ch.charCodeAt(0)] = 1;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Matches `SIP/1*DIGIT.1*DIGIT` (case-insensitive letters) at `off`.
 * Returns the offset after it, START_LINE_NONE or START_LINE_PARTIAL.
 */
function matchVersion(buf: Buffer, off: number, end: number): number {
  let i = off;
  if (i >= end) return START_LINE_PARTIAL;
  if ((buf[i] | 0x20) !== 0x73) return START_LINE_NONE; // s
  if (++i >= end) return START_LINE_PARTIAL;
  if ((buf[i] | 0x20) !== 0x69) return START_LINE_NONE; // i
  if (++i >= end) return START_LINE_PARTIAL;
  if ((buf[i] | 0x20) !== 0x70) return START_LINE_NONE; // p
  if (++i >= end) return START_LINE_PARTIAL;
  if (buf[i] !== 0x2f) return START_LINE_NONE; // /
  if (++i >= end) return START_LINE_PARTIAL;
  if (!isDigit(buf[i])) return START_LINE_NONE;
  while (++i < end && isDigit(buf[i]));
  if (i >= end) return START_LINE_PARTIAL;
  if (buf[i] !== 0x2e) return START_LINE_NONE; // .
  if (++i >= end) return START_LINE_PARTIAL;
  if (!isDigit(buf[i])) return START_LINE_NONE;
  while (++i < end && isDigit(buf[i]));
  if (i >= end) return START_LINE_PARTIAL;
  return i;
}

/** Matches CRLF or a bare LF at `i`: offset after it, NONE or PARTIAL. */
function matchLineEnd(buf: Buffer, i: number, end: number): number {
  if (i >= end) return START_LINE_PARTIAL;
  const c = buf[i];
  if (c === LF) return i + 1;
  if (c !== CR) return START_LINE_NONE;
  if (i + 1 >= end) return START_LINE_PARTIAL;
  return buf[i + 1] === LF ? i + 2 : START_LINE_NONE;
}

/** A decision that ran out of bytes is PARTIAL only while the line could still fit the bound. */
function partialOrNone(off: number, end: number): number {
  return end - off > MAX_START_LINE ? START_LINE_NONE : START_LINE_PARTIAL;
}

function statusLineEnd(buf: Buffer, off: number, end: number): number {
  let i = matchVersion(buf, off, end);
  if (i < 0) return i;
  if (buf[i] !== SP) return START_LINE_NONE;
  // Status-Code = 3DIGIT
  for (let k = 0; k < 3; k++) {
    if (++i >= end) return START_LINE_PARTIAL;
    if (!isDigit(buf[i])) return START_LINE_NONE;
  }
  if (++i >= end) return START_LINE_PARTIAL;
  const c = buf[i];
  if (c === CR || c === LF) return matchLineEnd(buf, i, end);
  if (c !== SP) return START_LINE_NONE;
  // Reason-Phrase: anything up to the line end (UTF-8 allowed, RFC 3261 §25.1).
  const lf = buf.indexOf(LF, i);
  if (lf < 0 || lf >= end) return partialOrNone(off, end);
  if (lf - off > MAX_START_LINE) return START_LINE_NONE;
  return lf + 1;
}

function requestLineEnd(buf: Buffer, off: number, end: number): number {
  let i = off;
  while (i < end && TOKEN[buf[i]] === 1) i++;
  if (i >= end) return partialOrNone(off, end);
  if (i === off || buf[i] !== SP) return START_LINE_NONE;
  const uri = ++i;
  while (i < end && buf[i] > SP && buf[i] !== 0x7f) i++;
  if (i >= end) return partialOrNone(off, end);
  if (i === uri || buf[i] !== SP) return START_LINE_NONE;
  if (i - off > MAX_START_LINE) return START_LINE_NONE;
  const v = matchVersion(buf, i + 1, end);
  if (v < 0) return v;
  return matchLineEnd(buf, v, end);
}

/**
 * Recognises a SIP request or status line starting exactly at `off` in `buf[off, end)`.
 * Returns the offset just after the line's CRLF (or LF), START_LINE_NONE, or START_LINE_PARTIAL
 * when the available bytes are a proper prefix of a start line.
 */
export function startLineEnd(buf: Buffer, off: number, end: number = buf.length): number {
  if (off >= end) return START_LINE_PARTIAL;
  const c = buf[off] | 0x20;
  if (c === 0x73) {
    // "SIP/…" is a status line; anything else starting with s/S may be a request method.
    const s = statusLineEnd(buf, off, end);
    if (s !== START_LINE_NONE) return s;
  }
  return requestLineEnd(buf, off, end);
}

/**
 * The first offset p >= from, at `from` itself or just after an LF, where a SIP start line
 * begins (or may begin: the line is a PARTIAL prefix at the end of the bytes). -1 when none.
 * Resynchronisation looks only at line starts, so a start line quoted inside a header is not
 * taken for a message.
 */
export function findNextStartLine(buf: Buffer, from: number, end: number = buf.length): number {
  let p = from;
  while (p < end) {
    if (startLineEnd(buf, p, end) !== START_LINE_NONE) return p;
    const lf = buf.indexOf(LF, p);
    if (lf < 0 || lf >= end) return -1;
    p = lf + 1;
  }
  return -1;
}

/**
 * A TLS record header (RFC 8446 §5.1, RFC 5246 §6.2.1): content type 20–23 (change_cipher_spec,
 * alert, handshake, application_data), version 3.0–3.4, and when visible a length within
 * 2^14 + 2048. Used to say "encrypted" instead of "not SIP".
 */
export function looksLikeTls(buf: Buffer, off = 0): boolean {
  if (buf.length - off < 3) return false;
  const type = buf[off];
  if (type < 20 || type > 23 || buf[off + 1] !== 3 || buf[off + 2] > 4) return false;
  if (buf.length - off >= 5) {
    const len = (buf[off + 3] << 8) | buf[off + 4];
    if (len === 0 || len > 16384 + 2048) return false;
  }
  return true;
}

/** A DTLS record header (RFC 6347 §4.1): content type 20–23, version 254.255 / 254.253 / 254.252. */
export function looksLikeDtls(buf: Buffer, off = 0): boolean {
  if (buf.length - off < 13) return false;
  const type = buf[off];
  const minor = buf[off + 2];
  return type >= 20 && type <= 23 && buf[off + 1] === 254 && (minor === 255 || minor === 253 || minor === 252);
}

const HTTP = Buffer.from('HTTP/', 'latin1');
const SP_HTTP = Buffer.from(' HTTP/', 'latin1');

/**
 * An HTTP status line ("HTTP/1.1 200 OK") or request line ("GET / HTTP/1.1") at `off`: such a
 * stream is classified "not SIP" at once instead of being searched for SIP.
 */
export function looksLikeHttp(buf: Buffer, off: number, end: number = buf.length): boolean {
  if (end - off >= HTTP.length && buf.compare(HTTP, 0, HTTP.length, off, off + HTTP.length) === 0) return true;
  let lf = buf.indexOf(LF, off);
  if (lf < 0 || lf > end) lf = end;
  if (lf - off > MAX_START_LINE) return false;
  const at = buf.indexOf(SP_HTTP, off);
  return at > off && at < lf && TOKEN[buf[off]] === 1;
}
