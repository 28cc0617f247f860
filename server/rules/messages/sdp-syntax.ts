import type { SipMessage } from '../../model/sip-message.js';
import type { Rule } from '../rule.js';
import { findHeader, headerValueAt } from '../../sip/header-access.js';
import { getBody } from '../../sip/get-body.js';
import { getSdp } from '../../sip/get-sdp.js';

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
    const bytes = sdpBytes(msg);
    if (bytes === undefined) return;
    const base = bytes.byteOffset - msg.raw.byteOffset;
    const span = { start: base, end: base + bytes.length };
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
  },
};

/**
 * The SDP bytes of the message: the body when Content-Type is application/sdp (read directly,
 * without the sdp-transform parse getSdp does), or the application/sdp part of a multipart body.
 */
function sdpBytes(msg: SipMessage): Buffer | undefined {
  const i = findHeader(msg, 'content-type');
  if (i < 0) return undefined;
  const ct = headerValueAt(msg, i).toLowerCase();
  if (ct.startsWith('application/sdp')) {
    const b = getBody(msg);
    return b.length > 0 ? b : undefined;
  }
  if (!ct.startsWith('multipart/')) return undefined;
  return getSdp(msg)?.bytes;
}
