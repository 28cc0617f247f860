import { describe, expect, it } from 'vitest';
import type { SipMessage } from '../../server/model/sip-message.js';
import { TransactionTracker, type TransactionUpdate } from '../../server/correlate/transaction-tracker.js';
import { at, requestText, responseText, Wire, type Params } from './transaction-test-messages.js';

const A = '10.0.0.1:5060';
const B = '10.0.0.2:5060';

function run(tracker: TransactionTracker, msgs: SipMessage[]): TransactionUpdate[] {
  return msgs.map((m) => {
    const u = tracker.push(m);
    if (u === undefined) throw new Error(`message ${m.id} not attributed`);
    return u;
  });
}

const INVITE: Params = { method: 'INVITE', branch: 'z9hG4bK-inv1', cseq: 1, fromTag: 'ft1' };

describe('TransactionTracker: a basic call', () => {
  it('follows INVITE calling → proceeding → terminated on 2xx, and ACK/BYE as their own transactions', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const ack: Params = { method: 'ACK', branch: 'z9hG4bK-ack1', cseq: 1, fromTag: 'ft1', toTag: 'tt1' };
    const bye: Params = { method: 'BYE', branch: 'z9hG4bK-bye1', cseq: 2, fromTag: 'ft1', toTag: 'tt1' };
    const u = run(tr, [
      w.send(requestText(INVITE), A, B, 0),
      w.send(responseText(100, 'Trying', INVITE, undefined), B, A, 0.01),
      w.send(responseText(180, 'Ringing', INVITE, 'tt1'), B, A, 0.5),
      w.send(responseText(200, 'OK', INVITE, 'tt1'), B, A, 2),
      w.send(requestText(ack), A, B, 2.01),
      w.send(requestText(bye), A, B, 10),
      w.send(responseText(200, 'OK', bye, undefined), B, A, 10.02),
    ]);
    expect(u.map((x) => x.role)).toEqual(['request', 'response', 'response', 'response', 'ack-2xx', 'request', 'response']);
    expect(u.map((x) => x.isNew)).toEqual([true, false, false, false, true, true, false]);
    const inv = u[0].transaction;
    expect(u.slice(1, 4).every((x) => x.transaction === inv)).toBe(true);
    expect(inv).toMatchObject({ method: 'INVITE', keyKind: 'rfc3261', state: 'terminated', finalStatus: 200, request: 1, cseq: 1 });
    expect(inv.responses.map((r) => [r.status, r.retransmission])).toEqual([[100, false], [180, false], [200, false]]);
    expect(inv.hop).toEqual({ client: { ip: '10.0.0.1', port: 5060 }, server: { ip: '10.0.0.2', port: 5060 }, transport: 'UDP' });
    expect(inv.anomalies).toEqual([]);
    expect(u[4].transaction).toMatchObject({ method: 'ACK', state: 'terminated', responses: [] });
    expect(u[5].transaction).toMatchObject({ method: 'BYE', state: 'completed', finalStatus: 200 });
    expect(tr.stats).toEqual({ transactions: 3, retransmissions: 0, evicted: 0, unmatchedResponses: 0 });
    expect(tr.get(inv.id)).toBe(inv);
  });

  it('records the observed state after each response of a non-INVITE: trying → proceeding → completed', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const opt: Params = { method: 'OPTIONS', branch: 'z9hG4bK-o', cseq: 7, fromTag: 'x' };
    const tx = tr.push(w.send(requestText(opt), A, B, 0))!.transaction;
    expect(tx.state).toBe('trying');
    tr.push(w.send(responseText(100, 'Trying', opt, undefined), B, A, 0.1));
    expect(tx.state).toBe('proceeding');
    tr.push(w.send(responseText(200, 'OK', opt, 'y'), B, A, 0.2));
    expect(tx.state).toBe('completed');
    tr.evict(at(0.2) + 32);
    expect(tx.state).toBe('terminated');
    expect(tr.get(tx.id)).toBeUndefined();
    expect(tr.stats.evicted).toBe(1);
  });
});

