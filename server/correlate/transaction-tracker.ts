import type { Hop, Transaction, TransactionKeyKind, TransactionState } from '../model/correlation.js';
import type { MessageOrigin, SipMessage } from '../model/sip-message.js';
import { correlationFields } from './transaction-fields.js';
import { HopTable } from './transaction-hop-table.js';
import { hasMagicCookie, keyMethod, rfc2543Bucket, rfc3261Bucket } from './transaction-key.js';
import { instantOf, TransactionRecord } from './transaction-record.js';
import { instantSec } from './metrics-time.js';
import {
  initialTransactionState,
  isFinishedState,
  nextTransactionState,
  responseEvent,
} from './transaction-state.js';

/** What one message is within its transaction. */
export type MessageRole =
  | 'request'
  | 'retransmission'
  | 'response'
  | 'response-retransmission'
  | 'ack-non2xx'
  | 'ack-2xx'
  | 'cancel';

export interface TransactionUpdate {
  /** The live object (its fields update in place as more messages come). */
  readonly transaction: Transaction;
  readonly isNew: boolean;
  readonly role: MessageRole;
}

export interface TransactionTrackerOptions {
  /** How long a finished transaction is kept after its last message: 64*T1 = 32 s (Timers B/F/H, RFC 3261 §17). */
  keepFinishedSec?: number;
  /** At most this many transactions in memory; past it the oldest are forgotten (counted). */
  maxTransactions?: number;
  /**
   * How long a transaction without a final response is kept after its last message. Longer
   * than keepFinishedSec: an INVITE may ring for minutes (a proxy's Timer C is > 3 min, §16.6).
   */
  keepUnfinishedSec?: number;
}

export interface TransactionTrackerStats {
  /** Transactions created. */
  transactions: number;
  /** Request, response and ACK retransmissions recognised. */
  retransmissions: number;
  /** Transactions forgotten by evict() or the maxTransactions limit. */
  evicted: number;
  /** Responses whose request was not captured (each started a transaction). */
  unmatchedResponses: number;
}

const DEFAULT_KEEP_FINISHED_SEC = 32;
const DEFAULT_MAX_TRANSACTIONS = 200_000;
const DEFAULT_KEEP_UNFINISHED_SEC = 300;
/** Hops linked per key at most: a key on more hops than this is hostile or a loop. */
const MAX_LINKED_HOPS = 16;

/**
 * Groups messages into transactions (RFC 3261 §17), per hop, as a passive observer sees them:
 * keys from transaction-key.ts, observed states from transaction-state.ts. Never throws on
 * what the capture holds; what the RFC does not allow becomes a transaction anomaly.
 */
export class TransactionTracker {
  readonly stats: TransactionTrackerStats = { transactions: 0, retransmissions: 0, evicted: 0, unmatchedResponses: 0 };
  private readonly keepFinishedSec: number;
  private readonly keepUnfinishedSec: number;
  private readonly maxTransactions: number;
  /** Bucket (branch, or RFC 2543 prefix) → the newest record of it; the others chain through `next`. */
  private readonly byBucket = new Map<string, TransactionRecord>();
  /** All live records, in order of creation (the eviction order for limits and stalls). */
  private readonly byId = new Map<number, TransactionRecord>();
  /** Finished records in order of finishing, for eviction without scanning everything. */
  private finished: TransactionRecord[] = [];
  private finishedHead = 0;
  private nextId = 1;
  /** Shared Hop objects: the transactions of one hop point to one object (bounded cache). */
  private readonly hops = new HopTable();
  /** The key parts of the message in hand: one scratch object, not one per message. */
  private readonly k: { bucket: string; sentBy: string; kind: TransactionKeyKind; callId: string } = { bucket: '', sentBy: '', kind: 'rfc3261', callId: '' };

  constructor(opts: TransactionTrackerOptions = {}) {
    this.keepFinishedSec = opts.keepFinishedSec ?? DEFAULT_KEEP_FINISHED_SEC;
    this.maxTransactions = Math.max(1, opts.maxTransactions ?? DEFAULT_MAX_TRANSACTIONS);
    this.keepUnfinishedSec = Math.max(this.keepFinishedSec, opts.keepUnfinishedSec ?? DEFAULT_KEEP_UNFINISHED_SEC);
  }

