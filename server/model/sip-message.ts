import type { FrameRef } from './frame.js';
import type { Transport } from './packet.js';
import type { FramingNote } from './sip-slice.js';

/** An address and port as seen on the wire. IPv6 addresses are plain (no brackets). */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

/** Something the SIP parser found wrong, kept on the message (the message itself is kept). */
export interface ParseIssue {
  /** Stable code, e.g. `bad-start-line`, `header-no-colon`, `bad-content-length`. */
  readonly code: string;
  /** Byte offset within the message's raw bytes. */
  readonly offset: number;
  readonly message: string;
}

/** One header line (after unfolding) with the byte span of the whole field in `raw`. */
export interface SipHeader {
  /** The name as written, e.g. `v` or `Via`. */
  readonly name: string;
  /** Lower-case full name (compact forms expanded), e.g. `via`. */
  readonly key: string;
  /** The value with leading/trailing whitespace removed and folded lines joined by one space. */
  readonly value: string;
  /** Offset of the header name in `raw`. */
  readonly start: number;
  /** Offset just after the header's last byte (before its CRLF). */
  readonly end: number;
}

/** Where the message's bytes came from: frames, time, addresses, transport. */
export interface MessageOrigin {
  /** Frame in which the message completes (last TCP segment or IP fragment), as tshark reports. */
  readonly frame: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly transport: Transport;
  /** Every frame that contributed bytes, in capture order. */
  readonly frames: readonly FrameRef[];
}

export interface RequestLine {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: string;
  readonly version: string;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly version: string;
}

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/**
 * A SIP message as the tolerant parser sees it. The raw bytes are always kept; what could not
 * be parsed is recorded in `issues` with an offset. Structured views (Via, name-addr, URIs,
 * SDP, multipart) are computed on demand by functions in `server/sip/`, so the hot path only
 * pays for the start line and the header index.
 */
export interface ParsedSip {
  readonly raw: Buffer;
  /** null when the first line is neither a request line nor a status line. */
  readonly startLine: RequestLine | StatusLine | null;
  readonly headers: readonly SipHeader[];
  /** Call-ID (or compact `i`), undefined when absent. */
  readonly callId: string | undefined;
  /** Parsed CSeq, undefined when absent or unparsable. */
  readonly cseq: CSeq | undefined;
  /** Content-Length value, undefined when absent or unparsable. */
  readonly contentLength: number | undefined;
  /** Offset of the body in `raw` (just after the blank line), raw.length when there is none. */
  readonly bodyOffset: number;
  readonly issues: readonly ParseIssue[];
}

/** A parsed SIP message together with where it was captured. */
export interface SipMessage extends ParsedSip {
  /** 1-based sequence number of the message within the analysis, in completion order. */
  readonly id: number;
  readonly origin: MessageOrigin;
  /** What framing found (RFC 3261 §18.3): e.g. missing Content-Length on a stream, UDP extra bytes. */
  readonly framing: readonly FramingNote[];
}

/** A CRLF keep-alive (RFC 5626 §3.5.1) seen on a flow: recorded, never taken as a message. */
export interface KeepAlive {
  readonly kind: 'ping' | 'pong';
  readonly frame: number;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly transport: Transport;
}
