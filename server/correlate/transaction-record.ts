import type {
  Hop,
  Instant,
  Transaction,
  TransactionKeyKind,
  TransactionResponse,
  TransactionState,
} from '../model/correlation.js';
import type { MessageOrigin } from '../model/sip-message.js';
import { transactionKey } from './transaction-key.js';

/** Entries kept per list of one transaction; past it, one anomaly says how many were left out. */
export const MAX_TRANSACTION_LIST = 64;
export const MAX_ANOMALIES = 16;

const NONE: readonly never[] = Object.freeze([]);

/**
 * The live `Transaction` the tracker updates in place (readers see `Transaction`, whose fields
 * are readonly). Lists start as one shared empty array and are allocated on first use: most
 * transactions never see a retransmission or an anomaly.
 */
export class TransactionRecord implements Transaction {
  readonly id: number;
  readonly keyKind: TransactionKeyKind;
  readonly method: string;
  readonly callId: string;
  readonly cseq: number;
  readonly hop: Hop;
  readonly request: number;
  readonly startedAt: Instant;
  requestRetransmissions: readonly number[] = NONE;
  retransmissionIntervals: readonly number[] = NONE;
  responses: readonly TransactionResponse[] = NONE;
  finalStatus: number | undefined = undefined;
  ack: number | undefined = undefined;
  cancelledBy: number | undefined = undefined;
  cancels: number | undefined = undefined;
  sameOnOtherHops: readonly number[] = NONE;
  state: TransactionState;
  anomalies: readonly string[] = NONE;
  endedAt: Instant | undefined = undefined;

  constructor(
    id: number,
    keyKind: TransactionKeyKind,
    bucket: string,
    sentBy: string,
    method: string,
    callId: string,
    cseq: number,
    hop: Hop,
    request: number,
    startedAt: Instant,
    state: TransactionState,
  ) {
    this.id = id;
    this.keyKind = keyKind;
    this.method = method;
    this.callId = callId;
    this.cseq = cseq;
    this.hop = hop;
    this.request = request;
    this.startedAt = startedAt;
    this.state = state;
    // Tracker bookkeeping, set here so every record has one object shape.
    this.lastSend = startedAt;
    this.lastAt = startedAt;
    this.responseToTags = NONE;
    this.requestUri = '';
    this.requestToTag = '';
    this.bucket = bucket;
    this.sentBy = sentBy;
    this.next = undefined;
    this.queued = false;
    this.live = true;
    this.dropped = 0;
  }

  /**
   * The correlation key as text (see transactionKey), made when asked: a finished call keeps
   * its transactions, and the parts are already held (bucket, sentBy, method).
   */
  get key(): string {
    return transactionKey(this.bucket, this.sentBy, this.method, this.keyKind);
  }

  // ---- tracker bookkeeping (not part of Transaction; toJSON leaves it out) ----
  /**
   * Capture time of the last send of the request, for retransmission intervals, and of the
   * last message seen, for eviction: the messages' shared Instants (see instantOf), so a
   * record holds no time of its own.
   */
  lastSend: Instant;
  lastAt: Instant;
  /** To tag of each entry of `responses` (same index): a retransmission repeats status and tag. */
  responseToTags: readonly string[];
  /** RFC 2543 keys only: the Request-URI and To tag a retransmission must repeat (§17.2.3). */
  requestUri: string;
  requestToTag: string;
  /**
   * The tracker's table is keyed by the branch alone (RFC 3261 keys) or the RFC 2543 prefix:
   * the records of one bucket (the INVITE and its CANCEL, the same request on other hops) are
   * chained through `next`, and matched on sentBy, method and hop.
   */
  bucket: string;
  sentBy: string;
  next: TransactionRecord | undefined;
  /** In the tracker's finished queue. */
  queued: boolean;
  /** Still in the tracker's tables. */
  live: boolean;
  /** List entries and anomalies not kept (MAX_TRANSACTION_LIST, MAX_ANOMALIES). */
  dropped: number;

  addRetransmission(message: number, origin: MessageOrigin): void {
    const last = this.lastSend;
    const interval = secondsBetween(last.sec, last.nsec, origin.tsSec, origin.tsNsec);
    this.lastSend = instantOf(origin);
    if (this.requestRetransmissions.length >= MAX_TRANSACTION_LIST) {
      this.noteDropped('request retransmissions');
      return;
    }
    this.requestRetransmissions = append(this.requestRetransmissions, message);
    this.retransmissionIntervals = append(this.retransmissionIntervals, interval);
  }