  /**
   * Attributes one message; undefined when it has no start line, no CSeq or no Via.
   * `callId`: the message's Call-ID, or an equal string the caller already holds (the
   * correlator passes its call's), which the new record keeps instead of the message's own.
   */
  push(msg: SipMessage, callId: string = msg.callId ?? ''): TransactionUpdate | undefined {
    const sl = msg.startLine;
    const cseq = msg.cseq;
    if (sl === null || cseq === undefined) return undefined;
    const fields = correlationFields(msg);
    const via = fields.topVia;
    if (via === undefined) return undefined;
    const rfc3261 = hasMagicCookie(via.branch);
    const bucket = rfc3261 ? rfc3261Bucket(via) : rfc2543Bucket(callId, fields.fromTag, cseq.seq, via);
    const k = this.k;
    k.bucket = bucket;
    k.sentBy = via.sentBy;
    k.kind = rfc3261 ? 'rfc3261' : 'rfc2543';
    k.callId = callId;
    if (sl.kind === 'request') return this.onRequest(msg, sl.method, sl.uri, k, fields.toTag);
    return this.onResponse(msg, sl.status, cseq.method, k, responseIdentity(fields.toTag, fields.rseq));
  }

  get(id: number): Transaction | undefined {
    return this.byId.get(id);
  }

  /**
   * Forgets finished transactions whose last message is older than keepFinishedSec, and
   * unfinished ones older than keepUnfinishedSec (their final response was not captured).
   * Forgotten transactions move to terminated (Timers D/I/J/K have run out by then).
   */
  evict(nowSec: number): void {
    const q = this.finished;
    let h = this.finishedHead;
    while (h < q.length) {
      const r = q[h];
      if (r.live && instantSec(r.lastAt) + this.keepFinishedSec > nowSec) break;
      h++;
      r.queued = false;
      if (r.live) this.forget(r);
    }
    if (h === q.length) {
      this.finished = [];
      this.finishedHead = 0;
    } else if (h > 1024 && h * 2 > q.length) {
      this.finished = q.slice(h);
      this.finishedHead = 0;
    } else {
      this.finishedHead = h;
    }
    // Creation order: stop at the first one too young to have stalled.
    for (const r of this.byId.values()) {
      if (r.startedAt.sec + this.keepUnfinishedSec > nowSec) break;
      if (!isFinishedState(r.state) && instantSec(r.lastAt) + this.keepUnfinishedSec <= nowSec) this.forget(r);
    }
  }

  private onRequest(msg: SipMessage, method: string, uri: string, k: KeyParts, toTag: string): TransactionUpdate {
    const origin = msg.origin;
    if (method === 'ACK') {
      // §17.2.3: an ACK with the INVITE's branch acknowledges its non-2xx final and belongs to
      // the INVITE transaction; an ACK to a 2xx has a new branch (§17.1.1.3, §13.2.2.4).
      const invite = this.find(k, keyMethod(method), origin, false);
      if (invite !== undefined && !isSuccess(invite.finalStatus)) return this.onAckNon2xx(msg, invite);
      return this.onAck2xx(msg, k, uri, toTag);
    }
    const existing = this.find(k, method, origin, false);
    // RFC 2543 keys also compare the Request-URI and To tag of the request (§17.2.3).
    if (existing !== undefined && (k.kind === 'rfc3261' || (existing.requestUri === uri && existing.requestToTag === toTag))) {
      return this.retransmitted(existing, msg, 'retransmission');
    }
    const rec = this.create(msg, k, method, this.hops.request(origin), msg.id, existing);
    if (k.kind === 'rfc2543') {
      rec.requestUri = uri;
      rec.requestToTag = toTag;
    }
    if (method === 'CANCEL') {
      // §9.1: the CANCEL has the branch of the INVITE it cancels, on the same hop.
      const invite = this.find(k, 'INVITE', origin, false);
      if (invite !== undefined) {
        rec.cancels = invite.id;
        invite.cancelledBy ??= rec.id;
      }
      return { transaction: rec, isNew: true, role: 'cancel' };
    }
    return { transaction: rec, isNew: true, role: 'request' };
  }

  /** The ACK of a 3xx-6xx: part of the INVITE transaction (§17.1.1.3), completed → confirmed. */
  private onAckNon2xx(msg: SipMessage, invite: TransactionRecord): TransactionUpdate {
    const origin = msg.origin;
    invite.lastAt = instantOf(origin);
    if (invite.ack !== undefined) {
      // One ACK per retransmitted final response (§17.1.1.2): a repeat, counted.
      this.stats.retransmissions++;
      return { transaction: invite, isNew: false, role: 'ack-non2xx' };
    }
    invite.ack = msg.id;
    const next = nextTransactionState(invite.method, invite.state, 'ack');
    if (next === undefined) {
      invite.addAnomaly(`ACK (frame ${origin.frame}) arrived in state ${invite.state}, before any final response was captured`);
    } else {
      invite.state = next;
      invite.endedAt = instantOf(origin);
    }
    return { transaction: invite, isNew: false, role: 'ack-non2xx' };
  }

