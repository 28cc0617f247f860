import { describe, expect, it } from 'vitest';
import { DialogTracker, type DialogUpdate } from '../../server/correlate/dialog-tracker.js';
import { TransactionTracker } from '../../server/correlate/transaction-tracker.js';
import type { Dialog } from '../../server/model/correlation.js';
import type { SipMessage } from '../../server/model/sip-message.js';
import { at, requestText, responseText, Wire, type Params } from './transaction-test-messages.js';

const A = '10.0.0.1:5060';
const B = '10.0.0.2:5060';

/** Both trackers, as the correlator chains them. */
class Flow {
  readonly tx = new TransactionTracker();
  readonly dlg = new DialogTracker();
  readonly wire = new Wire();
  send(text: string, src: string, dst: string, t: number): DialogUpdate | undefined {
    const m: SipMessage = this.wire.send(text, src, dst, t);
    return this.dlg.push(m, this.tx.push(m));
  }
}

const INVITE: Params = { method: 'INVITE', branch: 'z9hG4bK-i', cseq: 1, fromTag: 'caller' };

function snapshot(d: Dialog): Pick<Dialog, 'state' | 'endReason'> {
  return { state: d.state, endReason: d.endReason };
}

describe('DialogTracker: INVITE dialogs', () => {
  it('takes one dialog early (180) → confirmed (200) → terminated (BYE 200), binding in-dialog transactions', () => {
    const f = new Flow();
    const ack: Params = { method: 'ACK', branch: 'z9hG4bK-a', cseq: 1, fromTag: 'caller', toTag: 'callee' };
    const bye: Params = { method: 'BYE', branch: 'z9hG4bK-b', cseq: 1, fromTag: 'callee', toTag: 'caller', fromCallee: true, sentBy: 'b.example:5060' };
    expect(f.send(requestText(INVITE), A, B, 0)).toBeUndefined();
    expect(f.send(responseText(100, 'Trying', INVITE, undefined), B, A, 0.01)).toBeUndefined();
    const early = f.send(responseText(180, 'Ringing', INVITE, 'callee'), B, A, 0.5)!;
    expect(early.isNew).toBe(true);
    const d = early.dialog;
    expect(d).toMatchObject({ callId: 'call-1@a.example', fromTag: 'caller', toTag: 'callee', kind: 'invite', state: 'early', creatingTransaction: 1 });
    const ok = f.send(responseText(200, 'OK', INVITE, 'callee'), B, A, 2)!;
    expect(ok).toMatchObject({ isNew: false });
    expect(ok.dialog).toBe(d);
    expect(d.state).toBe('confirmed');
    expect(d.confirmedAt).toEqual({ sec: at(2), nsec: 0 });
    expect(f.send(requestText(ack), A, B, 2.01)!.dialog).toBe(d);
    // The callee hangs up: its BYE carries the tags swapped.
    expect(f.send(requestText(bye), B, A, 30)!.dialog).toBe(d);
    expect(snapshot(d)).toEqual({ state: 'terminated', endReason: 'BYE from callee (frame 6), no response captured' });
    f.send(responseText(200, 'OK', bye, 'caller'), A, B, 30.01);
    expect(snapshot(d)).toEqual({ state: 'terminated', endReason: 'BYE from callee (frame 6), answered 200 (frame 7)' });
    expect(d.endedAt).toEqual({ sec: at(30), nsec: 10_000_000 });
    expect(d.transactions).toEqual([2, 3]);
    expect(f.dlg.stats.dialogs).toBe(1);
  });

  it('ends the early dialog of a rejected INVITE (486) and of a cancelled one (487 after CANCEL)', () => {
    const f = new Flow();
    f.send(requestText(INVITE), A, B, 0);
    const d = f.send(responseText(180, 'Ringing', INVITE, 'x'), B, A, 0.5)!.dialog;
    f.send(responseText(486, 'Busy Here', INVITE, 'x'), B, A, 1);
    expect(snapshot(d)).toEqual({ state: 'terminated', endReason: '486 to INVITE (frame 3)' });

    const g = new Flow();
    const cancel: Params = { ...INVITE, method: 'CANCEL' };
    g.send(requestText(INVITE), A, B, 0);
    const e = g.send(responseText(180, 'Ringing', INVITE, 'y'), B, A, 0.5)!.dialog;
    g.send(requestText(cancel), A, B, 2);
    g.send(responseText(200, 'OK', cancel, 'y'), B, A, 2.01);
    expect(e.state).toBe('early');
    g.send(responseText(487, 'Request Terminated', INVITE, 'y'), B, A, 2.02);
    expect(snapshot(e)).toEqual({ state: 'terminated', endReason: '487 to INVITE (frame 5) after CANCEL' });
  });

  it('makes one early dialog per To tag of a forked INVITE; the fork not answered ends with the 200', () => {
    const f = new Flow();
    f.send(requestText(INVITE), A, B, 0);
    const one = f.send(responseText(180, 'Ringing', INVITE, 'fork1'), B, A, 0.4)!;
    const two = f.send(responseText(180, 'Ringing', INVITE, 'fork2'), B, A, 0.5)!;
    expect(one.isNew && two.isNew).toBe(true);
    expect(one.dialog).not.toBe(two.dialog);
    expect([one.dialog.state, two.dialog.state]).toEqual(['early', 'early']);
    f.send(responseText(200, 'OK', INVITE, 'fork2'), B, A, 3);
    expect(two.dialog.state).toBe('confirmed');
    expect(one.dialog.state).toBe('terminated');
    expect(one.dialog.endReason).toContain('forked INVITE not confirmed');
    expect(f.dlg.stats.dialogs).toBe(2);
  });

  it('terminates a dialog on a 481 to an in-dialog request (§12.2.1.2)', () => {
    const f = new Flow();
    f.send(requestText(INVITE), A, B, 0);
    const d = f.send(responseText(200, 'OK', INVITE, 't'), B, A, 1)!.dialog;
    const info: Params = { method: 'INFO', branch: 'z9hG4bK-info', cseq: 2, fromTag: 'caller', toTag: 't' };
    f.send(requestText(info), A, B, 5);
    f.send(responseText(481, 'Call/Transaction Does Not Exist', info, 't'), B, A, 5.1);
    expect(snapshot(d)).toEqual({ state: 'terminated', endReason: '481 to INFO (frame 4)' });
  });

  it('creates no dialog for REGISTER / 401 / REGISTER / 200', () => {
    const f = new Flow();
    const r1: Params = { method: 'REGISTER', branch: 'z9hG4bK-r1', cseq: 1, fromTag: 'reg' };
    const r2: Params = { ...r1, branch: 'z9hG4bK-r2', cseq: 2 };
    const out = [
      f.send(requestText(r1), A, B, 0),
      f.send(responseText(401, 'Unauthorized', r1, 's'), B, A, 0.1),
      f.send(requestText(r2), A, B, 0.2),
      f.send(responseText(200, 'OK', r2, 's'), B, A, 0.3),
    ];
    expect(out).toEqual([undefined, undefined, undefined, undefined]);
    expect(f.dlg.stats.dialogs).toBe(0);
  });
});

