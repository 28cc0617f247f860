import type { Transport } from '../../../server/model/packet.js';
import type { SipMessage } from '../../../server/model/sip-message.js';
import type { Severity } from '../../../server/model/violation.js';
import type { Finding, Rule } from '../../../server/rules/rule.js';
import { MESSAGE_RULES } from '../../../server/rules/messages/index.js';
import { parseSip } from '../../../server/sip/parse-sip.js';
import { toSipMessage } from '../../../server/sip/sip-message-record.js';

/** A SipMessage from raw bytes, as the session would make it for one datagram or stream message. */
export function sipMessage(raw: Buffer, transport: Transport = 'UDP', id = 1): SipMessage {
  return toSipMessage(
    parseSip(raw),
    id,
    {
      frame: id,
      tsSec: 0,
      tsNsec: 0,
      src: { ip: '192.0.2.1', port: 5060 },
      dst: { ip: '192.0.2.2', port: 5060 },
      transport,
      frames: [],
    },
    [],
  );
}

/** A message from lines of text joined by CRLF (the header section ends with an empty line). */
export function fromLines(lines: readonly string[], body = '', transport: Transport = 'UDP'): SipMessage {
  return sipMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1'), transport);
}

export interface RuleHit extends Finding {
  readonly rule: string;
  readonly severity: Severity;
}

/** Runs one rule over a message. */
export function check(rule: Rule, msg: SipMessage): Finding[] {
  const out: Finding[] = [];
  rule.checkMessage?.(msg, (f) => out.push(f));
  return out;
}

/** Runs every message rule over a message, tagging each finding with its rule id and severity. */
export function checkAll(msg: SipMessage, rules: readonly Rule[] = MESSAGE_RULES): RuleHit[] {
  const out: RuleHit[] = [];
  for (const r of rules) r.checkMessage?.(msg, (f) => out.push({ ...f, rule: r.id, severity: r.severity }));
  return out;
}

/** A well-formed INVITE with SDP; tests derive defective variants from it. */
export const SDP = ['v=0', 'o=alice 2890844526 2890844526 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 49170 RTP/AVP 0', ''].join('\r\n');

export function invite(overrides: Readonly<Record<string, string | null>> = {}, body = SDP, startLine = 'INVITE sip:bob@biloxi.example.com SIP/2.0'): string[] {
  const headers: [string, string][] = [
    ['Via', 'SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds'],
    ['Max-Forwards', '70'],
    ['To', 'Bob <sip:bob@biloxi.example.com>'],
    ['From', 'Alice <sip:alice@atlanta.example.com>;tag=1928301774'],
    ['Call-ID', 'a84b4c76e66710@pc33.atlanta.example.com'],
    ['CSeq', '314159 INVITE'],
    ['Contact', '<sip:alice@pc33.atlanta.example.com>'],
    ['Content-Type', 'application/sdp'],
    ['Content-Length', String(Buffer.byteLength(body, 'latin1'))],
  ];
  return withHeaders(startLine, headers, overrides);
}

export function response(status: string, cseq: string, overrides: Readonly<Record<string, string | null>> = {}): string[] {
  const headers: [string, string][] = [
    ['Via', 'SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;received=192.0.2.1'],
    ['To', 'Bob <sip:bob@biloxi.example.com>;tag=a6c85cf'],
    ['From', 'Alice <sip:alice@atlanta.example.com>;tag=1928301774'],
    ['Call-ID', 'a84b4c76e66710@pc33.atlanta.example.com'],
    ['CSeq', cseq],
    ['Contact', '<sip:bob@192.0.2.4>'],
    ['Content-Length', '0'],
  ];
  return withHeaders(`SIP/2.0 ${status}`, headers, overrides);
}

/** A request of any method, without body. */
export function request(method: string, overrides: Readonly<Record<string, string | null>> = {}): string[] {
  const headers: [string, string][] = [
    ['Via', 'SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK74bf9'],
    ['Max-Forwards', '70'],
    ['To', 'Bob <sip:bob@biloxi.example.com>;tag=a6c85cf'],
    ['From', 'Alice <sip:alice@atlanta.example.com>;tag=1928301774'],
    ['Call-ID', 'a84b4c76e66710@pc33.atlanta.example.com'],
    ['CSeq', `2 ${method}`],
    ['Content-Length', '0'],
  ];
  return withHeaders(`${method} sip:bob@192.0.2.4 SIP/2.0`, headers, overrides);
}

/** Replaces (value), removes (null) or appends (new name) headers; `Name#2` adds a second line. */
function withHeaders(startLine: string, headers: [string, string][], overrides: Readonly<Record<string, string | null>>): string[] {
  const out = headers.filter(([n]) => !(n in overrides) || overrides[n] !== null).map(([n, v]) => `${n}: ${n in overrides ? overrides[n] : v}`);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null || headers.some(([n]) => n === k)) continue;
    out.push(`${k.replace(/#\d+$/, '')}: ${v}`);
  }
  return [startLine, ...out];
}
