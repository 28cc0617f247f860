/**
 * The Correlator end to end on real message bytes (issue #3 "Calls", "linked legs",
 * "bounded", "stream"): grouping by Call-ID, states as messages arrive, links with reasons,
 * no false links, eviction.
 */
import { describe, expect, it } from 'vitest';
import type { Call, CallState } from '../../server/model/correlation.js';
import type { SipMessage } from '../../server/model/sip-message.js';
import { Correlator } from '../../server/correlate/correlator.js';
import { inviteCall, sdpBody, simpleRequest, simpleResponse } from './call-fixtures.js';

const A = '192.0.2.10:5060';
const S = '203.0.113.5:5060';
const B = '198.51.100.20:5060';

function run(msgs: SipMessage[], opts: ConstructorParameters<typeof Correlator>[1] = {}) {
  const last = new Map<number, Call>();
  const states: CallState[] = [];
  let emits = 0;
  const c = new Correlator({ call: (call) => { emits++; last.set(call.id, call); } }, opts);
  for (const m of msgs) {
    const before = emits;
    c.push(m);
    expect(emits - before, 'at most one emission per call per message').toBeLessThanOrEqual(2);
    const first = last.get(1);
    if (first !== undefined && states[states.length - 1] !== first.state) states.push(first.state);
  }
  c.finish();
  return { c, calls: [...last.values()], states };
}

/** Two legs of a B2BUA: A → S (leg 1), S → B (leg 2), each with its own Call-ID. */
function twoLegs(extra1: string[], extra2: string[], sdp1?: string, sdp2?: string) {
  const l1 = inviteCall({ callId: 'leg1@s', caller: A, callee: S, extra: extra1 });
  const l2 = inviteCall({ callId: 'leg2@s', caller: S, callee: B, extra: extra2, fromTag: 'f2', toTag: 't2' });
  return [l1.invite(1, sdp1), l2.invite(1.01, sdp2), l2.response(2, '200 OK'), l1.response(2.01, '200 OK'), l1.ack(2.1), l2.ack(2.11)];
}

