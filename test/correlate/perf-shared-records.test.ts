/** Lean records (issue #3 "Fast"): what a kept call holds is shared or made on demand, with the same values. */
import { describe, expect, it } from 'vitest';
import { TransactionTracker } from '../../server/correlate/transaction-tracker.js';
import { TransactionRecord } from '../../server/correlate/transaction-record.js';
import { requestText, responseText, Wire, type Params } from './transaction-test-messages.js';

const A = '10.0.0.1:5060';
const B = '10.0.0.2:5060';
const INVITE: Params = { method: 'INVITE', branch: 'z9hG4bK-inv1', cseq: 1, fromTag: 'ft1' };
const ACK: Params = { method: 'ACK', branch: 'z9hG4bK-ack1', cseq: 1, fromTag: 'ft1', toTag: 'tt1' };
const BYE: Params = { method: 'BYE', branch: 'z9hG4bK-bye1', cseq: 2, fromTag: 'ft1', toTag: 'tt1' };

describe('lean transaction records', () => {
  it('shares one Hop object between the transactions of one hop, and one Instant per message', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const inv = tr.push(w.send(requestText(INVITE), A, B, 0));
    const ok = tr.push(w.send(responseText(200, 'OK', INVITE, 'tt1'), B, A, 2));
    const ack = tr.push(w.send(requestText(ACK), A, B, 2.01));
    const bye = tr.push(w.send(requestText(BYE), B, A, 10));
    expect(ack?.transaction.hop).toBe(inv?.transaction.hop);
    // The BYE goes the other way: another hop, with the endpoints swapped.
    expect(bye?.transaction.hop).not.toBe(inv?.transaction.hop);
    expect(bye?.transaction.hop).toEqual({ client: { ip: '10.0.0.2', port: 5060 }, server: { ip: '10.0.0.1', port: 5060 }, transport: 'UDP' });
    const t = ok?.transaction;
    expect(t?.endedAt).toBe(t?.responses[0].at);
    expect(t?.endedAt).toEqual({ sec: t?.startedAt.sec === undefined ? NaN : t.startedAt.sec + 2, nsec: t?.startedAt.nsec });
  });

  it('still gives the whole key as text, and the same lists after compaction', () => {
    const w = new Wire();
    const tr = new TransactionTracker();
    const u = tr.push(w.send(requestText(INVITE), A, B, 0));
    tr.push(w.send(responseText(180, 'Ringing', INVITE, 'tt1'), B, A, 0.5));
    tr.push(w.send(responseText(200, 'OK', INVITE, 'tt1'), B, A, 1));
    const t = u?.transaction;
    expect(t?.key).toBe('z9hG4bK-inv1;a.example:5060;INVITE');
    expect(t).toBeInstanceOf(TransactionRecord);
    const before = t?.responses.map((r) => r.status);
    if (t instanceof TransactionRecord) t.compact();
    expect(t?.responses.map((r) => r.status)).toEqual(before);
    // A retransmitted 200 is still recognised after compaction (the To tags are kept while live).
    const again = tr.push(w.send(responseText(200, 'OK', INVITE, 'tt1'), B, A, 1.5));
    expect(again?.role).toBe('response-retransmission');
    expect(JSON.parse(JSON.stringify(t)).key).toBe('z9hG4bK-inv1;a.example:5060;INVITE');
  });
});
