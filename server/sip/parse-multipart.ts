import type { ParseIssue, SipHeader } from '../model/sip-message.js';
import { parseContentType, type ContentType } from './parse-content-type.js';
import { headerViews, scanHeaderBlock } from './scan-header-block.js';

const CR = 0x0d;
const LF = 0x0a;

/** One body part of a multipart body. */
export interface BodyPart {
  /** The part's own MIME headers (Content-Type, Content-Disposition, Content-ID...). */
  readonly headers: readonly SipHeader[];
  /** Parsed Content-Type of the part; undefined when it has none (RFC 2046 §5.1: text/plain). */
  readonly contentType: ContentType | undefined;
  /** The part's content: a view of the multipart body, no copy. */
  readonly body: Buffer;
  /** Offset of the part (its first header) within the multipart body. */
  readonly offset: number;
}

export interface Multipart {
  readonly parts: BodyPart[];
  /** Offsets relative to the multipart body. */
  readonly issues: ParseIssue[];
}

/**
 * Splits a multipart body (RFC 2046 §5.1.1; in SIP RFC 5621, e.g. SDP + ISUP in SIP-I):
 *
 *   preamble CRLF "--" boundary *LWSP CRLF part ( CRLF "--" boundary ... )* CRLF "--" boundary "--"
 *
 * The CRLF before each delimiter belongs to the delimiter, not to the part. A delimiter is
 * only recognised at the start of a line; bare LF line ends are tolerated. Binary parts
 * (RFC 4475 §3.1.1.11: NUL, bare CR and LF) are kept byte for byte.
 */
export function parseMultipart(body: Buffer, boundary: string): Multipart {
  const issues: ParseIssue[] = [];
  const parts: BodyPart[] = [];
  if (boundary === '') {
    issues.push({ code: 'missing-boundary', offset: 0, message: 'multipart body without a boundary' });
    return { parts, issues };
  }
  const delim = Buffer.from(`--${boundary}`, 'latin1');
  let d = findDelimiter(body, delim, 0);
  if (d < 0) {
    issues.push({ code: 'multipart-no-boundary', offset: 0, message: `boundary '${boundary}' never appears in the body` });
    return { parts, issues };
  }
  for (;;) {
    let i = d + delim.length;
    if (body[i] === 0x2d && body[i + 1] === 0x2d) return { parts, issues }; // close-delimiter
    while (i < body.length && (body[i] === 0x20 || body[i] === 0x09)) i++; // transport-padding
    if (body[i] === CR && body[i + 1] === LF) i += 2;
    else if (body[i] === LF) i += 1;
    else if (i < body.length) {
      issues.push({ code: 'multipart-bad-delimiter', offset: i, message: `junk after the boundary at ${d}` });
    }
    const partStart = Math.min(i, body.length);
    const next = findDelimiter(body, delim, partStart);
    let partEnd = next < 0 ? body.length : next;
    if (next >= 0) {
      if (partEnd > partStart && body[partEnd - 1] === LF) partEnd--;
      if (partEnd > partStart && body[partEnd - 1] === CR) partEnd--;
    }
    const block = scanHeaderBlock(body, partStart, partEnd, issues);
    if (!block.complete) {
      issues.push({ code: 'multipart-part-no-blank-line', offset: partStart, message: `body part at ${partStart} has no blank line after its headers` });
    }
    let contentType: ContentType | undefined;
    const headers = headerViews(body, block.index);
    for (const h of headers) if (h.key === 'content-type') contentType ??= parseContentType(h.value);
    const bodyStart = Math.min(block.bodyOffset, partEnd);
    parts.push({ headers, contentType, body: body.subarray(bodyStart, partEnd), offset: partStart });
    if (next < 0) {
      issues.push({ code: 'multipart-no-close', offset: Math.max(0, body.length - 1), message: 'multipart body ends without its close delimiter' });
      return { parts, issues };
    }
    d = next;
  }
}

/** The next `--boundary` at the start of a line at or after `from`, or -1. */
function findDelimiter(body: Buffer, delim: Buffer, from: number): number {
  let i = body.indexOf(delim, from);
  while (i >= 0) {
    const atLineStart = i === 0 || body[i - 1] === LF;
    const after = body[i + delim.length];
    // The boundary must end there: "--", padding or a line end (RFC 2046 §5.1.1).
    const ends = after === undefined || after === 0x2d || after === 0x20 || after === 0x09 || after === CR || after === LF;
    if (atLineStart && ends) return i;
    i = body.indexOf(delim, i + 1);
  }
  return -1;
}
