import type { Dialog, DialogKind, Instant, Transaction } from '../model/correlation.js';
import type { SipMessage } from '../model/sip-message.js';
import { getHeader } from '../sip/get-header.js';
import { matchesDialog } from './dialog-key.js';
import { DialogRecord } from './dialog-record.js';
import { correlationFields } from './transaction-fields.js';
import { instantSec } from './metrics-time.js';
import { instantOf } from './transaction-record.js';
import type { TransactionUpdate } from './transaction-tracker.js';

export interface DialogUpdate {
  readonly dialog: Dialog;
  readonly isNew: boolean;
}

export interface DialogTrackerOptions {
  /** How long a terminated dialog is kept after its last message (default 32 s = 64*T1). */
  keepFinishedSec?: number;
  /** At most this many dialogs in memory; past it the oldest are forgotten (counted). */
  maxDialogs?: number;
  /**
   * An early dialog with no message for this long is ended and forgotten: its INVITE's final
   * response was not captured (a proxy gives up after Timer C, > 3 min, RFC 3261 §16.6).
   */
  keepEarlySec?: number;
}

export interface DialogTrackerStats {
  /** Dialogs created. */
  dialogs: number;
  /** Dialogs forgotten by evict() or the maxDialogs limit. */
  evicted: number;
}

const DEFAULT_KEEP_FINISHED_SEC = 32;
const DEFAULT_MAX_DIALOGS = 100_000;
const DEFAULT_KEEP_EARLY_SEC = 300;
/** RFC 6665 §4.1.2.4: the NOTIFY that may precede the 2xx comes within 64*T1 of the SUBSCRIBE. */
const KEEP_PENDING_SUBSCRIPTION_SEC = 64;

interface PendingSubscription {
  readonly transaction: number;
  readonly kind: DialogKind;
  readonly at: number;
}

/**
 * Dialogs (RFC 3261 §12) as a passive observer sees them: INVITE dialogs, early (a 101-199
 * with a To tag) or confirmed (a 2xx), several per INVITE when it forks; subscription dialogs
 * of SUBSCRIBE (RFC 6665) and REFER (RFC 3515). Binds in-dialog transactions and records how
 * each dialog ended, in a plain sentence.
 */
export class DialogTracker {
  readonly stats: DialogTrackerStats = { dialogs: 0, evicted: 0 };
  private readonly keepFinishedSec: number;
  private readonly keepEarlySec: number;
  private readonly maxDialogs: number;
  /** Call-ID → its newest dialog; the others chain through `next`. */
  private readonly byCallId = new Map<string, DialogRecord>();
  /** Every live dialog in order of creation (eviction order). */
  private readonly byId = new Map<number, DialogRecord>();
  /** INVITE transaction id → the dialogs its responses created (forking, §13.2.2.4). */
  private readonly byInvite = new Map<number, DialogRecord[]>();
  /** Call-ID + From tag of an out-of-dialog SUBSCRIBE/REFER whose dialog is not made yet. */
  private readonly pending = new Map<string, PendingSubscription>();
  private ended: DialogRecord[] = [];
  private endedHead = 0;
  private nextId = 1;

  constructor(opts: DialogTrackerOptions = {}) {
    this.keepFinishedSec = opts.keepFinishedSec ?? DEFAULT_KEEP_FINISHED_SEC;
    this.maxDialogs = Math.max(1, opts.maxDialogs ?? DEFAULT_MAX_DIALOGS);
    this.keepEarlySec = Math.max(this.keepFinishedSec, opts.keepEarlySec ?? DEFAULT_KEEP_EARLY_SEC);
  }

  /**
   * The dialog this message belongs to or changes, if any. `callId`: the message's Call-ID, or
   * an equal string the caller already holds (the correlator passes its call's: new dialogs
   * keep it, and table lookups hash a string hashed before).
   */
  push(msg: SipMessage, tx: TransactionUpdate | undefined, callId: string | undefined = msg.callId): DialogUpdate | undefined {
    const sl = msg.startLine;
    if (tx === undefined || sl === null || callId === undefined) return undefined;
    if (sl.kind === 'request') return this.onRequest(msg, sl.method, tx, callId);
    return this.onResponse(msg, sl.status, tx, callId);
  }

