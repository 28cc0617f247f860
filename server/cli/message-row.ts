import type { Endpoint, SipMessage } from '../model/sip-message.js';

/** Columns of `sipscope messages --format tsv`, in order (issue #2 fixes them exactly). */
export const MESSAGE_COLUMNS = ['frame', 'time_epoch', 'src', 'dst', 'transport', 'call_id', 'cseq', 'method_or_status'] as const;

/** `ip:port`, IPv6 as `[addr]:port` (RFC 3986 §3.2.2 style, as tshark prints them). */
export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** Seconds since the epoch with all nine decimals, exact (no floating-point rounding). */
export function formatEpoch(sec: number, nsec: number): string {
  const frac = String(nsec);
  return `${sec}.${'000000000'.slice(frac.length)}${frac}`;
}

/** The method of a request, the status code of a response, empty when the start line is bad. */
export function methodOrStatus(m: SipMessage): string {
  const sl = m.startLine;
  if (sl === null) return '';
  return sl.kind === 'request' ? sl.method : String(sl.status);
}

/** TSV cells must not contain tabs or line breaks: attacker-controlled text is flattened. */
function cell(s: string): string {
  return /[\t\r\n]/.test(s) ? s.replace(/[\t\r\n]/g, ' ') : s;
}

export function messageTsvRow(m: SipMessage): string {
  const o = m.origin;
  const cseq = m.cseq ? `${m.cseq.seq} ${m.cseq.method}` : '';
  return (
    `${o.frame}\t${formatEpoch(o.tsSec, o.tsNsec)}\t${formatEndpoint(o.src)}\t${formatEndpoint(o.dst)}\t` +
    `${o.transport}\t${cell(m.callId ?? '')}\t${cell(cseq)}\t${cell(methodOrStatus(m))}\n`
  );
}

/** The JSON view of one message: the TSV columns plus start line, headers, body size, issues and frames. */
export function messageJson(m: SipMessage): Record<string, unknown> {
  const o = m.origin;
  return {
    id: m.id,
    frame: o.frame,
    time_epoch: formatEpoch(o.tsSec, o.tsNsec),
    src: formatEndpoint(o.src),
    dst: formatEndpoint(o.dst),
    transport: o.transport,
    call_id: m.callId ?? null,
    cseq: m.cseq ? `${m.cseq.seq} ${m.cseq.method}` : null,
    method_or_status: methodOrStatus(m),
    start_line: m.startLine,
    headers: m.headers.map((h) => ({ name: h.name, value: h.value })),
    content_length: m.contentLength ?? null,
    body_bytes: m.raw.length - m.bodyOffset,
    issues: m.issues,
    framing: m.framing,
    frames: o.frames.map((f) => ({ frame: f.frame, file_offset: f.fileOffset, time_epoch: formatEpoch(f.tsSec, f.tsNsec) })),
  };
}