describe('TransactionTracker: retransmissions', () => {
  it('marks a retransmitted INVITE (intervals 0.5 s, 1.0 s) and never counts it as a new transaction', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const u = run(tr, [
      w.send(requestText(INVITE), A, B, 0),
      w.send(requestText(INVITE), A, B, 0.5),
      w.send(requestText(INVITE), A, B, 1.5),
    ]);
    expect(u.map((x) => x.role)).toEqual(['request', 'retransmission', 'retransmission']);
    const tx = u[0].transaction;
    expect(u[2].transaction).toBe(tx);
    expect(tx.requestRetransmissions).toEqual([2, 3]);
    expect(tx.retransmissionIntervals).toEqual([0.5, 1.0]);
    expect(tr.stats).toMatchObject({ transactions: 1, retransmissions: 2 });
  });

  it('marks a 2xx retransmitted by the UAS (§13.3.1.4) and the ACK repeated for it', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const ack: Params = { method: 'ACK', branch: 'z9hG4bK-ack', cseq: 1, fromTag: 'ft1', toTag: 'tt' };
    const u = run(tr, [
      w.send(requestText(INVITE), A, B, 0),
      w.send(responseText(200, 'OK', INVITE, 'tt'), B, A, 1),
      w.send(requestText(ack), A, B, 1.01),
      w.send(responseText(200, 'OK', INVITE, 'tt'), B, A, 1.5),
      w.send(requestText(ack), A, B, 1.51),
    ]);
    expect(u.map((x) => x.role)).toEqual(['request', 'response', 'ack-2xx', 'response-retransmission', 'ack-2xx']);
    expect(u[1].transaction.responses.map((r) => r.retransmission)).toEqual([false, true]);
    expect(u[4].isNew).toBe(false);
    expect(u[4].transaction).toBe(u[2].transaction);
    expect(u[2].transaction.requestRetransmissions).toEqual([5]);
    expect(u[2].transaction.retransmissionIntervals).toEqual([0.5]);
    expect(u[1].transaction.state).toBe('terminated');
    expect(tr.stats).toMatchObject({ transactions: 2, retransmissions: 2 });
  });

  it('tells two reliable 183s with the same To tag apart by RSeq (RFC 3262)', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    tr.push(w.send(requestText(INVITE), A, B, 0));
    const a = tr.push(w.send(responseText(183, 'Progress', INVITE, 't', ['RSeq: 1']), B, A, 0.1))!;
    const b = tr.push(w.send(responseText(183, 'Progress', INVITE, 't', ['RSeq: 2']), B, A, 0.2))!;
    const c = tr.push(w.send(responseText(183, 'Progress', INVITE, 't', ['RSeq: 2']), B, A, 0.7))!;
    expect([a.role, b.role, c.role]).toEqual(['response', 'response', 'response-retransmission']);
  });
});

describe('TransactionTracker: INVITE failures and CANCEL', () => {
  it('puts the ACK of a 486 in the INVITE transaction: completed → confirmed', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const ack: Params = { ...INVITE, method: 'ACK', toTag: 'busy' };
    const u = run(tr, [
      w.send(requestText(INVITE), A, B, 0),
      w.send(responseText(486, 'Busy Here', INVITE, 'busy'), B, A, 1),
    ]);
    const tx = u[0].transaction;
    expect(tx.state).toBe('completed');
    const a = tr.push(w.send(requestText(ack), A, B, 1.01))!;
    expect(a).toMatchObject({ role: 'ack-non2xx', isNew: false });
    expect(a.transaction).toBe(tx);
    expect(tx).toMatchObject({ state: 'confirmed', finalStatus: 486, ack: 3 });
    // The 486 retransmitted (the ACK was lost) and ACKed again.
    expect(tr.push(w.send(responseText(486, 'Busy Here', INVITE, 'busy'), B, A, 1.5))!.role).toBe('response-retransmission');
    expect(tr.push(w.send(requestText(ack), A, B, 1.51))!.role).toBe('ack-non2xx');
    expect(tx.ack).toBe(3);
    expect(tr.stats).toMatchObject({ transactions: 1, retransmissions: 2 });
    tr.evict(at(1.51) + 32);
    expect(tx.state).toBe('terminated');
  });

  it('links a CANCEL before answer to its INVITE both ways (§9.1): CANCEL/200, 487, ACK', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const cancel: Params = { ...INVITE, method: 'CANCEL' };
    const ack: Params = { ...INVITE, method: 'ACK', toTag: 'c' };
    const u = run(tr, [
      w.send(requestText(INVITE), A, B, 0),
      w.send(responseText(180, 'Ringing', INVITE, 'c'), B, A, 0.2),
      w.send(requestText(cancel), A, B, 3),
      w.send(responseText(200, 'OK', cancel, 'c'), B, A, 3.01),
      w.send(responseText(487, 'Request Terminated', INVITE, 'c'), B, A, 3.02),
      w.send(requestText(ack), A, B, 3.03),
    ]);
    expect(u.map((x) => x.role)).toEqual(['request', 'response', 'cancel', 'response', 'response', 'ack-non2xx']);
    const inv = u[0].transaction;
    const can = u[2].transaction;
    expect(can).not.toBe(inv);
    expect(can).toMatchObject({ method: 'CANCEL', cancels: inv.id, state: 'completed', finalStatus: 200 });
    expect(inv).toMatchObject({ cancelledBy: can.id, state: 'confirmed', finalStatus: 487 });
    expect(u[3].transaction).toBe(can);
    expect(u[4].transaction).toBe(inv);
  });
});