describe('DialogTracker: subscriptions (RFC 6665, RFC 3515)', () => {
  const SUB: Params = { method: 'SUBSCRIBE', branch: 'z9hG4bK-s', cseq: 1, fromTag: 'watcher', extra: ['Event: presence', 'Expires: 600'] };
  const notify = (state: string, branch: string, cseq: number): Params => ({
    method: 'NOTIFY',
    branch,
    cseq,
    fromTag: 'notifier',
    toTag: 'watcher',
    fromCallee: true,
    sentBy: 'b.example:5060',
    extra: ['Event: presence', `Subscription-State: ${state}`],
  });

  it('creates the subscription dialog on the 2xx to SUBSCRIBE, binds NOTIFY, ends on Subscription-State terminated', () => {
    const f = new Flow();
    f.send(requestText(SUB), A, B, 0);
    const d = f.send(responseText(200, 'OK', SUB, 'notifier'), B, A, 0.1)!;
    expect(d.isNew).toBe(true);
    expect(d.dialog).toMatchObject({ kind: 'subscribe', state: 'confirmed', fromTag: 'watcher', toTag: 'notifier', creatingTransaction: 1 });
    const n1 = notify('active;expires=600', 'z9hG4bK-n1', 1);
    expect(f.send(requestText(n1), B, A, 0.2)!.dialog).toBe(d.dialog);
    f.send(responseText(200, 'OK', n1, 'watcher'), A, B, 0.21);
    const n2 = notify('terminated;reason=noresource', 'z9hG4bK-n2', 2);
    f.send(requestText(n2), B, A, 9);
    expect(snapshot(d.dialog)).toEqual({ state: 'terminated', endReason: 'NOTIFY terminated;reason=noresource (frame 5)' });
    expect(d.dialog.transactions).toEqual([2, 3]);
  });

  it('creates the dialog from a NOTIFY that arrives before the 2xx (RFC 6665 §4.1.2.4)', () => {
    const f = new Flow();
    f.send(requestText(SUB), A, B, 0);
    const n1 = notify('active;expires=600', 'z9hG4bK-n1', 1);
    const d = f.send(requestText(n1), B, A, 0.05)!;
    expect(d.isNew).toBe(true);
    expect(d.dialog).toMatchObject({ kind: 'subscribe', state: 'confirmed', fromTag: 'watcher', toTag: 'notifier', creatingTransaction: 1 });
    const late = f.send(responseText(200, 'OK', SUB, 'notifier'), B, A, 0.1)!;
    expect(late).toEqual({ dialog: d.dialog, isNew: false });
    expect(f.dlg.stats.dialogs).toBe(1);
  });

  it('creates a refer dialog on the 202 to an out-of-dialog REFER', () => {
    const f = new Flow();
    const refer: Params = { method: 'REFER', branch: 'z9hG4bK-ref', cseq: 1, fromTag: 'tr', extra: ['Refer-To: <sip:carol@c.example>'] };
    f.send(requestText(refer), A, B, 0);
    expect(f.send(responseText(202, 'Accepted', refer, 'te'), B, A, 0.1)!.dialog.kind).toBe('refer');
  });
});

describe('DialogTracker: eviction', () => {
  it('forgets terminated dialogs after keepFinishedSec and ends early dialogs nobody answered', () => {
    const f = new Flow();
    f.send(requestText(INVITE), A, B, 0);
    const d = f.send(responseText(180, 'Ringing', INVITE, 'r'), B, A, 1)!.dialog;
    f.dlg.evict(at(100));
    expect(d.state).toBe('early');
    f.dlg.evict(at(1) + 300);
    expect(d.state).toBe('terminated');
    expect(d.endReason).toContain('no final response');
    expect(f.dlg.stats.evicted).toBe(1);
  });
});
