/**
 * Real SIP bytes for the call-level tests: text → parseSip → toSipMessage, with a capture time
 * and addresses, as the session does.
 */
import type { SipMessage } from '../../server/model/sip-message.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { toSipMessage } from '../../server/sip/sip-message-record.js';

export interface Wire {
  /** Capture time in seconds (fractions allowed: split into sec + nsec exactly). */
  readonly t: number;
  readonly src: string;
  readonly dst: string;
}

let nextId = 1;

/** One message from header lines (CRLF-joined) and an optional SDP body. */
export function sipAt(wire: Wire, lines: readonly string[], sdp?: string): SipMessage {
  const body = sdp ?? '';
  const head = [...lines];
  if (sdp !== undefined) head.push('Content-Type: application/sdp');
  head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const raw = Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'latin1');
  const [sip, sport] = split(wire.src);
  const [dip, dport] = split(wire.dst);
  const sec = Math.floor(wire.t);
  const nsec = Math.round((wire.t - sec) * 1e9);
  const id = nextId++;
  return toSipMessage(
    parseSip(raw),
    id,
    {
      frame: id,
      tsSec: sec,
      tsNsec: nsec,
      src: { ip: sip, port: sport },
      dst: { ip: dip, port: dport },
      transport: 'UDP',
      frames: [{ frame: id, tsSec: sec, tsNsec: nsec, fileOffset: 0, recordLength: raw.length }],
    },
    [],
  );
}

function split(ep: string): [string, number] {
  const i = ep.lastIndexOf(':');
  return [ep.slice(0, i), Number(ep.slice(i + 1))];
}

export function sdpBody(ip: string, port: number, extra: readonly string[] = ['a=rtpmap:0 PCMU/8000']): string {
  return ['v=0', `o=- 1 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', `m=audio ${port} RTP/AVP 0 101`, ...extra, 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');
}

export interface DialogSpec {
  readonly callId: string;
  readonly caller: string; // ip:port of the UAC
  readonly callee: string; // ip:port of the UAS
  readonly fromTag?: string;
  readonly toTag?: string;
  readonly cseq?: number;
  /** Extra header lines for the initial INVITE (X-CID, Session-ID…). */
  readonly extra?: readonly string[];
}

/** Builders for the messages of one INVITE call between two UAs (RFC 3261 §24.2 style). */
export function inviteCall(d: DialogSpec) {
  const ft = d.fromTag ?? 'ft1';
  const tt = d.toTag ?? 'tt1';
  const seq = d.cseq ?? 1;
  // A branch is a token (RFC 3261 §25.1): no '@' from the Call-ID.
  const bk = d.callId.replace(/[^A-Za-z0-9.!%*_+`'~-]/g, '');
  const common = (branch: string, via: string) => [`Via: SIP/2.0/UDP ${via};branch=z9hG4bK${branch}`, 'Max-Forwards: 70'];
  const fromCaller = (method: string, cseq: number, branch: string, withToTag: boolean) => [
    `${method} sip:bob@${d.callee} SIP/2.0`,
    ...common(branch, d.caller),
    `From: "Alice" <sip:alice@example.com>;tag=${ft}`,
    `To: <sip:bob@example.com>${withToTag ? `;tag=${tt}` : ''}`,
    `Call-ID: ${d.callId}`,
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:alice@${d.caller}>`,
  ];
  const response = (status: string, method: string, cseq: number, branch: string, withToTag = true, extra: readonly string[] = []) => [
    `SIP/2.0 ${status}`,
    `Via: SIP/2.0/UDP ${d.caller};branch=z9hG4bK${branch}`,
    `From: "Alice" <sip:alice@example.com>;tag=${ft}`,
    `To: <sip:bob@example.com>${withToTag ? `;tag=${tt}` : ''}`,
    `Call-ID: ${d.callId}`,
    `CSeq: ${cseq} ${method}`,
    ...extra,
  ];
  const up = (t: number): Wire => ({ t, src: d.caller, dst: d.callee });
  const down = (t: number): Wire => ({ t, src: d.callee, dst: d.caller });
  return {
    invite: (t: number, sdp?: string, cseq = seq) => sipAt(up(t), [...fromCaller('INVITE', cseq, `inv${cseq}${bk}`, false), ...(d.extra ?? [])], sdp),
    response: (t: number, status: string, opts: { sdp?: string; cseq?: number; extra?: string[] } = {}) => {
      const cseq = opts.cseq ?? seq;
      return sipAt(down(t), [...response(status, 'INVITE', cseq, `inv${cseq}${bk}`, !status.startsWith('100'), opts.extra ?? [])], opts.sdp);
    },
    ack: (t: number, opts: { cseq?: number; sdp?: string; non2xx?: boolean } = {}) => {
      const cseq = opts.cseq ?? seq;
      return sipAt(up(t), fromCaller('ACK', cseq, opts.non2xx ? `inv${cseq}${bk}` : `ack${cseq}${bk}`, true), opts.sdp);
    },
    cancel: (t: number, extra: readonly string[] = []) =>
      sipAt(up(t), [...fromCaller('CANCEL', seq, `inv${seq}${bk}`, false), ...extra]),
    cancelOk: (t: number) => sipAt(down(t), response('200 OK', 'CANCEL', seq, `inv${seq}${bk}`, false)),
    byeFromCaller: (t: number, extra: readonly string[] = []) =>
      sipAt(up(t), [...fromCaller('BYE', seq + 1, `bye${bk}`, true), ...extra]),
    byeFromCallee: (t: number) =>
      sipAt(down(t), [
        `BYE sip:alice@${d.caller} SIP/2.0`,
        `Via: SIP/2.0/UDP ${d.callee};branch=z9hG4bKbyeb${bk}`,
        'Max-Forwards: 70',
        `From: <sip:bob@example.com>;tag=${tt}`,
        `To: "Alice" <sip:alice@example.com>;tag=${ft}`,
        `Call-ID: ${d.callId}`,
        'CSeq: 1 BYE',
      ]),
    byeOk: (t: number, fromCallee = false) =>
      fromCallee
        ? sipAt(up(t), [
            'SIP/2.0 200 OK',
            `Via: SIP/2.0/UDP ${d.callee};branch=z9hG4bKbyeb${bk}`,
            `From: <sip:bob@example.com>;tag=${tt}`,
            `To: "Alice" <sip:alice@example.com>;tag=${ft}`,
            `Call-ID: ${d.callId}`,
            'CSeq: 1 BYE',
          ])
        : sipAt(down(t), response('200 OK', 'BYE', seq + 1, `bye${bk}`)),
  };
}

/** A non-INVITE request and its response (REGISTER, OPTIONS…). */
export function simpleRequest(method: string, callId: string, cseq: number, branch: string, t: number, extra: readonly string[] = []) {
  const lines = [
    `${method} sip:registrar.example.com SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${branch}`,
    'Max-Forwards: 70',
    '"Alice" <sip:alice@example.com>;tag=rt1'.replace(/^/, 'From: '),
    'To: <sip:alice@example.com>',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    ...extra,
  ];
  return sipAt({ t, src: '192.0.2.10:5060', dst: '192.0.2.1:5060' }, lines);
}

export function simpleResponse(method: string, callId: string, cseq: number, branch: string, status: string, t: number) {
  return sipAt({ t, src: '192.0.2.1:5060', dst: '192.0.2.10:5060' }, [
    `SIP/2.0 ${status}`,
    `Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK${branch}`,
    'From: "Alice" <sip:alice@example.com>;tag=rt1',
    'To: <sip:alice@example.com>;tag=srv1',
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
  ]);
}