  /**
   * The ACK of a 2xx is a request of its own with no response (§13.2.2.4, §17.1.1.3): a
   * transaction of method ACK that is terminated as soon as it is seen. The UAC repeats it for
   * each retransmitted 2xx (§13.3.1.4): same branch, so a retransmission of that ACK.
   */
  private onAck2xx(msg: SipMessage, k: KeyParts, uri: string, toTag: string): TransactionUpdate {
    const existing = this.find(k, 'ACK', msg.origin, false);
    if (existing !== undefined) return this.retransmitted(existing, msg, 'ack-2xx');
    const rec = this.create(msg, k, 'ACK', this.hops.request(msg.origin), msg.id, undefined);
    if (k.kind === 'rfc2543') {
      rec.requestUri = uri;
      rec.requestToTag = toTag;
    }
    rec.state = 'terminated';
    rec.endedAt = rec.startedAt;
    this.queueFinished(rec);
    return { transaction: rec, isNew: true, role: 'ack-2xx' };
  }

  private retransmitted(rec: TransactionRecord, msg: SipMessage, role: MessageRole): TransactionUpdate {
    rec.addRetransmission(msg.id, msg.origin);
    rec.lastAt = instantOf(msg.origin);
    this.stats.retransmissions++;
    return { transaction: rec, isNew: false, role };
  }

  /** `identity`: what a retransmission of this response repeats (see responseIdentity). */
  private onResponse(msg: SipMessage, status: number, method: string, k: KeyParts, identity: string): TransactionUpdate {
    const origin = msg.origin;
    let rec = this.find(k, method, origin, true);
    let isNew = false;
    if (rec === undefined) {
      // Passive capture started late, or the request took another path: the response still
      // makes a transaction; its `request` field holds the response's own message id.
      rec = this.create(msg, k, method, this.hops.response(origin), msg.id, undefined);
      rec.addAnomaly(
        `request not captured: the transaction starts with response ${status} (frame ${origin.frame}); its request field holds that response's message id ${msg.id}`,
      );
      this.stats.unmatchedResponses++;
      isNew = true;
    }
    rec.lastAt = instantOf(origin);
    const tags = rec.responseToTags;
    for (let i = 0; i < tags.length; i++) {
      // A repeat of the same status with the same To tag (and RSeq, RFC 3262) is a retransmission
      // (§17.2.1, §17.2.2; a 2xx to INVITE is retransmitted by the UAS core, §13.3.1.4).
      if (tags[i] === identity && rec.responses[i].status === status) {
        rec.addResponse({ message: msg.id, status, retransmission: true, at: instantOf(origin) }, identity);
        this.stats.retransmissions++;
        return { transaction: rec, isNew, role: 'response-retransmission' };
      }
    }
    const respondedAt = instantOf(origin);
    rec.addResponse({ message: msg.id, status, retransmission: false, at: respondedAt }, identity);
    const next = nextTransactionState(rec.method, rec.state, responseEvent(status));
    if (next === undefined) {
      rec.addAnomaly(describeBadResponse(rec, status, origin.frame));
    } else {
      rec.state = next;
    }
    if (status >= 200 && rec.finalStatus === undefined && next !== undefined) {
      rec.finalStatus = status;
      rec.endedAt = respondedAt;
    }
    if (isFinishedState(rec.state)) this.queueFinished(rec);
    return { transaction: rec, isNew, role: 'response' };
  }

  /**
   * The record of the key (bucket + sent-by + method) on the message's hop: for a request the
   * hop it travels, for a response the reverse (§18.2.2). A response over TCP may come back on
   * another connection (another port) when the first one closed, so responses fall back to
   * the same addresses, any port.
   */
  private find(k: KeyParts, method: string, origin: MessageOrigin, response: boolean): TransactionRecord | undefined {
    const head = this.byBucket.get(k.bucket);
    for (let r = head; r !== undefined; r = r.next) {
      if (r.method === method && r.sentBy === k.sentBy && onHop(r.hop, origin, response, true)) return r;
    }
    if (!response) return undefined;
    for (let r = head; r !== undefined; r = r.next) {
      if (r.method === method && r.sentBy === k.sentBy && onHop(r.hop, origin, response, false)) return r;
    }
    return undefined;
  }