  /**
   * Forgets terminated dialogs whose last message is older than keepFinishedSec, and ends
   * (then forgets) early dialogs idle for keepEarlySec. Confirmed dialogs stay until they end
   * or the maxDialogs limit pushes the oldest out: a call may last hours without a message.
   */
  evict(nowSec: number): void {
    const q = this.ended;
    let h = this.endedHead;
    while (h < q.length) {
      const d = q[h];
      if (d.live && d.state === 'terminated' && instantSec(d.lastAt) + this.keepFinishedSec > nowSec) break;
      h++;
      d.queued = false;
      if (d.live && d.state === 'terminated') this.forget(d);
    }
    if (h === q.length) {
      this.ended = [];
      this.endedHead = 0;
    } else if (h > 1024 && h * 2 > q.length) {
      this.ended = q.slice(h);
      this.endedHead = 0;
    } else {
      this.endedHead = h;
    }
    for (const d of this.byId.values()) {
      if (d.startedAt.sec + this.keepEarlySec > nowSec) break;
      if (d.state === 'early' && instantSec(d.lastAt) + this.keepEarlySec <= nowSec) {
        d.end(d.startedAt, 'early dialog expired: no final response to the INVITE was captured');
        this.forget(d);
      }
    }
    for (const [key, p] of this.pending) {
      if (p.at + KEEP_PENDING_SUBSCRIPTION_SEC > nowSec) break;
      this.pending.delete(key);
    }
  }

  private onRequest(msg: SipMessage, method: string, tx: TransactionUpdate, callId: string): DialogUpdate | undefined {
    const { fromTag, toTag } = correlationFields(msg);
    if (toTag === '') {
      // Out of dialog (§12.2: in-dialog requests carry the remote tag in To). A SUBSCRIBE or
      // REFER waits for its 2xx or a NOTIFY (RFC 6665 §4.1.2.4) to make the dialog.
      if (tx.isNew && (method === 'SUBSCRIBE' || method === 'REFER')) {
        if (this.pending.size >= this.maxDialogs) this.dropOldestPending();
        this.pending.set(`${callId}\n${fromTag}`, {
          transaction: tx.transaction.id,
          kind: method === 'REFER' ? 'refer' : 'subscribe',
          at: msg.origin.tsSec,
        });
      }
      return undefined;
    }
    const d = this.lookup(callId, fromTag, toTag);
    if (d === undefined) {
      if (method === 'NOTIFY' && tx.isNew) return this.notifyBefore2xx(msg, tx.transaction, callId, fromTag, toTag);
      return undefined;
    }
    d.lastAt = instantOf(msg.origin);
    // An ACK of a non-2xx and a CANCEL belong to the INVITE transaction, not to the dialog.
    if (!tx.isNew || tx.role === 'ack-non2xx' || tx.role === 'cancel') return { dialog: d, isNew: false };
    const t = tx.transaction;
    d.bind(t.id);
    const frame = msg.origin.frame;
    if (method === 'BYE') {
      // §15.1.1/§15.1.2: the session ends when the BYE is sent or received. The BYE ends the
      // dialog now ("no response captured"); its response, when captured, completes the reason.
      if (d.state !== 'terminated' || d.byeTransaction !== 0) {
        d.byeTransaction = t.id;
        d.byeText = `BYE from ${fromTag === d.fromTag ? 'caller' : 'callee'} (frame ${frame})`;
        this.end(d, instantOf(msg.origin), `${d.byeText}, no response captured`);
      }
    } else if (method === 'NOTIFY' && d.kind !== 'invite') {
      // RFC 6665 §4.1.3: a NOTIFY with Subscription-State terminated ends the subscription. In
      // an INVITE dialog (REFER inside a call) it ends only the implicit subscription, not the dialog.
      this.notifyState(d, msg);
    }
    return { dialog: d, isNew: false };
  }

