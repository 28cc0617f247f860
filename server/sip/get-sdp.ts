import { parse, type SessionDescription } from 'sdp-transform';
import type { ParsedSip, ParseIssue } from '../model/sip-message.js';
import { getBody } from './get-body.js';
import { getHeader } from './get-header.js';
import { parseContentType, type ContentType } from './parse-content-type.js';
import { parseMultipart } from './parse-multipart.js';

export interface SdpResult {
  /** undefined when the body is not an SDP at all (see issues). */
  readonly sdp: SessionDescription | undefined;
  /** Where it was found: the whole body, or an application/sdp part of a multipart body. */
  readonly source: 'body' | 'multipart';
  /** The SDP text bytes (a view of `raw`). */
  readonly bytes: Buffer;
  /** Offsets into the message's raw bytes. */
  readonly issues: ParseIssue[];
}

/** Nesting limit for multipart inside multipart: hostile bodies cannot recurse forever. */
const MAX_DEPTH = 4;

/**
 * The session description of a message (RFC 3264 offer/answer; RFC 4566 syntax), parsed by
 * sdp-transform: from an application/sdp body, or the first application/sdp part of a
 * multipart body (RFC 5621; SIP-I carries SDP next to ISUP). undefined when there is none.
 */
export function getSdp(msg: Pick<ParsedSip, 'raw' | 'headers' | 'bodyOffset' | 'contentLength'>): SdpResult | undefined {
  const body = getBody(msg);
  if (body.length === 0) return undefined;
  const ctValue = getHeader(msg, 'content-type');
  const base = body.byteOffset - msg.raw.byteOffset;
  if (ctValue === undefined) {
    // RFC 3261 §20.15: a body needs a Content-Type; an SDP without one is still shown.
    if (!startsWithVersionLine(body)) return undefined;
    const r = parseSdpBytes(body, base, 'body');
    r.issues.unshift({ code: 'missing-content-type', offset: base, message: 'the body has no Content-Type (RFC 3261 §20.15)' });
    return r;
  }
  return findSdp(body, parseContentType(ctValue), base, msg.raw, 0, 'body');
}

function findSdp(
  body: Buffer,
  ct: ContentType,
  base: number,
  raw: Buffer,
  depth: number,
  source: 'body' | 'multipart',
): SdpResult | undefined {
  if (ct.mediaType === 'application/sdp') return parseSdpBytes(body, base, source);
  if (ct.type !== 'multipart' || depth >= MAX_DEPTH || ct.boundary === undefined) return undefined;
  const mp = parseMultipart(body, ct.boundary);
  for (const part of mp.parts) {
    if (part.contentType === undefined) continue;
    const found = findSdp(part.body, part.contentType, part.body.byteOffset - raw.byteOffset, raw, depth + 1, 'multipart');
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Checks the RFC 4566 §5 shape sdp-transform does not report (it skips lines it cannot
 * read): the first line is `v=`, every line is `<type>=<value>`. Then parses.
 */
function parseSdpBytes(bytes: Buffer, base: number, source: 'body' | 'multipart'): SdpResult {
  const issues: ParseIssue[] = [];
  const text = bytes.toString('utf8');
  if (!startsWithVersionLine(bytes)) {
    issues.push({ code: 'bad-sdp', offset: base, message: 'the SDP does not start with a v= line (RFC 4566 §5)' });
    return { sdp: undefined, source, bytes, issues };
  }
  for (let ls = 0; ls < bytes.length; ) {
    let le = bytes.indexOf(0x0a, ls);
    if (le < 0) le = bytes.length;
    const ce = le > ls && bytes[le - 1] === 0x0d ? le - 1 : le;
    const t = bytes[ls];
    if (ce > ls && !(t >= 0x61 && t <= 0x7a && bytes[ls + 1] === 0x3d && ce > ls + 1)) {
      issues.push({
        code: 'bad-sdp-line',
        offset: base + ls,
        message: `SDP line '${bytes.toString('utf8', ls, Math.min(ce, ls + 40))}' is not <type>=<value> (RFC 4566 §5)`,
      });
    }
    ls = le + 1;
  }
  try {
    return { sdp: parse(text), source, bytes, issues };
  } catch (e) {
    issues.push({ code: 'bad-sdp', offset: base, message: `sdp-transform could not parse the SDP: ${String(e)}` });
    return { sdp: undefined, source, bytes, issues };
  }
}

function startsWithVersionLine(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x76 && b[1] === 0x3d;
}
