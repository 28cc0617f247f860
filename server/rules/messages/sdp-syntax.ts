import type { SipMessage } from '../../model/sip-message.js';
import type { Finding, Rule } from '../rule.js';
import type { Span } from './header-span.js';
import { headerValueAt, headerValueSpanAt } from '../../sip/header-access.js';
import { getBody } from '../../sip/get-body.js';
import { getSdp } from '../../sip/get-sdp.js';
import { firstHeader } from './message-views.js';
import { isCi } from './plain-value-bytes.js';

/** m=<media> <port>[/<number of ports>] <proto> <fmt> ... (RFC 8866 §5.14). */
const M_LINE = /^m=[!-~]+ \d{1,5}(\/\d+)? [!-~]+( [!-~]+)+$/;

/**
 * SDP-SYNTAX: a session description starts with v=, and has o=, s= and t= (RFC 8866 §5); each
 * media section has a connection address, its own c= or the session's (§5.7); each m= line is
 * `m=<media> <port> <proto> <fmt list>` (§5.14). An offer or answer that breaks this cannot
 * be used to set up media (RFC 3264 §5). Runs only on messages with an SDP body.
 */
export const sdpSyntax: Rule = {
  id: 'SDP-SYNTAX',
  title: 'SDP body is well formed',
  severity: 'error',
  rfc: [
    { rfc: 8866, section: '5' },
    { rfc: 8866, section: '5.7' },
    { rfc: 3264, section: '5' },
  ],
  scope: 'message',
  triggers: 'An SDP body lacks v=, o=, s= or t=, has a media section without any c= line, has a malformed m= line, or has lines that are not <type>=<value>.',
  example: 'v=0 / o=- 1 1 IN IP4 192.0.2.1 / s=- / m=audio 49170 RTP/AVP 0 (no t=, no c=)',
  checkMessage(msg, report) {
    if (msg.bodyOffset >= msg.raw.length || msg.contentLength === 0) return;
    // Nearly every SDP is a clean application/sdp body: prove that on the bytes in place (no
    // view made), and take the general path only otherwise.
    if (isPlainSdpBody(msg)) return;
    const bytes = sdpBytes(msg);
    if (bytes === undefined || isCleanSdp(bytes, 0, bytes.length)) return;
    const base = bytes.byteOffset - msg.raw.byteOffset;
    checkSdpText(bytes, { start: base, end: base + bytes.length }, report);
  },
};

/** The SDP checks, worded; `span` (the SDP's bytes in the message) goes on every finding. */
export function checkSdpText(bytes: Buffer, span: Span, report: (f: Finding) => void): void {
  const text = bytes.toString('latin1');
  const lines = text.split(/\r?\n/);
  if (lines[0] !== undefined && !lines[0].startsWith('v=')) report({ summary: 'SDP does not start with v=', span });
  let sessionC = false;
  let inMedia = false;
  let mediaC = true;
  let mediaLine = '';
  const seen = new Set<string>();
  const endMedia = (): void => {
    if (inMedia && !mediaC && !sessionC) report({ summary: `SDP media '${mediaLine}' has no c= line and there is no session c=`, span });
  };
  for (const l of lines) {
    if (l.length < 2 || l[1] !== '=') {
      if (l !== '') report({ summary: `SDP line '${l.slice(0, 40)}' is not <type>=<value>`, span });
      continue;
    }
    const t = l[0];
    if (!inMedia) seen.add(t);
    if (t === 'm') {
      endMedia();
      inMedia = true;
      mediaC = false;
      mediaLine = l.length > 40 ? `${l.slice(0, 40)}…` : l;
      if (!M_LINE.test(l)) report({ summary: `SDP m= line '${mediaLine}' is not m=<media> <port> <proto> <fmt>...`, span });
    } else if (t === 'c') {
      if (inMedia) mediaC = true;
      else sessionC = true;
    }
  }
  endMedia();
  const missing = ['v', 'o', 's', 't'].filter((t) => !seen.has(t));
  if (missing.length > 0) report({ summary: `SDP lacks ${missing.map((t) => `${t}=`).join(', ')}`, span });
}

/**
 * The SDP bytes of the message: the body when Content-Type is application/sdp (read directly,
 * without the sdp-transform parse getSdp does), or the application/sdp part of a multipart body.
 */