describe('Correlator', () => {
  it('streams a basic call through CALL SETUP → RINGING → IN CALL → COMPLETED and labels every message', () => {
    const c = inviteCall({ callId: 'basic@a', caller: A, callee: B });
    const msgs = [c.invite(10), c.response(10.1, '100 Trying'), c.response(11, '180 Ringing'), c.response(13, '200 OK'), c.ack(13.05), c.byeFromCaller(43), c.byeOk(43.01)];
    const { calls, states, c: corr } = run(msgs);
    expect(states).toEqual(['CALL SETUP', 'RINGING', 'IN CALL', 'COMPLETED']);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call.callIds).toEqual(['basic@a']);
    expect(call.messages).toEqual(msgs.map((m) => m.id));
    expect(call.metrics.pddSec).toBe(1);
    expect(call.metrics.setupSec).toBe(3);
    expect(call.metrics.durationSec).toBe(30);
    expect(call.metrics.hungUpBy).toBe('caller');
    expect(call.transactions.length).toBeGreaterThanOrEqual(2);
    expect(call.dialogs.length).toBeGreaterThanOrEqual(1);
    expect(corr.stats.calls).toBe(1);
  });

  it('returns labels naming the call, transaction and role', () => {
    const c = inviteCall({ callId: 'labels@a', caller: A, callee: B });
    const corr = new Correlator({ call: () => {} });
    const l1 = corr.push(c.invite(1));
    const l2 = corr.push(c.invite(1.5));
    expect(l1.call).toBe(1);
    expect(l1.role).toBe('request');
    expect(l2.role).toBe('retransmission');
    expect(l2.transaction).toBe(l1.transaction);
  });

  it('fails an INVITE with no response at the end of the capture', () => {
    const c = inviteCall({ callId: 'lost@a', caller: A, callee: B });
    expect(run([c.invite(1)]).calls[0].state).toBe('FAILED');
  });

  it('fails an unanswered INVITE after Timer B when evicting on capture time', () => {
    const c = inviteCall({ callId: 'timerb@a', caller: A, callee: B });
    const seen: CallState[] = [];
    const corr = new Correlator({ call: (x) => seen.push(x.state) });
    corr.push(c.invite(1));
    corr.evict(20);
    expect(seen[seen.length - 1]).toBe('CALL SETUP');
    corr.evict(40);
    expect(seen[seen.length - 1]).toBe('FAILED');
  });

  it('keeps REGISTER 401 then 200 as one REGISTERED call', () => {
    const { calls } = run([
      simpleRequest('REGISTER', 'reg@a', 1, 'r1', 1),
      simpleResponse('REGISTER', 'reg@a', 1, 'r1', '401 Unauthorized', 1.01),
      simpleRequest('REGISTER', 'reg@a', 2, 'r2', 1.1),
      simpleResponse('REGISTER', 'reg@a', 2, 'r2', '200 OK', 1.2),
    ]);
    expect(calls.map((c) => [c.kind, c.state])).toEqual([['register', 'REGISTERED']]);
  });

  it('lists OPTIONS as its own kind, ANSWERED', () => {
    const { calls } = run([simpleRequest('OPTIONS', 'opt@a', 1, 'o1', 1), simpleResponse('OPTIONS', 'opt@a', 1, 'o1', '200 OK', 1.01)]);
    expect(calls.map((c) => [c.kind, c.state])).toEqual([['options', 'ANSWERED']]);
  });

  it('links two legs named by X-CID, symmetric, with the reason', () => {
    const { calls, c } = run(twoLegs([], ['X-CID: leg1@s']));
    expect(calls.map((x) => x.links)).toEqual([[{ to: 2, reason: 'X-CID' }], [{ to: 1, reason: 'X-CID' }]]);
    expect(c.stats.links).toBe(1);
  });

  it('links a leg that names a Call-ID seen only later (pending key)', () => {
    const l1 = inviteCall({ callId: 'early@s', caller: A, callee: S, extra: ['X-Call-ID: later@s'] });
    const l2 = inviteCall({ callId: 'later@s', caller: S, callee: B, fromTag: 'f2' });
    const { calls } = run([l1.invite(1), l2.invite(2)]);
    expect(calls.find((x) => x.callIds[0] === 'later@s')?.links).toEqual([{ to: 1, reason: 'X-Call-ID' }]);
  });

  it('links by configured link headers only', () => {
    const { calls } = run(twoLegs([], ['X-Other: leg1@s']), { linkHeaders: ['X-Other'] });
    expect(calls[0].links).toEqual([{ to: 2, reason: 'X-Other' }]);
    expect(run(twoLegs([], ['X-Other: leg1@s'])).calls[0].links).toEqual([]);
  });

  it('links by Session-ID (RFC 7989) with the UUIDs in either order, ignoring the null UUID', () => {
    const u1 = 'ab30317f1a784dc48ff824d0d3715d86';
    const u2 = '47755a9de7794ba387653f2099600ef2';
    const { calls } = run(twoLegs([`Session-ID: ${u1};remote=${u2}`], [`Session-ID: ${u2.toUpperCase()};remote=${u1}`]));
    expect(calls[0].links).toEqual([{ to: 2, reason: 'Session-ID' }]);
    const nul = '00000000000000000000000000000000';
    const none = run(twoLegs([`Session-ID: ${u1};remote=${nul}`], [`Session-ID: ${u2};remote=${nul}`]));
    expect(none.calls[0].links).toEqual([]);
  });

  it('links by P-Charging-Vector icid-value (RFC 7315)', () => {
    const pcv = (ioi: string) => `P-Charging-Vector: icid-value="AyretyU0dm+6O2IrT5tAFrbHLso=";icid-generated-at=192.0.6.8;orig-ioi=${ioi}`;
    const { calls } = run(twoLegs([pcv('home1.net')], [pcv('home2.net')]));
    expect(calls[0].links).toEqual([{ to: 2, reason: 'P-Charging-Vector icid-value' }]);
  });

  it('links by Replaces (RFC 3891) and by a Refer-To with an embedded Replaces', () => {
    const { calls } = run(twoLegs([], ['Replaces: leg1@s;to-tag=tt1;from-tag=ft1']));
    expect(calls[0].links).toEqual([{ to: 2, reason: 'Replaces' }]);
    const l1 = inviteCall({ callId: 'xfer-target@a', caller: A, callee: B });
    const refer = inviteCall({ callId: 'xfer-refer@a', caller: A, callee: S, fromTag: 'r1' });
    const msgs = [l1.invite(1), refer.invite(2)];
    const referMsg = simpleRequest('REFER', 'xfer-refer@a', 3, 'rf1', 3, [
      'Refer-To: <sip:carol@example.com?Replaces=xfer-target%40a%3Bto-tag%3Dtt1%3Bfrom-tag%3Dft1>',
      'Referred-By: <sip:alice@example.com>',
    ]);
    const r = run([...msgs, referMsg]);
    expect(r.calls.find((x) => x.callIds[0] === 'xfer-target@a')?.links).toEqual([{ to: 2, reason: 'Refer-To' }]);
  });

  it('links the INVITE a REFER triggered by their Referred-By (RFC 3892)', () => {
    const referMsg = simpleRequest('REFER', 'transfer@a', 3, 'rf2', 1, ['Refer-To: <sip:carol@example.com>', 'Referred-By: <sip:alice@example.com>']);
    const triggered = inviteCall({ callId: 'triggered@b', caller: B, callee: S, extra: ['Referred-By: <sip:alice@example.com>'] });
    const { calls } = run([referMsg, triggered.invite(2)]);
    expect(calls[1].links).toEqual([{ to: 1, reason: 'Referred-By' }]);
  });

  it('links two legs that carry the same SDP media endpoint (a B2BUA not anchoring media)', () => {
    const { calls } = run(twoLegs([], [], sdpBody('192.0.2.10', 4000), sdpBody('192.0.2.10', 4000)));
    expect(calls[0].links).toEqual([{ to: 2, reason: 'SDP media 192.0.2.10:4000' }]);
  });

  it('makes no media link for port 0, 0.0.0.0, or the same address with another port', () => {
    expect(run(twoLegs([], [], sdpBody('192.0.2.10', 0), sdpBody('192.0.2.10', 0))).calls[0].links).toEqual([]);
    expect(run(twoLegs([], [], sdpBody('0.0.0.0', 4000), sdpBody('0.0.0.0', 4000))).calls[0].links).toEqual([]);
    expect(run(twoLegs([], [], sdpBody('192.0.2.10', 4000), sdpBody('192.0.2.10', 4002))).calls[0].links).toEqual([]);
  });

  it('makes no media link to a call that ended before (its ports may be reused)', () => {
    const l1 = inviteCall({ callId: 'old@a', caller: A, callee: B });
    const l2 = inviteCall({ callId: 'new@a', caller: A, callee: B, fromTag: 'n1' });
    const { calls } = run([l1.invite(1, sdpBody('192.0.2.10', 4000)), l1.response(2, '200 OK'), l1.ack(2.1), l1.byeFromCaller(5), l2.invite(6, sdpBody('192.0.2.10', 4000))]);
    expect(calls.flatMap((c) => c.links)).toEqual([]);
  });

  it('evicts finished calls after keepFinishedSec of capture time, and bounds the number of calls', () => {
    const corr = new Correlator({ call: () => {} }, { keepFinishedSec: 10 });
    for (let i = 0; i < 50; i++) {
      const c = inviteCall({ callId: `ev${i}@a`, caller: A, callee: B });
      for (const m of [c.invite(i), c.response(i + 0.1, '200 OK'), c.ack(i + 0.2), c.byeFromCaller(i + 0.5), c.byeOk(i + 0.6)]) corr.push(m);
      corr.evict(i + 1);
    }
    // Call i ends at i + 0.6 s; at 50 s those idle for more than 10 s (i ≤ 39) are gone.
    expect(corr.stats.evicted).toBe(40);
    const bounded = new Correlator({ call: () => {} }, { maxCalls: 5 });
    for (let i = 0; i < 20; i++) bounded.push(simpleRequest('OPTIONS', `b${i}`, 1, `b${i}`, i));
    expect(bounded.stats.calls).toBe(20);
    expect(bounded.stats.evicted).toBe(15);
  });

  it('a Call-ID that comes back soon after eviction continues its call; long after, it starts a new one', () => {
    const corr = new Correlator({ call: () => {} }, { keepFinishedSec: 5, maxCalls: 2 });
    corr.push(simpleRequest('OPTIONS', 'again', 1, 'a1', 1));
    corr.push(simpleResponse('OPTIONS', 'again', 1, 'a1', '200 OK', 1.1));
    corr.evict(100);
    expect(corr.stats.evicted).toBe(1);
    expect(corr.push(simpleRequest('OPTIONS', 'again', 2, 'a2', 101)).call).toBe(1);
    corr.push(simpleResponse('OPTIONS', 'again', 2, 'a2', '200 OK', 101.1));
    corr.evict(200);
    // Two more evicted calls push 'again' out of the recently-evicted set (bounded by maxCalls here).
    for (const [i, cid] of ['x1', 'x2'].entries()) {
      corr.push(simpleRequest('OPTIONS', cid, 1, cid, 300 + i));
      corr.push(simpleResponse('OPTIONS', cid, 1, cid, '200 OK', 300.1 + i));
      corr.evict(400 + i * 100);
    }
    expect(corr.push(simpleRequest('OPTIONS', 'again', 3, 'a3', 700)).call).toBe(4);
  });
});
