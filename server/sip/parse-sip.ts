import type { CSeq, ParsedSip, ParseIssue, RequestLine, StatusLine } from '../model/sip-message.js';
import { noteBareLf } from './note-bare-lf.js';
import { parseContentLengthBytes } from './parse-content-length.js';
import { isCSeqFault, parseCSeqBytes } from './parse-cseq.js';
import { parseStartLine } from './parse-start-line.js';
import { SPAN_FIELDS, scanHeaderBlock } from './scan-header-block.js';
import { headerValueText } from './sip-header-view.js';
import { SipMessageRecord } from './sip-message-record.js';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses one SIP message (RFC 3261 §7) tolerantly and never throws: whatever cannot be
 * parsed becomes an issue with a byte offset into `raw`, and the raw bytes are kept.
 *
 * The hot path computes only the start line, the header index (offsets; names and values
 * decode lazily) and the three fields every later stage needs: Call-ID, CSeq and
 * Content-Length. Everything structured (URIs, Via, name-addr, bodies) is parsed on demand by
 * the other functions of this folder.
 */
export function parseSip(raw: Buffer): ParsedSip {
  const issues: ParseIssue[] = [];
  const len = raw.length;
  let pos = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored (stream keep-alives).
  while (pos < len && (raw[pos] === CR || raw[pos] === LF)) pos++;

  let lineEnd = raw.indexOf(LF, pos);
  if (lineEnd < 0) lineEnd = len;
  let contentEnd = lineEnd;
  if (lineEnd < len) {
    if (lineEnd > pos && raw[lineEnd - 1] === CR) contentEnd = lineEnd - 1;
    else noteBareLf(issues, lineEnd);
  } else if (lineEnd > pos && raw[lineEnd - 1] === CR) {
    contentEnd = lineEnd - 1;
  }
  let startLine: RequestLine | StatusLine | null;
  if (len === 0) {
    issues.push({ code: 'bad-start-line', offset: 0, message: 'the message is empty' });
    startLine = null;
  } else if (pos === len) {
    issues.push({ code: 'bad-start-line', offset: 0, message: 'the message holds only line breaks' });
    startLine = null;
  } else {
    startLine = parseStartLine(raw, pos, contentEnd, issues);
  }

  const headerStart = lineEnd < len ? lineEnd + 1 : len;
  const block = scanHeaderBlock(raw, headerStart, len, issues);
  const { keys, spans } = block.index;
  if (!block.complete && len > 0 && pos < len) {
    issues.push({
      code: 'no-blank-line',
      offset: len - 1,
      message: 'the header section does not end with a blank line (RFC 3261 §7)',
    });
  }

  let callId: string | undefined;
  let cseq: CSeq | undefined;
  let contentLength: number | undefined;
  let seenCallId = false;
  let seenCSeq = false;
  let seenCl = false;
  let clConflict = false;
  let seenFrom = false;
  let seenTo = false;
  let seenMaxForwards = false;
  for (let h = 0, o = 0; h < keys.length; h++, o += SPAN_FIELDS) {
    const fieldStart = spans[o];
    const valueStart = spans[o + 2];
    const valueEnd = spans[o + 3];
    // Keys are interned strings, so these compares are pointer checks.
    switch (keys[h]) {
      case 'call-id':
        if (seenCallId) duplicate(issues, fieldStart, 'Call-ID');
        else {
          seenCallId = true;
          callId = headerValueText(raw, valueStart, valueEnd, spans[o + 5] === 1);
          if (callId.length === 0) {
            issues.push({ code: 'bad-call-id', offset: fieldStart, message: 'Call-ID is empty (RFC 3261 §20.8)' });
          }
        }
        break;
      case 'cseq':
        if (seenCSeq) duplicate(issues, fieldStart, 'CSeq');
        else {
          seenCSeq = true;
          const r = parseCSeqBytes(raw, valueStart, valueEnd);
          if (isCSeqFault(r)) {
            issues.push({ code: 'bad-cseq', offset: valueStart + r.at, message: r.fault });
          } else {
            cseq = r;
          }
        }
        break;
      case 'content-length': {
        const n = parseContentLengthBytes(raw, valueStart, valueEnd);
        if (n === undefined) {
          issues.push({
            code: 'bad-content-length',
            offset: valueStart,
            message: 'Content-Length is not 1*DIGIT (RFC 3261 §20.14)',
          });
        }
        if (seenCl) {
          duplicate(issues, fieldStart, 'Content-Length');
          if (n !== contentLength) clConflict = true;
        } else {
          seenCl = true;
          contentLength = n;
        }
        break;
      }
      case 'from':
        if (seenFrom) duplicate(issues, fieldStart, 'From');
        seenFrom = true;
        break;
      case 'to':
        if (seenTo) duplicate(issues, fieldStart, 'To');
        seenTo = true;
        break;
      case 'max-forwards':
        if (seenMaxForwards) duplicate(issues, fieldStart, 'Max-Forwards');
        seenMaxForwards = true;
        break;
      default:
        break;
    }
  }
  if (clConflict) {
    // RFC 4475 §3.3.9: with conflicting lengths there is no way to know where the body ends.
    contentLength = undefined;
    issues.push({
      code: 'conflicting-content-length',
      offset: headerStart,
      message: 'Content-Length headers disagree; the body length is unknown',
    });
  }
  const bodyOffset = block.bodyOffset;
  if (contentLength !== undefined && block.complete && bodyOffset + contentLength > len) {
    // Over UDP the datagram is the message (RFC 3261 §18.3, RFC 4475 §3.1.2.2).
    issues.push({
      code: 'body-shorter-than-content-length',
      offset: bodyOffset < len ? bodyOffset : Math.max(0, len - 1),
      message: `Content-Length ${contentLength} exceeds the ${len - bodyOffset} body bytes present`,
    });
  }
  // A fault in an empty value at the very end (`CSeq:` then EOF) points just past the last
  // byte; issue offsets always name a byte of `raw`, so point at the last one instead.
  if (len > 0) {
    for (let k = 0; k < issues.length; k++) {
      const it = issues[k];
      if (it.offset >= len) issues[k] = { code: it.code, offset: len - 1, message: it.message };
    }
  }
  return new SipMessageRecord(raw, startLine, block.index, callId, cseq, contentLength, bodyOffset, issues);
}

/** RFC 3261 §7.3.1: only list-valued headers may repeat; these single-valued ones may not. */
function duplicate(issues: ParseIssue[], offset: number, name: string): void {
  issues.push({ code: 'duplicate-header', offset, message: `${name} appears more than once (RFC 3261 §7.3.1)` });
}