function sdpBytes(msg: SipMessage): Buffer | undefined {
  const i = firstHeader(msg, 'content-type');
  if (i < 0) return undefined;
  const ct = headerValueAt(msg, i).toLowerCase();
  if (ct.startsWith('application/sdp')) {
    const b = getBody(msg);
    return b.length > 0 ? b : undefined;
  }
  if (!ct.startsWith('multipart/')) return undefined;
  return getSdp(msg)?.bytes;
}

const LF = 0x0a;
const CR = 0x0d;
const EQ = 0x3d;
const SP = 0x20;

/**
 * True when Content-Type is application/sdp, read from its bytes, and the body (the range
 * getBody gives) is a non-empty, clean SDP.
 */
function isPlainSdpBody(msg: SipMessage): boolean {
  const i = firstHeader(msg, 'content-type');
  if (i < 0) return false;
  const span = headerValueSpanAt(msg, i);
  const raw = msg.raw;
  if (span === undefined || span.folded || !isCi(raw, span.start, span.end, 'application/sdp')) return false;
  // getBody's range: from bodyOffset, cut to Content-Length (RFC 3261 §18.3).
  const start = Math.min(msg.bodyOffset, raw.length);
  const cl = msg.contentLength;
  const end = cl === undefined ? raw.length : Math.min(raw.length, msg.bodyOffset + cl);
  return end > start && isCleanSdp(raw, start, end);
}

/**
 * True when the checks above would find nothing in `b[from, n)`, decided on the bytes with the same
 * line split (`\r?\n`): starts with v=, every non-empty line is `<type>=`, every m= line has
 * the M_LINE form, every media section has a c= (or the session has one), and v=, o=, s=, t=
 * come before the first m=. False means "run the checks", not "faulty".
 */
export function isCleanSdp(b: Uint8Array, from: number, n: number): boolean {
  if (n - from < 2 || b[from] !== 0x76 || b[from + 1] !== EQ) return false;
  let seen = 0; // bits: v o s t at session level
  let sessionC = false;
  let inMedia = false;
  let mediaC = true;
  for (let start = from; start <= n; ) {
    // A JS scan: Buffer#indexOf per line costs more than the bytes it skips (measured).
    let nl = start;
    while (nl < n && b[nl] !== LF) nl++;
    const end = nl > start && b[nl - 1] === CR && nl < n ? nl - 1 : nl;
    if (end > start) {
      if (end - start < 2 || b[start + 1] !== EQ) return false;
      const t = b[start];
      if (t === 0x6d) {
        if (inMedia && !mediaC && !sessionC) return false;
        inMedia = true;
        mediaC = false;
        if (!isPlainMLine(b, start + 2, end)) return false;
      } else if (t === 0x63) {
        if (inMedia) mediaC = true;
        else sessionC = true;
      } else if (!inMedia) {
        if (t === 0x76) seen |= 1;
        else if (t === 0x6f) seen |= 2;
        else if (t === 0x73) seen |= 4;
        else if (t === 0x74) seen |= 8;
      }
    }
    start = nl + 1;
  }
  if (inMedia && !mediaC && !sessionC) return false;
  return seen === 15;
}

/** `<media> SP 1*5DIGIT ["/" 1*DIGIT] SP <proto> 1*(SP <fmt>)`, fields of [!-~] (M_LINE). */
function isPlainMLine(b: Uint8Array, i: number, end: number): boolean {
  let field = 0;
  while (i < end) {
    const s = i;
    while (i < end && b[i] > SP && b[i] < 0x7f) i++;
    if (i === s) return false;
    if (field === 1) {
      let k = s;
      while (k < i && b[k] >= 0x30 && b[k] <= 0x39) k++;
      if (k === s || k - s > 5) return false;
      if (k < i) {
        if (b[k] !== 0x2f) return false;
        const d = ++k;
        while (k < i && b[k] >= 0x30 && b[k] <= 0x39) k++;
        if (k === d || k !== i) return false;
      }
    }
    field++;
    if (i < end) {
      if (b[i] !== SP) return false;
      i++;
      if (i === end) return false;
    }
  }
  return field >= 4;
}