describe('TransactionTracker: hops, RFC 2543 and anomalies', () => {
  it('keeps the same INVITE seen on two hops as two transactions linked both ways', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const first = tr.push(w.send(requestText(INVITE), A, B, 0))!;
    // The same bytes at a second capture point behind a NAT: other addresses.
    const second = tr.push(w.send(requestText(INVITE), '192.0.2.1:5070', '198.51.100.2:5060', 0.001))!;
    expect(first.isNew && second.isNew).toBe(true);
    expect(first.transaction.sameOnOtherHops).toEqual([second.transaction.id]);
    expect(second.transaction.sameOnOtherHops).toEqual([first.transaction.id]);
    // Each hop's responses go to its own transaction.
    const r2 = tr.push(w.send(responseText(200, 'OK', INVITE, 'x'), '198.51.100.2:5060', '192.0.2.1:5070', 1))!;
    expect(r2.transaction).toBe(second.transaction);
    expect(first.transaction.responses).toEqual([]);
    expect(tr.stats.retransmissions).toBe(0);
  });

  it('matches an RFC 2543 peer without the magic cookie by Call-ID, tags, CSeq and Via (§17.2.3)', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const inv: Params = { method: 'INVITE', branch: '', cseq: 5, fromTag: 'old' };
    const ack: Params = { ...inv, method: 'ACK', toTag: 'r' };
    const u = run(tr, [
      w.send(requestText(inv), A, B, 0),
      w.send(requestText(inv), A, B, 0.5),
      w.send(responseText(404, 'Not Found', inv, 'r'), B, A, 0.6),
      w.send(requestText(ack), A, B, 0.61),
      // Another INVITE of the same call with a new CSeq is another transaction.
      w.send(requestText({ ...inv, cseq: 6 }), A, B, 5),
    ]);
    expect(u.map((x) => x.role)).toEqual(['request', 'retransmission', 'response', 'ack-non2xx', 'request']);
    expect(u[0].transaction).toMatchObject({ keyKind: 'rfc2543', state: 'confirmed', finalStatus: 404 });
    expect(u[4].transaction).not.toBe(u[0].transaction);
    expect(tr.stats.transactions).toBe(2);
  });

  it('makes a transaction of a lone 200 whose request was not captured, and says so', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const reg: Params = { method: 'REGISTER', branch: 'z9hG4bK-lost', cseq: 3, fromTag: 'r' };
    const u = tr.push(w.send(responseText(200, 'OK', reg, 'q'), B, A, 0))!;
    expect(u).toMatchObject({ isNew: true, role: 'response' });
    expect(u.transaction).toMatchObject({ method: 'REGISTER', request: 1, state: 'completed', finalStatus: 200 });
    expect(u.transaction.hop.client).toEqual({ ip: '10.0.0.1', port: 5060 });
    expect(u.transaction.anomalies).toHaveLength(1);
    expect(u.transaction.anomalies[0]).toContain('request not captured');
    expect(tr.stats.unmatchedResponses).toBe(1);
  });

  it('records a 1xx after a final and a second different final as anomalies, without throwing', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const tx = tr.push(w.send(requestText(INVITE), A, B, 0))!.transaction;
    tr.push(w.send(responseText(486, 'Busy Here', INVITE, 'b'), B, A, 1));
    tr.push(w.send(responseText(180, 'Ringing', INVITE, 'b'), B, A, 1.1));
    tr.push(w.send(responseText(603, 'Decline', INVITE, 'b'), B, A, 1.2));
    expect(tx.state).toBe('completed');
    expect(tx.finalStatus).toBe(486);
    expect(tx.anomalies).toEqual([
      'provisional 180 (frame 3) after final 486',
      'second final response 603 (frame 4) after final 486',
    ]);
  });

  it('returns undefined for a message without CSeq or Via, and for one without a start line', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    expect(tr.push(w.send('OPTIONS sip:x SIP/2.0\r\nCall-ID: c\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n\r\n', A, B, 0))).toBeUndefined();
    expect(tr.push(w.send('OPTIONS sip:x SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n', A, B, 0))).toBeUndefined();
    expect(tr.push(w.send('garbage\r\nCSeq: 1 OPTIONS\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\n\r\n', A, B, 0))).toBeUndefined();
  });

  it('keeps REGISTER / 401 / REGISTER / 200 as two transactions', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const r1: Params = { method: 'REGISTER', branch: 'z9hG4bK-r1', cseq: 1, fromTag: 'reg' };
    const r2: Params = { ...r1, branch: 'z9hG4bK-r2', cseq: 2, extra: ['Authorization: Digest username="a"'] };
    const u = run(tr, [
      w.send(requestText(r1), A, B, 0),
      w.send(responseText(401, 'Unauthorized', r1, 's'), B, A, 0.1),
      w.send(requestText(r2), A, B, 0.2),
      w.send(responseText(200, 'OK', r2, 's'), B, A, 0.3),
    ]);
    expect(u[0].transaction).toMatchObject({ finalStatus: 401, state: 'completed' });
    expect(u[2].transaction).toMatchObject({ finalStatus: 200, state: 'completed' });
    expect(tr.stats.transactions).toBe(2);
  });

  it('forgets the oldest transactions past maxTransactions, counting them', () => {
    const w = new Wire();
    const tr = new TransactionTracker({ maxTransactions: 2 });
    const ids = [1, 2, 3].map((n) => tr.push(w.send(requestText({ ...INVITE, branch: `z9hG4bK-${n}`, cseq: n }), A, B, n))!.transaction.id);
    expect(tr.get(ids[0])).toBeUndefined();
    expect(tr.get(ids[2])).toBeDefined();
    expect(tr.stats.evicted).toBe(1);
  });
});
