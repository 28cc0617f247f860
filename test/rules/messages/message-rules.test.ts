import { describe, expect, it } from 'vitest';
import type { SipMessage } from '../../../server/model/sip-message.js';
import type { Rule } from '../../../server/rules/rule.js';
import { MESSAGE_RULES } from '../../../server/rules/messages/index.js';
import { SDP, check, fromLines, invite, request, response, sipMessage } from './rule-kit.js';

interface Case {
  readonly rule: string;
  /** What the defect is, for the test name. */
  readonly what: string;
  readonly bad: () => SipMessage;
  readonly good: () => SipMessage;
  /** A word the summary must contain (the value at fault). */
  readonly names: string;
}

const CASES: readonly Case[] = [
  { rule: 'MSG-START-LINE', what: 'two SPs in the Request-Line', names: 'whitespace', bad: () => fromLines(invite({}, SDP, 'INVITE  sip:bob@biloxi.example.com SIP/2.0'), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'MSG-VERSION', what: 'SIP/3.0', names: 'SIP/3.0', bad: () => fromLines(invite({}, SDP, 'INVITE sip:bob@biloxi.example.com SIP/3.0'), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'MSG-CRLF', what: 'bare LF line ends', names: 'bare LF', bad: () => sipMessage(Buffer.from(`${request('OPTIONS').join('\n')}\n\n`)), good: () => fromLines(request('OPTIONS')) },
  { rule: 'HDR-NO-COLON', what: 'a header line without a colon', names: 'Bogus header', bad: () => fromLines([...request('OPTIONS'), 'Bogus header line']), good: () => fromLines(request('OPTIONS')) },
  { rule: 'HDR-MANDATORY-REQ', what: 'a request without Call-ID', names: 'Call-ID', bad: () => fromLines(request('OPTIONS', { 'Call-ID': null })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'HDR-MANDATORY-RESP', what: 'a response without Via', names: 'Via', bad: () => fromLines(response('200 OK', '1 INVITE', { Via: null })), good: () => fromLines(response('200 OK', '1 INVITE')) },
  { rule: 'MAXFWD-MISSING', what: 'a request without Max-Forwards', names: 'Max-Forwards', bad: () => fromLines(request('OPTIONS', { 'Max-Forwards': null })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'HDR-DUP-SINGLE', what: 'two CSeq headers', names: 'CSeq', bad: () => fromLines(request('OPTIONS', { 'CSeq#2': '3 OPTIONS' })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'CSEQ-METHOD', what: 'CSeq ACK on a BYE', names: 'CSeq method ACK differs from request method BYE', bad: () => fromLines(request('BYE', { CSeq: '2 ACK' })), good: () => fromLines(request('BYE')) },
  { rule: 'CSEQ-RANGE', what: 'CSeq 2^31', names: '2147483648', bad: () => fromLines(request('BYE', { CSeq: '2147483648 BYE' })), good: () => fromLines(request('BYE', { CSeq: '2147483647 BYE' })) },
  { rule: 'CL-MISMATCH', what: 'Content-Length above the body over UDP', names: '999', bad: () => fromLines(invite({ 'Content-Length': '999' }), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'CL-MISSING-STREAM', what: 'no Content-Length over TCP', names: 'TCP', bad: () => fromLines(request('OPTIONS', { 'Content-Length': null }), '', 'TCP'), good: () => fromLines(request('OPTIONS'), '', 'TCP') },
  { rule: 'CT-MISSING', what: 'a body without Content-Type', names: 'Content-Type', bad: () => fromLines(invite({ 'Content-Type': null }), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'MAXFWD-RANGE', what: 'Max-Forwards 256', names: '256', bad: () => fromLines(request('OPTIONS', { 'Max-Forwards': '256' })), good: () => fromLines(request('OPTIONS', { 'Max-Forwards': '255' })) },
  { rule: 'VIA-BRANCH-COOKIE', what: 'a branch without z9hG4bK', names: '390skdjuw', bad: () => fromLines(request('OPTIONS', { Via: 'SIP/2.0/UDP 192.0.2.1;branch=390skdjuw' })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'VIA-BRANCH-ID', what: 'a branch that is only the cookie', names: 'z9hG4bK', bad: () => fromLines(request('OPTIONS', { Via: 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK' })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'VIA-SENTBY-PORT', what: 'sent-by port 70000', names: 'pc33.atlanta.example.com', bad: () => fromLines(request('OPTIONS', { Via: 'SIP/2.0/UDP pc33.atlanta.example.com:70000;branch=z9hG4bK74bf9' })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'VIA-SYNTAX', what: 'empty Via elements', names: 'Via', bad: () => fromLines(request('OPTIONS', { Via: 'SIP/2.0/UDP 192.0.2.15;;,;,,' })), good: () => fromLines(request('OPTIONS')) },
  { rule: 'STATUS-RANGE', what: 'status 700', names: '700', bad: () => fromLines(response('200 OK', '1 INVITE').map((l, i) => (i === 0 ? 'SIP/2.0 700 Odd' : l))), good: () => fromLines(response('699 Fine', '1 INVITE')) },
  { rule: 'URI-SYNTAX', what: 'a Request-URI in <>', names: '<sip:bob@192.0.2.4>', bad: () => fromLines(request('OPTIONS').map((l, i) => (i === 0 ? 'OPTIONS <sip:bob@192.0.2.4> SIP/2.0' : l))), good: () => fromLines(request('OPTIONS')) },
  { rule: 'NAMEADDR-ANGLE', what: 'a bare Contact URI with ?headers', names: 'sip:alice@a.example.com?Route=x', bad: () => fromLines(invite({ Contact: 'sip:alice@a.example.com?Route=x' }), SDP), good: () => fromLines(invite({ Contact: '<sip:alice@a.example.com?Route=x>' }), SDP) },
  { rule: 'NAMEADDR-SYNTAX', what: 'an unterminated display-name quote', names: 'To', bad: () => fromLines(invite({ To: '"Bob <sip:bob@biloxi.example.com>' }), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'FROM-TAG', what: 'a From without tag', names: 'sip:alice@atlanta.example.com', bad: () => fromLines(invite({ From: '<sip:alice@atlanta.example.com>' }), SDP), good: () => fromLines(invite(), SDP) },
  { rule: 'TO-TAG-RESP', what: 'a 200 without To tag', names: '200', bad: () => fromLines(response('200 OK', '1 INVITE', { To: '<sip:bob@biloxi.example.com>' })), good: () => fromLines(response('100 Trying', '1 INVITE', { To: '<sip:bob@biloxi.example.com>' })) },
  { rule: 'CONTACT-REQUIRED', what: 'a 200 to INVITE without Contact', names: '200 response to INVITE', bad: () => fromLines(response('200 OK', '1 INVITE', { Contact: null })), good: () => fromLines(response('200 OK', '1 BYE', { Contact: null })) },
  { rule: 'RESP-REQ-HDR', what: 'a 401 without WWW-Authenticate', names: 'WWW-Authenticate', bad: () => fromLines(response('401 Unauthorized', '1 REGISTER')), good: () => fromLines(response('401 Unauthorized', '1 REGISTER', { 'WWW-Authenticate': 'Digest realm="a", nonce="b"' })) },
  { rule: 'UDP-TOO-BIG', what: 'a 1400-byte request over UDP', names: 'UDP', bad: () => fromLines(request('OPTIONS', { 'X-Pad': 'x'.repeat(1400) })), good: () => fromLines(request('OPTIONS', { 'X-Pad': 'x'.repeat(1400) }), '', 'TCP') },
  { rule: 'SDP-SYNTAX', what: 'an SDP without t= and c=', names: 'c=', bad: () => { const b = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nm=audio 49170 RTP/AVP 0\r\n'; return fromLines(invite({}, b), b); }, good: () => fromLines(invite(), SDP) },
  { rule: 'SUB-EVENT', what: 'a NOTIFY without Subscription-State', names: 'Subscription-State', bad: () => fromLines(request('NOTIFY', { Event: 'dialog' })), good: () => fromLines(request('NOTIFY', { Event: 'dialog', 'Subscription-State': 'active;expires=60' })) },
  { rule: 'REFER-TO-COUNT', what: 'a REFER with two Refer-To', names: '2 Refer-To', bad: () => fromLines(request('REFER', { 'Refer-To': '<sip:carol@c.example>', 'Refer-To#2': '<sip:dave@d.example>' })), good: () => fromLines(request('REFER', { 'Refer-To': '<sip:carol@c.example>' })) },
  { rule: 'PAI-COUNT', what: 'two sip P-Asserted-Identity values', names: 'sip/sips', bad: () => fromLines(request('INVITE', { 'P-Asserted-Identity': '<sip:a@a.example>, <sip:b@a.example>' })), good: () => fromLines(request('INVITE', { 'P-Asserted-Identity': '<sip:a@a.example>, <tel:+15551234567>' })) },
  { rule: 'DATE-SYNTAX', what: 'a Date in EST', names: 'EST', bad: () => fromLines(request('OPTIONS', { Date: 'Fri, 01 Jan 2010 16:00:00 EST' })), good: () => fromLines(request('OPTIONS', { Date: 'Fri, 01 Jan 2010 16:00:00 GMT' })) },
];

function rule(id: string): Rule {
  const r = MESSAGE_RULES.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no rule ${id}`);
  return r;
}

describe('message-scope rules', () => {
  it('has a trigger/counterpart case for every rule, and every rule is documented', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(MESSAGE_RULES.map((r) => r.id).sort());
    for (const r of MESSAGE_RULES) {
      expect(r.scope).toBe('message');
      expect(r.rfc.length).toBeGreaterThan(0);
      expect(r.triggers.length).toBeGreaterThan(10);
      expect(r.example.length).toBeGreaterThan(5);
    }
  });

  for (const c of CASES) {
    it(`flags ${c.what} with ${c.rule}, naming the value`, () => {
      const msg = c.bad();
      const found = check(rule(c.rule), msg);
      expect(found.length, JSON.stringify(found)).toBeGreaterThan(0);
      expect(found.map((f) => f.summary).join(' | ')).toContain(c.names);
      for (const f of found) {
        if (f.span === undefined) continue;
        expect(f.span.start).toBeGreaterThanOrEqual(0);
        expect(f.span.end).toBeLessThanOrEqual(msg.raw.length);
        expect(f.span.end).toBeGreaterThanOrEqual(f.span.start);
      }
    });
    it(`does not flag the correct counterpart with ${c.rule}`, () => {
      expect(check(rule(c.rule), c.good())).toEqual([]);
    });
  }

  it('points CSEQ-METHOD at the CSeq value in the raw bytes', () => {
    const msg = fromLines(request('BYE', { CSeq: '2 ACK' }));
    const [f] = check(rule('CSEQ-METHOD'), msg);
    expect(f.span && msg.raw.toString('latin1', f.span.start, f.span.end)).toBe('2 ACK');
  });
});
