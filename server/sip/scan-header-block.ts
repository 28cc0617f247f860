import type { ParseIssue } from '../model/sip-message.js';
import { headerKeyFromBytes, nameHash } from './header-key.js';
import { noteBareLf } from './note-bare-lf.js';
import { SipHeaderView } from './sip-header-view.js';
import { TOKEN_BYTES } from './token-chars.js';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

/**
 * The header fields of a block as numbers, not objects: per field, its interned lower-case key
 * in `keys` and SPAN_FIELDS numbers in `spans` (start, nameEnd, valueStart, valueEnd, end,
 * folded). A message keeps this compact index; `SipHeaderView`s are made only when someone
 * asks for the headers (most messages of a big capture are never looked at one by one).
 */
export interface HeaderIndex {
  readonly keys: string[];
  readonly spans: number[];
}

export const SPAN_FIELDS = 6;

export function headerCount(index: HeaderIndex): number {
  return index.keys.length;
}

/** The views of an index's fields, in order. */
export function headerViews(raw: Buffer, index: HeaderIndex): SipHeaderView[] {
  const { keys, spans } = index;
  const out = new Array<SipHeaderView>(keys.length);
  for (let h = 0, o = 0; h < keys.length; h++, o += SPAN_FIELDS) {
    out[h] = new SipHeaderView(raw, keys[h], spans[o], spans[o + 1], spans[o + 2], spans[o + 3], spans[o + 4], spans[o + 5] === 1);
  }
  return out;
}

export interface HeaderBlock {
  readonly index: HeaderIndex;
  /** Just after the blank line that ends the block; `end` when there is none. */
  readonly bodyOffset: number;
  /** False when `end` came before the blank line. */
  readonly complete: boolean;
}

/**
 * Indexes the header fields in `raw[start, end)` up to the blank line (RFC 3261 §7.3; the same
 * syntax serves MIME body-part headers, RFC 2045 §3). Tolerant: bare LF line ends, whitespace
 * before the colon, folded values (§7.3.1) and empty values are accepted; lines without a
 * colon are skipped with an issue. Only offsets are computed here; strings are decoded lazily.
 */
export function scanHeaderBlock(raw: Buffer, start: number, end: number, issues: ParseIssue[]): HeaderBlock {
  const keys: string[] = [];
  const spans: number[] = [];
  const index: HeaderIndex = { keys, spans };
  let pos = start;
  while (pos < end) {
    const lineStart = pos;
    const first = raw[pos];
    if (first === LF) {
      noteBareLf(issues, pos);
      return { index, bodyOffset: pos + 1, complete: true };
    }
    if (first === CR) {
      if (pos + 1 < end && raw[pos + 1] === LF) return { index, bodyOffset: pos + 2, complete: true };
      if (pos + 1 === end) break;
    }
    if (first === SP || first === HT) {
      // A continuation line with no header above it: folding needs a field to continue.
      issues.push({
        code: 'bad-continuation',
        offset: pos,
        message: `line at byte ${pos} starts with whitespace but continues no header field`,
      });
      pos = skipField(raw, pos, end, issues);
      continue;
    }

    // field-name = token; HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §7.3.1, §25.1)
    let i = pos;
    let badName = false;
    let hash = 0;
    for (; i < end; i++) {
      const c = raw[i];
      if (TOKEN_BYTES[c] === 1) {
        // Token bytes are the common case: one table load, then hash (letters folded).
        hash = (Math.imul(hash, 31) + (c | 0x20)) | 0;
        continue;
      }
      if (c === COLON || c === SP || c === HT || c === CR || c === LF) break;
      badName = true;
      hash = (Math.imul(hash, 31) + (c | 0x20)) | 0;
    }
    const hashedEnd = i;
    let nameEnd = i;
    while (i < end && (raw[i] === SP || raw[i] === HT)) i++;
    if (i >= end || raw[i] !== COLON) {
      // Either no colon at all, or a name with inner whitespace ("Foo bar: x").
      let j = i;
      while (j < end && raw[j] !== LF && raw[j] !== COLON) j++;
      if (j < end && raw[j] === COLON) {
        badName = true;
        nameEnd = j;
        while (nameEnd > pos && (raw[nameEnd - 1] === SP || raw[nameEnd - 1] === HT)) nameEnd--;
        i = j;
      } else {
        issues.push({
          code: 'header-no-colon',
          offset: lineStart,
          message: `header line at byte ${lineStart} has no colon; skipped`,
        });
        pos = skipField(raw, pos, end, issues);
        continue;
      }
    }
    if (nameEnd === pos) {
      issues.push({
        code: 'bad-header-name',
        offset: lineStart,
        message: `header line at byte ${lineStart} has an empty name; skipped`,
      });
      pos = skipField(raw, pos, end, issues);
      continue;
    }
    if (badName) {
      issues.push({
        code: 'bad-header-name',
        offset: lineStart,
        message: `header name at byte ${lineStart} is not a token (RFC 3261 §25.1)`,
      });
    }
    i++; // the colon

    // Leading LWS of the value, including a fold right after the colon ("To:\r\n sip:...").
    for (;;) {
      while (i < end && (raw[i] === SP || raw[i] === HT)) i++;
      if (i + 2 < end && raw[i] === CR && raw[i + 1] === LF && (raw[i + 2] === SP || raw[i + 2] === HT)) {
        i += 3;
      } else if (i + 1 < end && raw[i] === LF && (raw[i + 1] === SP || raw[i + 1] === HT)) {
        noteBareLf(issues, i);
        i += 2;
      } else {
        break;
      }
    }
    const valueStart = i;

    // The value runs to the end of the line, and on over continuation lines.
    let folded = false;
    let contentEnd: number;
    let next: number;
    for (;;) {
      // memchr in native code beats a byte loop for lines of more than a few bytes.
      i = raw.indexOf(LF, i);
      if (i < 0 || i >= end) {
        i = end;
        contentEnd = end;
        next = end;
        break;
      }
      if (i > valueStart && raw[i - 1] === CR) contentEnd = i - 1;
      else {
        contentEnd = i;
        noteBareLf(issues, i);
      }
      next = i + 1;
      if (next < end && (raw[next] === SP || raw[next] === HT)) {
        folded = true;
        i = next;
        continue;
      }
      break;
    }
    let valueEnd = contentEnd;
    while (valueEnd > valueStart) {
      const c = raw[valueEnd - 1];
      if (c === SP || c === HT || (folded && (c === CR || c === LF))) valueEnd--;
      else break;
    }
    // A name with inner whitespace was cut short while hashing: it is hashed again whole.
    const key = headerKeyFromBytes(raw, pos, nameEnd, nameEnd === hashedEnd ? hash : nameHash(raw, pos, nameEnd));
    keys.push(key);
    spans.push(pos, nameEnd, valueStart, valueEnd, contentEnd, folded ? 1 : 0);
    pos = next;
  }
  return { index, bodyOffset: end, complete: false };
}

/** Offset of the line after the field starting at `pos`, skipping its continuation lines. */
function skipField(raw: Buffer, pos: number, end: number, issues: ParseIssue[]): number {
  let i = pos;
  for (;;) {
    while (i < end && raw[i] !== LF) i++;
    if (i >= end) return end;
    if (i === pos || raw[i - 1] !== CR) noteBareLf(issues, i);
    i++;
    if (i < end && (raw[i] === SP || raw[i] === HT)) continue;
    return i;
  }
}
