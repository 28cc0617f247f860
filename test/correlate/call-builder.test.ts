/**
 * Call state (sngrep-like) and metrics from the messages of one Call-ID, in capture order
 * (issue #3 "Call state", "Metrics"): the CallBuilder alone, without the trackers.
 */
import { describe, expect, it } from 'vitest';
import type { SipMessage } from '../../server/model/sip-message.js';
import { CallBuilder } from '../../server/correlate/call-builder.js';
import { inviteCall, sdpBody, simpleRequest, simpleResponse, sipAt } from './call-fixtures.js';

const A = '192.0.2.10:5060';
const B = '198.51.100.20:5060';

function build(msgs: SipMessage[]): { b: CallBuilder; states: string[] } {
  const b = new CallBuilder(1, msgs[0].callId ?? '', msgs[0]);
  const states: string[] = [];
  for (const m of msgs) {
    b.add(m, false);
    if (states[states.length - 1] !== b.call.state) states.push(b.call.state);
  }
  return { b, states };
}

describe('call state and metrics', () => {
  it('goes CALL SETUP → RINGING → IN CALL → COMPLETED with exact PDD, setup, ring, duration and the hang-up side', () => {
    const c = inviteCall({ callId: 'basic@a', caller: A, callee: B });
    const { b, states } = build([
      c.invite(100.25, sdpBody('192.0.2.10', 4000)),
      c.response(100.3, '100 Trying'),
      c.response(101.75, '180 Ringing'),
      c.response(104.0, '200 OK', { sdp: sdpBody('198.51.100.20', 5000) }),
      c.ack(104.125),
      c.byeFromCallee(134.5),
      c.byeOk(134.6, true),
    ]);
    expect(states).toEqual(['CALL SETUP', 'RINGING', 'IN CALL', 'COMPLETED']);
    const m = b.call.metrics;
    expect(m.pddSec).toBe(1.5);
    expect(m.setupSec).toBe(3.75);
    expect(m.ringSec).toBe(2.25);
    expect(m.answerToAckSec).toBe(0.125);
    expect(m.durationSec).toBe(30.5);
    expect(m.hungUpBy).toBe('callee');
    expect(m.finalStatus).toBe(200);
    expect(m.start).toEqual({ sec: 100, nsec: 250_000_000 });
    expect(m.hopPath).toEqual([A, B]);
    expect(b.call.from).toBe('"Alice" <sip:alice@example.com>');
    expect(b.call.to).toBe('<sip:bob@example.com>');
    expect(b.call.kind).toBe('call');
    expect(b.call.messages).toHaveLength(7);
    expect(m.media.map((d) => [d.role, d.address, d.port, d.codecs.join(' ')])).toEqual([
      ['offer', '192.0.2.10', 4000, 'PCMU/8000 telephone-event/8000'],
      ['answer', '198.51.100.20', 5000, 'PCMU/8000 telephone-event/8000'],
    ]);
  });

  it('says the caller hung up when the BYE carries the From tag of the initial INVITE, and keeps its Reason', () => {
    const c = inviteCall({ callId: 'caller-bye@a', caller: A, callee: B });
    const { b } = build([c.invite(1), c.response(2, '200 OK'), c.ack(2.1), c.byeFromCaller(12, ['Reason: Q.850;cause=16;text="Normal call clearing"'])]);
    expect(b.call.metrics.hungUpBy).toBe('caller');
    expect(b.call.metrics.durationSec).toBe(10);
    expect(b.call.metrics.reason).toBe('Q.850;cause=16;text="Normal call clearing"');
  });

  it('486 → BUSY, 600 → BUSY', () => {
    for (const status of ['486 Busy Here', '600 Busy Everywhere']) {
      const c = inviteCall({ callId: `busy-${status}`, caller: A, callee: B });
      const { b, states } = build([c.invite(1), c.response(1.5, '180 Ringing'), c.response(3, status), c.ack(3.01, { non2xx: true })]);
      expect(states).toEqual(['CALL SETUP', 'RINGING', 'BUSY']);
      expect(b.call.stateCode).toBe(Number(status.slice(0, 3)));
      expect(b.call.metrics.ringSec).toBe(1.5);
    }
  });

  it('CANCEL then 487 → CANCELLED, with the CANCEL Reason', () => {
    const c = inviteCall({ callId: 'cancel@a', caller: A, callee: B });
    const { b, states } = build([
      c.invite(1),
      c.response(1.2, '180 Ringing'),
      c.cancel(5, ['Reason: SIP;cause=200;text="Call completed elsewhere"']),
      c.cancelOk(5.01),
      c.response(5.02, '487 Request Terminated'),
      c.ack(5.03, { non2xx: true }),
    ]);
    expect(states).toEqual(['CALL SETUP', 'RINGING', 'CANCELLED']);
    expect(b.call.metrics.reason).toBe('SIP;cause=200;text="Call completed elsewhere"');
    expect(b.call.metrics.finalStatus).toBe(487);
  });

  it('302 → DIVERTED, 404 → REJECTED 404, 408 → FAILED', () => {
    const cases: [string, string, number][] = [['302 Moved Temporarily', 'DIVERTED', 302], ['404 Not Found', 'REJECTED', 404], ['408 Request Timeout', 'FAILED', 408]];
    for (const [status, state, code] of cases) {
      const c = inviteCall({ callId: `x-${code}`, caller: A, callee: B });
      const { b } = build([c.invite(1), c.response(2, status), c.ack(2.01, { non2xx: true })]);
      expect(b.call.state).toBe(state);
      expect(b.call.stateCode).toBe(code);
    }
  });

  it('an INVITE with no final response is FAILED once nothing more can come', () => {
    const c = inviteCall({ callId: 'nofinal@a', caller: A, callee: B });
    const { b } = build([c.invite(1), c.response(1.1, '100 Trying')]);
    expect(b.call.state).toBe('CALL SETUP');
    expect(b.giveUp()).toBe(true);
    expect(b.call.state).toBe('FAILED');
  });

  it('an INVITE re-sent after 407 with CSeq + 1 continues the call; PDD counts from the new INVITE', () => {
    const c = inviteCall({ callId: 'auth@a', caller: A, callee: B });
    const { b, states } = build([
      c.invite(1),
      c.response(1.1, '407 Proxy Authentication Required'),
      c.ack(1.2, { non2xx: true }),
      c.invite(2, undefined, 2),
      c.response(3, '180 Ringing', { cseq: 2 }),
      c.response(4, '200 OK', { cseq: 2 }),
      c.ack(4.5, { cseq: 2 }),
    ]);
    expect(states).toEqual(['CALL SETUP', 'REJECTED', 'CALL SETUP', 'RINGING', 'IN CALL']);
    expect(b.call.metrics.pddSec).toBe(1);
    expect(b.call.metrics.setupSec).toBe(2);
    expect(b.call.metrics.answerToAckSec).toBe(0.5);
    expect(b.call.stateCode).toBeUndefined();
  });

  it('a re-INVITE and the ACK/BYE of the confirmed dialog do not reset the state', () => {
    const c = inviteCall({ callId: 'reinv@a', caller: A, callee: B });
    const reinvite = inviteCall({ callId: 'reinv@a', caller: A, callee: B, cseq: 5 });
    const b = new CallBuilder(1, 'reinv@a', c.invite(1));
    for (const m of [c.response(2, '200 OK'), c.ack(2.1)]) b.add(m, false);
    // in-dialog INVITE: To tag present (RFC 3261 §14.1)
    const r = reinvite.ack(3, { cseq: 5 });
    expect(b.call.state).toBe('IN CALL');
    b.add(r, false);
    b.add(reinvite.response(3.1, '491 Request Pending', { cseq: 5 }), false);
    expect(b.call.state).toBe('IN CALL');
  });

  it('a call whose capture starts with a response takes its kind from the CSeq method', () => {
    const c = inviteCall({ callId: 'late@a', caller: A, callee: B });
    const { b } = build([c.response(5, '200 OK'), c.ack(5.1), c.byeFromCaller(9)]);
    expect(b.call.kind).toBe('call');
    expect(b.call.state).toBe('COMPLETED');
    const r = build([simpleResponse('REGISTER', 'reg-late', 3, 'r3', '200 OK', 1)]).b;
    expect(r.call.kind).toBe('register');
    expect(r.call.state).toBe('REGISTERED');
  });

  it('REGISTER 401 then 200 → CHALLENGED then REGISTERED; no final → FAILED', () => {
    const { b, states } = build([
      simpleRequest('REGISTER', 'reg@a', 1, 'r1', 1),
      simpleResponse('REGISTER', 'reg@a', 1, 'r1', '401 Unauthorized', 1.01),
      simpleRequest('REGISTER', 'reg@a', 2, 'r2', 1.1, ['Authorization: Digest username="alice"']),
      simpleResponse('REGISTER', 'reg@a', 2, 'r2', '200 OK', 1.2),
    ]);
    expect(b.call.kind).toBe('register');
    expect(states).toEqual(['PENDING', 'CHALLENGED', 'REGISTERED']);
    const lone = build([simpleRequest('REGISTER', 'reg2@a', 1, 'q1', 1)]).b;
    lone.giveUp();
    expect(lone.call.state).toBe('FAILED');
  });

  it('OPTIONS 200 → ANSWERED; MESSAGE 403 → REJECTED 403; no final → PENDING', () => {
    const o = build([simpleRequest('OPTIONS', 'opt@a', 1, 'o1', 1), simpleResponse('OPTIONS', 'opt@a', 1, 'o1', '200 OK', 1.01)]).b;
    expect([o.call.kind, o.call.state]).toEqual(['options', 'ANSWERED']);
    const m = build([simpleRequest('MESSAGE', 'msg@a', 1, 'm1', 1), simpleResponse('MESSAGE', 'msg@a', 1, 'm1', '403 Forbidden', 1.01)]).b;
    expect([m.call.kind, m.call.state, m.call.stateCode]).toEqual(['message', 'REJECTED', 403]);
    const p = build([simpleRequest('SUBSCRIBE', 'sub@a', 1, 's1', 1)]).b;
    p.giveUp();
    expect([p.call.kind, p.call.state]).toEqual(['subscribe', 'PENDING']);
  });

  it('counts retransmissions and ignores them for state and metrics', () => {
    const c = inviteCall({ callId: 'rtx@a', caller: A, callee: B });
    const b = new CallBuilder(1, 'rtx@a', c.invite(1));
    b.add(c.invite(1), false);
    b.add(c.invite(1.5), true);
    b.add(c.response(2, '180 Ringing'), false);
    b.add(c.response(2.5, '180 Ringing'), true);
    expect(b.call.metrics.retransmissions).toBe(2);
    expect(b.call.metrics.pddSec).toBe(1);
  });

  it('builds the hop path from the same INVITE seen on two hops through a proxy', () => {
    const P = '203.0.113.5:5060';
    const b = new CallBuilder(1, 'hops@a', inviteCall({ callId: 'hops@a', caller: A, callee: P }).invite(1));
    b.add(inviteCall({ callId: 'hops@a', caller: A, callee: P }).invite(1), false);
    b.add(forwardedInvite(P, A, B, 1.01), false);
    expect(b.call.metrics.hopPath).toEqual([A, P, B]);
  });

  it('reads the hops before the capture point from the Via list (received/rport as the next hop saw them)', () => {
    const P = '203.0.113.5:5060';
    const msg = forwardedInvite(P, A, B, 1);
    const b = new CallBuilder(1, 'fwd@a', msg);
    b.add(msg, false);
    expect(b.call.metrics.hopPath).toEqual(['192.0.2.99:6000', P, B]);
  });
});

/** The INVITE as a proxy at P forwards it to B: P's Via on top of the UA's (NATed: received/rport). */
function forwardedInvite(P: string, ua: string, to: string, t: number): SipMessage {
  return sipAt({ t, src: P, dst: to }, [
    `INVITE sip:bob@${to} SIP/2.0`,
    `Via: SIP/2.0/UDP ${P};branch=z9hG4bKproxy1`,
    `Via: SIP/2.0/UDP ${ua};branch=z9hG4bKinv1hopsa;received=192.0.2.99;rport=6000`,
    'Max-Forwards: 69',
    'From: "Alice" <sip:alice@example.com>;tag=ft1',
    'To: <sip:bob@example.com>',
    'Call-ID: hops@a',
    'CSeq: 1 INVITE',
  ]);
}
