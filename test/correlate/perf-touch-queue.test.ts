/**
 * The Correlator's lazy last-message order (a touch queue instead of reordering a Map per
 * message) must evict exactly as the ordered Map did: by each call's *last* message.
 */
import { describe, expect, it } from 'vitest';
import { Correlator } from '../../server/correlate/correlator.js';
import { inviteCall } from './call-fixtures.js';

const A = '192.0.2.10:5060';
const B = '198.51.100.20:5060';

describe('Correlator touch queue', () => {
  it('keeps a finished call that had a later message, and evicts the idle one before it', () => {
    const corr = new Correlator({ call: () => {} }, { keepFinishedSec: 10 });
    const a = inviteCall({ callId: 'qa@a', caller: A, callee: B });
    const b = inviteCall({ callId: 'qb@a', caller: A, callee: B, fromTag: 'f2', toTag: 't2' });
    for (const m of [a.invite(1), b.invite(1.1), a.response(1.2, '200 OK'), b.response(1.3, '200 OK'), a.ack(1.4), b.ack(1.5)]) corr.push(m);
    corr.push(a.byeFromCaller(2));
    corr.push(b.byeFromCaller(2.1));
    corr.push(b.byeOk(2.2));
    // Call a's BYE is answered (and so touched) well after b's last message.
    corr.push(a.byeOk(9));
    corr.evict(15);
    expect(corr.stats.evicted).toBe(1);
    const labels = corr.push(b.byeOk(15.5));
    // b came back after eviction: continued from the recently-evicted set, same call id.
    expect(labels.call).toBe(2);
    // At 22 s a (last message at 9 s) is idle 13 s and goes; b (15.5 s) stays; at 30 s b goes too.
    corr.evict(22);
    expect(corr.stats.evicted).toBe(2);
    corr.evict(30);
    expect(corr.stats.evicted).toBe(3);
  });

  it('stays correct when evict() never runs (the queue compacts itself)', () => {
    const corr = new Correlator({ call: () => {} }, { maxCalls: 3 });
    const calls = [0, 1, 2].map((i) => inviteCall({ callId: `n${i}@a`, caller: A, callee: B, fromTag: `f${i}`, toTag: `t${i}` }));
    for (let r = 0; r < 3000; r++) for (const c of calls) corr.push(c.invite(r));
    expect(corr.stats.calls).toBe(3);
    expect(corr.stats.evicted).toBe(0);
    // A fourth call pushes out the one whose last message is oldest: n0.
    const d = inviteCall({ callId: 'n3@a', caller: A, callee: B });
    corr.push(d.invite(4000));
    expect(corr.stats.evicted).toBe(1);
    expect(corr.push(calls[1].invite(4001)).call).toBe(2);
    expect(corr.push(calls[2].invite(4002)).call).toBe(3);
  });
});