  /** `replaces`: a record of the same key and hop that this one takes over (RFC 2543 keys only). */
  private create(msg: SipMessage, k: KeyParts, method: string, hop: Hop, request: number, replaces: TransactionRecord | undefined): TransactionRecord {
    const origin = msg.origin;
    const id = this.nextId++;
    const rec = new TransactionRecord(
      id,
      k.kind,
      k.bucket,
      k.sentBy,
      method,
      k.callId,
      msg.cseq?.seq ?? 0,
      hop,
      request,
      instantOf(origin),
      initialTransactionState(method),
    );
    this.stats.transactions++;
    this.byId.set(id, rec);
    // Same key on the same hop but not the same request (an RFC 2543 key with another
    // Request-URI): the newer one takes the key.
    if (replaces !== undefined) this.detach(replaces);
    const head = this.byBucket.get(k.bucket);
    let linked = 0;
    for (let r = head; r !== undefined && linked < MAX_LINKED_HOPS; r = r.next) {
      if (r.method !== method || r.sentBy !== k.sentBy) continue;
      // §17: the same transaction seen at another capture point or behind a NAT: linked both ways.
      r.addOtherHop(id);
      rec.addOtherHop(r.id);
      linked++;
    }
    rec.next = head;
    this.byBucket.set(k.bucket, rec);
    if (this.byId.size > this.maxTransactions) {
      const oldest = this.byId.values().next().value;
      if (oldest !== undefined && oldest !== rec) this.forget(oldest);
    }
    return rec;
  }

  private queueFinished(rec: TransactionRecord): void {
    if (rec.queued) return;
    rec.queued = true;
    this.finished.push(rec);
  }

  private forget(rec: TransactionRecord): void {
    rec.state = nextTransactionState(rec.method, rec.state, 'timeout') ?? terminatedOrSame(rec.state);
    rec.live = false;
    this.byId.delete(rec.id);
    this.detach(rec);
    // Only matching needed these; the record may live on in a kept call.
    rec.responseToTags = NO_TAGS;
    rec.requestUri = '';
    rec.requestToTag = '';
    this.stats.evicted++;
  }

  /** Removes a record from its bucket chain. */
  private detach(rec: TransactionRecord): void {
    const head = this.byBucket.get(rec.bucket);
    if (head === rec) {
      if (rec.next === undefined) this.byBucket.delete(rec.bucket);
      else this.byBucket.set(rec.bucket, rec.next);
    } else {
      for (let r = head; r !== undefined; r = r.next) {
        if (r.next === rec) {
          r.next = rec.next;
          break;
        }
      }
    }
    rec.next = undefined;
  }
}

/** The parts of a transaction key a message gives (see transaction-key.ts). */
interface KeyParts {
  readonly bucket: string;
  readonly sentBy: string;
  readonly kind: TransactionKeyKind;
  /** The message's Call-ID (not part of an RFC 3261 key; kept by the record). */
  readonly callId: string;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function terminatedOrSame(state: TransactionState): TransactionState {
  return state === 'calling' || state === 'trying' || state === 'proceeding' ? 'terminated' : state;
}

function onHop(hop: Hop, o: MessageOrigin, response: boolean, ports: boolean): boolean {
  const client = response ? o.dst : o.src;
  const server = response ? o.src : o.dst;
  if (hop.client.ip !== client.ip || hop.server.ip !== server.ip || hop.transport !== o.transport) return false;
  return !ports || (hop.client.port === client.port && hop.server.port === server.port);
}

/**
 * What makes a response the same as an earlier one: its To tag, and for a reliable provisional
 * response its RSeq (RFC 3262 §3: each reliable 1xx has a new RSeq, so two 183s with the same
 * tag and different RSeq are two responses).
 */
function responseIdentity(toTag: string, rseq: string): string {
  return rseq === '' ? toTag : `${toTag}\nrseq ${rseq}`;
}

function describeBadResponse(rec: TransactionRecord, status: number, frame: number): string {
  if (rec.state === 'calling' || rec.state === 'trying' || rec.state === 'proceeding') {
    return `response ${status} (frame ${frame}) not allowed in state ${rec.state}`;
  }
  const final = rec.finalStatus === undefined ? 'a final response' : `final ${rec.finalStatus}`;
  if (status < 200) return `provisional ${status} (frame ${frame}) after ${final}`;
  return `second final response ${status} (frame ${frame}) after ${final}`;
}

const NO_TAGS: readonly string[] = Object.freeze([]);
