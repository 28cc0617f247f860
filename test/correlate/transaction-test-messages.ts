/**
 * Builds real SIP message bytes for the transaction and dialog tests and turns them into
 * SipMessages through the sip stage (parseSip + toSipMessage), with a made-up origin.
 */
import type { MessageOrigin, SipMessage } from '../../server/model/sip-message.js';
import type { Transport } from '../../server/model/packet.js';
import { parseSip } from '../../server/sip/parse-sip.js';
import { toSipMessage } from '../../server/sip/sip-message-record.js';

export interface Params {
  method: string;
  /** Top Via branch; '' for none (an RFC 2543 peer). */
  branch: string;
  /** sent-by of the top Via. */
  sentBy?: string;
  callId?: string;
  cseq: number;
  /** CSeq method when it differs from the request method (never, except for tests of bad input). */
  cseqMethod?: string;
  fromTag: string;
  toTag?: string;
  uri?: string;
  extra?: string[];
  /** Swap the From/To users (a request sent by the callee). */
  fromCallee?: boolean;
}

function headerLines(p: Params, toTag: string | undefined, via: string): string[] {
  const alice = '<sip:alice@a.example>';
  const bob = '<sip:bob@b.example>';
  const [fromUri, toUri] = p.fromCallee ? [bob, alice] : [alice, bob];
  return [
    `Via: ${via}`,
    'Max-Forwards: 70',
    `From: ${fromUri};tag=${p.fromTag}`,
    `To: ${toUri}${toTag ? `;tag=${toTag}` : ''}`,
    `Call-ID: ${p.callId ?? 'call-1@a.example'}`,
    `CSeq: ${p.cseq} ${p.cseqMethod ?? p.method}`,
    ...(p.extra ?? []),
    'Content-Length: 0',
    '',
    '',
  ];
}

function topVia(p: Params): string {
  return `SIP/2.0/UDP ${p.sentBy ?? 'a.example:5060'}${p.branch ? `;branch=${p.branch}` : ''}`;
}

export function requestText(p: Params): string {
  return [`${p.method} ${p.uri ?? 'sip:bob@b.example'} SIP/2.0`, ...headerLines(p, p.toTag, topVia(p))].join('\r\n');
}

/** A response to the request `p`: the Via copied with `received` (RFC 3261 §18.2.1), To tag added. */
export function responseText(status: number, reason: string, p: Params, toTag: string | undefined, extra: string[] = []): string {
  const q: Params = { ...p, extra: [...extra] };
  return [`SIP/2.0 ${status} ${reason}`, ...headerLines(q, toTag ?? p.toTag, `${topVia(p)};received=192.0.2.9`)].join('\r\n');
}

function endpoint(s: string): { ip: string; port: number } {
  const i = s.lastIndexOf(':');
  return { ip: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

/** Makes SipMessages with increasing ids and frame numbers. */
export class Wire {
  private id = 0;
  constructor(private readonly transport: Transport = 'UDP') {}

  /** A message sent from `src` to `dst` ("ip:port") at `t` seconds. */
  send(text: string, src: string, dst: string, t: number): SipMessage {
    const id = ++this.id;
    const sec = 1_700_000_000 + Math.floor(t);
    const nsec = Math.round((t - Math.floor(t)) * 1e9);
    const origin: MessageOrigin = {
      frame: id,
      tsSec: sec,
      tsNsec: nsec,
      src: endpoint(src),
      dst: endpoint(dst),
      transport: this.transport,
      frames: [{ frame: id, tsSec: sec, tsNsec: nsec, fileOffset: 0, recordLength: 0 }],
    };
    return toSipMessage(parseSip(Buffer.from(text, 'utf8')), id, origin, []);
  }
}

/** Capture time of `t` seconds into a test, as the trackers see it. */
export function at(t: number): number {
  return 1_700_000_000 + t;
}