  private onResponse(msg: SipMessage, status: number, tx: TransactionUpdate, callId: string): DialogUpdate | undefined {
    const { fromTag, toTag } = correlationFields(msg);
    const t = tx.transaction;
    const method = t.method;
    const retransmission = tx.role === 'response-retransmission';
    const d = toTag === '' ? undefined : this.lookup(callId, fromTag, toTag);
    if (d !== undefined) d.lastAt = instantOf(msg.origin);
    if (retransmission) return d === undefined ? undefined : { dialog: d, isNew: false };
    const at = instantOf(msg.origin);
    const frame = msg.origin.frame;

    if (method === 'INVITE' && status >= 300) {
      // §12.1 / §13.2.2.4: a non-2xx final ends every early dialog of the INVITE.
      this.endEarly(t, status, frame, at);
      if (d !== undefined && d.creatingTransaction !== t.id) this.inDialogResponse(d, t, tx.isNew, status, frame, at);
      return d === undefined ? undefined : { dialog: d, isNew: false };
    }
    if (d !== undefined) {
      if (d.creatingTransaction === t.id) {
        if (method === 'INVITE' && status >= 200 && status < 300) this.confirm(d, t, toTag, frame, at);
      } else {
        this.inDialogResponse(d, t, tx.isNew, status, frame, at);
      }
      return { dialog: d, isNew: false };
    }
    if (toTag === '') return undefined;
    // §12.1.1: dialogs are created by 101-199 (early) and 2xx (confirmed) responses with a To tag.
    if (method === 'INVITE' && status > 100) {
      const created = this.create(callId, fromTag, toTag, 'invite', 'early', t.id, at);
      let list = this.byInvite.get(t.id);
      if (list === undefined) this.byInvite.set(t.id, (list = []));
      list.push(created);
      if (status >= 200) this.confirm(created, t, toTag, frame, at);
      return { dialog: created, isNew: true };
    }
    // RFC 6665 §4.1.2.1, RFC 3515 §2.4.4: a 2xx to SUBSCRIBE / REFER creates the subscription dialog.
    if ((method === 'SUBSCRIBE' || method === 'REFER') && status >= 200 && status < 300) {
      this.pending.delete(`${callId}\n${fromTag}`);
      const created = this.create(callId, fromTag, toTag, method === 'REFER' ? 'refer' : 'subscribe', 'confirmed', t.id, at);
      created.confirmedAt = at;
      return { dialog: created, isNew: true };
    }
    return undefined;
  }

  /** A 2xx to the dialog's INVITE: early → confirmed; the other forks' early dialogs end. */
  private confirm(d: DialogRecord, t: Transaction, toTag: string, frame: number, at: Instant): void {
    if (d.state === 'early' || d.endedByFork) {
      d.state = 'confirmed';
      d.confirmedAt = at;
      d.endedAt = undefined;
      d.endReason = undefined;
      d.endedByFork = false;
    }
    // §13.2.2.4: the INVITE transaction is done; early dialogs not confirmed by now have ended
    // (a later 2xx from another fork makes its own dialog confirmed again).
    const forks = this.byInvite.get(t.id);
    if (forks === undefined) return;
    for (const other of forks) {
      if (other === d || other.state !== 'early') continue;
      this.end(other, at, `early dialog of a forked INVITE not confirmed: the INVITE was answered ${t.finalStatus ?? 200} with To tag ${toTag} (frame ${frame})`);
      other.endedByFork = true;
    }
  }

  /** Ends the early dialogs of an INVITE that got a 3xx-6xx (§12.1, §13.2.2.3). */
  private endEarly(t: Transaction, status: number, frame: number, at: Instant): void {
    const forks = this.byInvite.get(t.id);
    if (forks === undefined) return;
    const after = t.cancelledBy === undefined ? '' : ' after CANCEL';
    for (const d of forks) {
      if (d.state === 'early') this.end(d, at, `${status} to INVITE (frame ${frame})${after}`);
    }
  }