  addResponse(response: TransactionResponse, toTag: string): void {
    if (this.responses.length >= MAX_TRANSACTION_LIST) {
      this.noteDropped('responses');
      return;
    }
    this.responses = append(this.responses, response);
    this.responseToTags = append(this.responseToTags, toTag);
  }

  addAnomaly(text: string): void {
    if (this.anomalies.length >= MAX_ANOMALIES - 1) {
      this.dropped++;
      const list = this.anomalies.slice(0, MAX_ANOMALIES - 1);
      list.push(`${this.dropped} further anomalies or list entries not recorded (limit ${MAX_ANOMALIES})`);
      this.anomalies = list;
      return;
    }
    this.anomalies = append(this.anomalies, text);
  }

  addOtherHop(id: number): void {
    this.sameOnOtherHops = append(this.sameOnOtherHops, id);
  }

  /**
   * Cuts the lists to their length (an array grown by push keeps room for 17 entries or more)
   * and, once the tracker has forgotten the record, drops what only matching needed: a finished
   * call keeps its transactions for as long as the consumer keeps the call.
   */
  compact(): void {
    this.requestRetransmissions = exact(this.requestRetransmissions);
    this.retransmissionIntervals = exact(this.retransmissionIntervals);
    this.responses = exact(this.responses);
    this.sameOnOtherHops = exact(this.sameOnOtherHops);
    this.anomalies = exact(this.anomalies);
    if (this.live) {
      this.responseToTags = exact(this.responseToTags);
    } else {
      this.responseToTags = NONE;
      this.requestUri = '';
      this.requestToTag = '';
    }
  }

  /** The plain `Transaction` fields, for JSON (bookkeeping left out). */
  toJSON(): Transaction {
    return {
      id: this.id,
      key: this.key,
      keyKind: this.keyKind,
      method: this.method,
      callId: this.callId,
      cseq: this.cseq,
      hop: this.hop,
      request: this.request,
      startedAt: this.startedAt,
      requestRetransmissions: this.requestRetransmissions,
      retransmissionIntervals: this.retransmissionIntervals,
      responses: this.responses,
      finalStatus: this.finalStatus,
      ack: this.ack,
      cancelledBy: this.cancelledBy,
      cancels: this.cancels,
      sameOnOtherHops: this.sameOnOtherHops,
      state: this.state,
      anomalies: this.anomalies,
      endedAt: this.endedAt,
    };
  }

  /** Said once per list: the tracker's stats keep counting what is not listed. */
  private noteDropped(what: string): void {
    const text = `more than ${MAX_TRANSACTION_LIST} ${what}: later ones counted in stats, not listed`;
    if (!this.anomalies.includes(text)) this.addAnomaly(text);
  }
}

/** A copy of exactly the list's length (the shared empty list stays shared). */
export function exact<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? NONE : list.slice();
}

/** Appends to a list that may still be the shared empty one (then a new array is made). */
function append<T>(list: readonly T[], item: T): readonly T[] {
  if (list.length === 0) return [item];
  // Only the record owns its non-empty lists (made above), so growing them in place is safe.
  (list as T[]).push(item);
  return list;
}

/** Seconds from one capture time to another, rounded to the microsecond (pcap's usual resolution). */
export function secondsBetween(sec0: number, nsec0: number, sec1: number, nsec1: number): number {
  return Math.round((sec1 - sec0) * 1e6 + (nsec1 - nsec0) / 1e3) / 1e6;
}

let lastOrigin: MessageOrigin | undefined;
let lastInstant: Instant = { sec: 0, nsec: 0 };

/**
 * The capture time of a message as an Instant. The trackers and the call builder all ask for
 * the message in hand, so the last answer is kept and shared (Instants are readonly): one
 * object per message instead of one per use, and every record that keeps it shares it.
 */
export function instantOf(origin: MessageOrigin): Instant {
  if (origin !== lastOrigin) {
    lastOrigin = origin;
    lastInstant = { sec: origin.tsSec, nsec: origin.tsNsec };
  }
  return lastInstant;
}