  /** A response to a request inside the dialog (re-INVITE, BYE, UPDATE, NOTIFY, …). */
  private inDialogResponse(d: DialogRecord, t: Transaction, isNew: boolean, status: number, frame: number, at: Instant): void {
    // A response whose request was not captured makes a new transaction: bind it here.
    if (isNew) d.bind(t.id);
    if (status === 481 || status === 408) {
      // §12.2.1.2: a 481 or 408 to an in-dialog request terminates the dialog.
      this.end(d, at, `${status} to ${t.method} (frame ${frame})`);
      return;
    }
    if (t.method === 'BYE' && status >= 200) {
      const bye = d.byeTransaction === t.id ? d.byeText : 'BYE (request not captured)';
      this.end(d, at, `${bye}, answered ${status} (frame ${frame})`);
    }
  }

  /** RFC 6665 §4.1.2.4: a NOTIFY before the SUBSCRIBE's 2xx creates the dialog. */
  private notifyBefore2xx(msg: SipMessage, t: Transaction, callId: string, fromTag: string, toTag: string): DialogUpdate {
    // The notifier sends the NOTIFY: its From tag is the callee's, its To tag the subscriber's.
    const pending = this.pending.get(`${callId}\n${toTag}`);
    const kind: DialogKind = pending?.kind ?? (isReferEvent(getHeader(msg, 'event')) ? 'refer' : 'subscribe');
    const at = instantOf(msg.origin);
    const d = this.create(callId, toTag, fromTag, kind, 'confirmed', pending?.transaction ?? t.id, at);
    d.confirmedAt = at;
    d.bind(t.id);
    this.notifyState(d, msg);
    return { dialog: d, isNew: true };
  }

  private notifyState(d: DialogRecord, msg: SipMessage): void {
    const state = getHeader(msg, 'subscription-state');
    if (state === undefined || !/^\s*terminated\b/i.test(state)) return;
    this.end(d, instantOf(msg.origin), `NOTIFY ${state.trim()} (frame ${msg.origin.frame})`);
  }

  private lookup(callId: string, fromTag: string, toTag: string): DialogRecord | undefined {
    for (let d = this.byCallId.get(callId); d !== undefined; d = d.next) {
      if (matchesDialog(d.fromTag, d.toTag, fromTag, toTag)) return d;
    }
    return undefined;
  }

  private create(
    callId: string,
    callerTag: string,
    calleeTag: string,
    kind: DialogKind,
    state: 'early' | 'confirmed',
    creating: number,
    at: Instant,
  ): DialogRecord {
    const d = new DialogRecord(this.nextId++, callId, callerTag, calleeTag, kind, state, creating, at);
    d.next = this.byCallId.get(callId);
    this.byCallId.set(callId, d);
    this.byId.set(d.id, d);
    this.stats.dialogs++;
    if (this.byId.size > this.maxDialogs) {
      const oldest = this.byId.values().next().value;
      if (oldest !== undefined && oldest !== d) this.forget(oldest);
    }
    return d;
  }

  private end(d: DialogRecord, at: Instant, reason: string): void {
    d.end(at, reason);
    d.endedByFork = false;
    if (!d.queued) {
      d.queued = true;
      this.ended.push(d);
    }
  }

  private forget(d: DialogRecord): void {
    d.live = false;
    this.byId.delete(d.id);
    const head = this.byCallId.get(d.callId);
    if (head === d) {
      if (d.next === undefined) this.byCallId.delete(d.callId);
      else this.byCallId.set(d.callId, d.next);
    } else {
      for (let r = head; r !== undefined; r = r.next) {
        if (r.next === d) {
          r.next = d.next;
          break;
        }
      }
    }
    d.next = undefined;
    const forks = this.byInvite.get(d.creatingTransaction);
    if (forks !== undefined) {
      const i = forks.indexOf(d);
      if (i >= 0) forks.splice(i, 1);
      if (forks.length === 0) this.byInvite.delete(d.creatingTransaction);
    }
    this.stats.evicted++;
  }

  private dropOldestPending(): void {
    const first = this.pending.keys().next().value;
    if (first !== undefined) this.pending.delete(first);
  }
}

/** RFC 3515 §2.4.4: the implicit subscription of a REFER has `Event: refer` (with an optional id). */
function isReferEvent(event: string | undefined): boolean {
  return event !== undefined && /^\s*refer\b/i.test(event);
}
