import type { Call, MediaDescription } from '../model/correlation.js';
import type { SipMessage } from '../model/sip-message.js';
import { CallBuilder, type MutableCall } from './call-builder.js';
import { DialogTracker } from './dialog-tracker.js';
import { LinkIndex } from './link-index.js';
import { DEFAULT_LINK_HEADERS, linkHeaderTable, linkKeysOf, type LinkKey } from './link-keys.js';
import { instantSec } from './metrics-time.js';
import { DialogRecord } from './dialog-record.js';
import { TransactionRecord } from './transaction-record.js';
import { TransactionTracker, type MessageRole } from './transaction-tracker.js';

export interface CorrelatorOptions {
  /**
   * X-CID-style headers whose value is another leg's Call-ID (B2BUA correlation headers).
   * Default `DEFAULT_LINK_HEADERS`: X-CID, X-Call-ID, X-Orig-Call-ID, X-Leg-ID. Session-ID,
   * P-Charging-Vector, Replaces, Refer-To and Referred-By are always read.
   */
  linkHeaders?: string[];
  /** Seconds of capture time a finished call stays in memory after its last message (default 60). */
  keepFinishedSec?: number;
  /** Calls held at most (default 100,000): past it the oldest finished call leaves first, else the oldest (counted). */
  maxCalls?: number;
}

/** Where the correlator put a message. */
export interface MessageLabels {
  readonly call: number;
  readonly transaction: number | undefined;
  readonly dialog: number | undefined;
  readonly role: MessageRole | undefined;
}

/** RFC 3261 §17.1.1.2 Timer B = 64·T1: an INVITE with no response at all has timed out. */
const TIMER_B_SEC = 32;
/** RFC 3261 §16.6 step 11 Timer C (> 3 min): an INVITE that rang but got no final response. */
const TIMER_C_SEC = 180;
/** RFC 3261 §17.1.2.2 Timer F = 64·T1: a non-INVITE request with no final response. */
const TIMER_F_SEC = 32;
/** Links kept per call; a B2BUA conference could otherwise link everything to everything. */
const MAX_LINKS = 32;
/** States after which a call's media session is over (its ports may be reused by another call). */
const ENDED_STATES: ReadonlySet<string> = new Set(['COMPLETED', 'CANCELLED', 'REJECTED', 'BUSY', 'DIVERTED', 'FAILED']);

/** Link keys remembered per call (for withdrawal at eviction). */
const MAX_KEYS = 64;

interface Entry {
  readonly builder: CallBuilder;
  readonly call: MutableCall;
  readonly callId: string;
  /** Link keys held (the shared empty list until the first one: most calls hold none). */
  sharedKeys: string[];
  mediaKeys: string[];
  referKeys: string[];
  dirty: boolean;
  /** In byCallId/byId (false once evicted, until a returning message revives it). */
  live: boolean;
  /** Position of this entry's latest record in the correlator's touch queue (see `queue`). */
  pos: number;
}

/**
 * Groups messages into calls (all messages of one Call-ID, across hops), runs the transaction
 * and dialog trackers, derives each call's kind, state and metrics, and links legs across
 * Call-IDs with the reason (see link-keys.ts).
 *
 * Streaming: after each `push`, every call that the message changed (its own, and a call that
 * gained a link) is passed to `sink.call` once. The object passed is the **live** call: it
 * keeps changing as later messages arrive, until it is evicted. A consumer that keeps a
 * version must copy it (the CLI keeps the last object per id, which is the live one).
 *
 * Memory: a call leaves when it is in a final state and has had no message for
 * `keepFinishedSec` of capture time (`evict`, driven by the caller's clock); an unanswered
 * INVITE gives up after Timer B/C (FAILED), an unanswered non-INVITE after Timer F. An
 * IN CALL call whose BYE was never captured stays until `maxCalls` pushes it out.
 */
export class Correlator {
  private readonly byCallId = new Map<string, Entry>();
  /** Calls by id, for links (in order of creation or revival). */
  private readonly byId = new Map<number, Entry>();
  /**
   * Calls in order of their last message, kept lazily: each message appends its call, and the
   * call's earlier records become stale (only the one at `entry.pos` is current). Appending is
   * cheaper than moving the call to the end of an ordered Map on every message; evict() drops
   * the stale records as it walks from the oldest. Positions count from the queue's start of
   * life: `queueBase` is the position of `queue[0]`.
   */
  private queue: Entry[] = [];
  private queueHead = 0;
  private queueBase = 0;
  private readonly transactions = new TransactionTracker();
  private readonly dialogs = new DialogTracker();
  private readonly index = new LinkIndex();
  private readonly linkHeaders: ReadonlyMap<string, string>;
  private readonly keepFinishedSec: number;
  private readonly maxCalls: number;
  /**
   * Calls evicted lately, by Call-ID (bounded, oldest out): a message that comes back for one
   * (a REGISTER refresh, a BYE after a long call whose 2xx-ACK ended the traffic, a capture
   * with broken timestamps) continues that call instead of starting a second call with the
   * same Call-ID. Their link keys are already withdrawn.
   */
  private readonly recent = new Map<string, Entry>();
  private readonly maxRecent: number;
  private readonly changed: Entry[] = [];
  private nextId = 1;
  readonly stats = { calls: 0, evicted: 0, links: 0 };

  constructor(
    private readonly sink: { call(call: Call): void },
    opts: CorrelatorOptions = {},
  ) {
    this.linkHeaders = linkHeaderTable(opts.linkHeaders ?? DEFAULT_LINK_HEADERS);
    this.keepFinishedSec = opts.keepFinishedSec ?? 60;
    this.maxCalls = Math.max(1, opts.maxCalls ?? 100_000);
    this.maxRecent = Math.min(this.maxCalls, 10_000);
  }

  /** Adds one message (in capture order) and emits what it changed. */
  push(msg: SipMessage): MessageLabels {
    const callId = msg.callId ?? '';
    let e = this.byCallId.get(callId);
    if (e === undefined) {
      e = this.recent.get(callId);
      if (e !== undefined) this.revive(e);
      else e = this.create(callId, msg);
    }
    // The call's Call-ID string (equal to the message's): records share it instead of keeping
    // one copy per message, and the trackers' lookups hash a string already hashed.
    const txu = this.transactions.push(msg, e.callId);
    const du = this.dialogs.push(msg, txu, msg.callId === undefined ? undefined : e.callId);
    e.pos = this.queueBase + this.queue.length;
    this.queue.push(e);
    // Bounded without evict() too (a caller that never runs it): at most two stale records per call.
    if (this.queue.length - this.queueHead > 2 * this.byId.size + 4096) this.compactQueue();
    const call = e.call;
    if (txu !== undefined && txu.isNew) call.transactions.push(txu.transaction);
    if (du !== undefined && du.isNew) call.dialogs.push(du.dialog);
    const role = txu?.role;
    const retransmission = role === 'retransmission' || role === 'response-retransmission';
    const media = e.builder.add(msg, retransmission);
    if (!retransmission) {
      const keys = linkKeysOf(msg, this.linkHeaders);
      for (let i = 0; i < keys.length; i++) this.applyKey(e, keys[i]);
      if (media.length > 0) this.addMediaKeys(e, media);
    }
    // The session is over: its media ports may be reused by an unrelated call (no false links).
    if (ENDED_STATES.has(call.state) && e.mediaKeys.length > 0) this.withdrawMedia(e);
    this.markChanged(e);
    this.flush();
    return { call: call.id, transaction: txu?.transaction.id, dialog: du?.dialog.id, role };
  }

  /** Runs the timers on capture time `nowSec` and drops finished, idle calls. */
  evict(nowSec: number): void {
    this.transactions.evict(nowSec);
    this.dialogs.evict(nowSec);
    const horizon = Math.min(this.keepFinishedSec, TIMER_B_SEC, TIMER_F_SEC);
    const q = this.queue;
    const head = this.queueHead;
    const base = this.queueBase;
    // Forward, oldest last message first: stale records are dropped (set undefined), calls
    // that stay are kept in place; then the kept ones close up behind the stopping point.
    let stop = head;
    for (; stop < q.length; stop++) {
      const e = q[stop];
      if (e.pos !== base + stop || !e.live) {
        q[stop] = DROPPED;
        continue;
      }
      const idle = nowSec - instantSec(e.call.lastAt);
      // In order of their last message: the rest are more recent.
      if (idle <= horizon) break;
      const b = e.builder;
      const kind = e.call.kind;
      const state = e.call.state;
      if (!b.finished) {
        const timedOut =
          (kind === 'call' && state === 'CALL SETUP' && idle > TIMER_B_SEC) ||
          (kind === 'call' && state === 'RINGING' && idle > TIMER_C_SEC) ||
          (kind === 'register' && state === 'PENDING' && idle > TIMER_F_SEC);
        if (timedOut && b.giveUp()) this.markChanged(e);
      }
      const done = b.finished || (state === 'PENDING' && kind !== 'call' && idle > TIMER_F_SEC);
      if (done && idle > this.keepFinishedSec) {
        this.remove(e);
        q[stop] = DROPPED;
      }
    }
    let w = stop;
    for (let i = stop - 1; i >= head; i--) {
      const e = q[i];
      if (e === DROPPED) continue;
      q[--w] = e;
      e.pos = base + w;
    }
    if (w === q.length) {
      this.queue = [];
      this.queueHead = 0;
      this.queueBase = base + w;
    } else if (w > 1024 && w * 2 > q.length) {
      this.queue = q.slice(w);
      this.queueHead = 0;
      this.queueBase = base + w;
    } else {
      this.queueHead = w;
    }
    this.flush();
  }

  /** End of capture: unanswered calls fail; every call changed since it was last emitted is emitted. */
  finish(): void {
    const q = this.queue;
    for (let i = this.queueHead; i < q.length; i++) {
      const e = q[i];
      if (this.isCurrent(e, i) && e.builder.giveUp()) this.markChanged(e);
    }
    this.flush();
    // The consumer may keep every call: hand them over without the room left for growth.
    for (const e of this.byId.values()) compactCall(e.call);
  }

  private create(callId: string, msg: SipMessage): Entry {
    if (this.byId.size >= this.maxCalls) this.evictOldest();
    const builder = new CallBuilder(this.nextId++, callId, msg);
    const e: Entry = { builder, call: builder.call, callId, sharedKeys: NO_KEYS, mediaKeys: NO_KEYS, referKeys: NO_KEYS, dirty: false, live: true, pos: -1 };
    this.byCallId.set(callId, e);
    this.byId.set(e.call.id, e);
    this.stats.calls++;
    // Links that named this Call-ID before its first message was seen.
    for (const ref of this.index.takePending(callId)) {
      const from = this.byId.get(ref.from);
      if (from !== undefined) this.link(from, e, ref.reason);
    }
    return e;
  }

  private revive(e: Entry): void {
    this.recent.delete(e.callId);
    if (this.byId.size >= this.maxCalls) this.evictOldest();
    e.live = true;
    this.byCallId.set(e.callId, e);
    this.byId.set(e.call.id, e);
  }

  /** The bound: the oldest finished call leaves first, else the oldest call of all. */
  private evictOldest(): void {
    let victim: Entry | undefined;
    let oldest: Entry | undefined;
    const q = this.queue;
    for (let i = this.queueHead; i < q.length; i++) {
      const e = q[i];
      if (!this.isCurrent(e, i)) continue;
      oldest ??= e;
      if (e.builder.finished) {
        victim = e;
        break;
      }
    }
    victim ??= oldest;
    if (victim !== undefined) this.remove(victim);
  }

  private remove(e: Entry): void {
    if (e.dirty) this.flush();
    e.live = false;
    this.byId.delete(e.call.id);
    if (this.byCallId.get(e.callId) === e) this.byCallId.delete(e.callId);
    for (const k of e.sharedKeys) this.index.removeShared(e.call.id, k);
    this.withdrawMedia(e);
    for (const k of e.referKeys) this.index.removeReferSource(k, e.call.id);
    e.sharedKeys = NO_KEYS;
    e.referKeys = NO_KEYS;
    this.stats.evicted++;
    compactCall(e.call);
    this.recent.delete(e.callId);
    this.recent.set(e.callId, e);
    if (this.recent.size > this.maxRecent) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** Drops the stale records of the touch queue, keeping the order of the current ones. */
  private compactQueue(): void {
    const q = this.queue;
    const base = this.queueBase;
    let w = 0;
    for (let i = this.queueHead; i < q.length; i++) {
      const e = q[i];
      if (!this.isCurrent(e, i)) continue;
      q[w] = e;
      e.pos = base + w;
      w++;
    }
    q.length = w;
    this.queueHead = 0;
  }

  /** Whether `queue[i]` is the latest record of a call still held. */
  private isCurrent(e: Entry, i: number): boolean {
    return e !== DROPPED && e.live && e.pos === this.queueBase + i;
  }

  private applyKey(e: Entry, key: LinkKey): void {
    switch (key.mode) {
      case 'ref': {
        if (key.value === e.callId) return;
        const target = this.byCallId.get(key.value);
        if (target !== undefined) this.link(e, target, key.reason);
        else this.index.addPending(key.value, e.call.id, key.reason);
        return;
      }
      case 'shared': {
        if (e.sharedKeys.includes(key.value) || e.sharedKeys.length >= MAX_KEYS) return;
        e.sharedKeys = withKey(e.sharedKeys, key.value);
        for (const id of this.index.addShared(e.call.id, key.value)) {
          const other = this.byId.get(id);
          if (other !== undefined) this.link(e, other, key.reason);
        }
        return;
      }
      case 'refer-source':
        if (e.referKeys.length < MAX_KEYS) {
          e.referKeys = withKey(e.referKeys, key.value);
          this.index.addReferSource(key.value, e.call.id);
        }
        return;
      case 'refer-target': {
        const id = this.index.takeReferSource(key.value);
        const source = id === undefined ? undefined : this.byId.get(id);
        if (source !== undefined) this.link(e, source, key.reason);
        return;
      }
    }
  }

  /**
   * Media endpoints (RFC 3264 offer/answer, RFC 4566 c=/m=): the same address:port offered or
   * answered in two calls while both are alive is one media stream seen on two legs, as with a
   * B2BUA that passes SDP through without anchoring media (both legs carry the endpoints'
   * own addresses). A B2BUA that anchors media puts its own, different, ports on each leg:
   * that is not matched. Port 0 (stream refused, RFC 3264 §6) and unspecified addresses
   * (0.0.0.0 hold, RFC 3264 §8.4; ::) name no endpoint.
   */
  private addMediaKeys(e: Entry, media: readonly MediaDescription[]): void {
    for (const d of media) {
      if (d.port <= 0 || d.address === '' || d.address === '0.0.0.0' || d.address === '::') continue;
      const endpoint = d.address.indexOf(':') >= 0 ? `[${d.address.toLowerCase()}]:${d.port}` : `${d.address}:${d.port}`;
      const key = `media:${endpoint}`;
      if (e.mediaKeys.includes(key) || e.mediaKeys.length >= MAX_KEYS) continue;
      e.mediaKeys = withKey(e.mediaKeys, key);
      for (const id of this.index.addShared(e.call.id, key)) {
        const other = this.byId.get(id);
        if (other !== undefined) this.link(e, other, `SDP media ${endpoint}`);
      }
    }
  }

  private withdrawMedia(e: Entry): void {
    for (const k of e.mediaKeys) this.index.removeShared(e.call.id, k);
    e.mediaKeys = NO_KEYS;
  }

  /** Symmetric and de-duplicated: one link per pair of calls, with the first evidence found. */
  private link(a: Entry, b: Entry, reason: string): void {
    if (a === b) return;
    const la = a.call.links;
    const lb = b.call.links;
    for (let i = 0; i < la.length; i++) if (la[i].to === b.call.id) return;
    if (la.length >= MAX_LINKS || lb.length >= MAX_LINKS) return;
    la.push({ to: b.call.id, reason });
    lb.push({ to: a.call.id, reason });
    this.stats.links++;
    this.markChanged(a);
    this.markChanged(b);
  }

  private markChanged(e: Entry): void {
    if (e.dirty) return;
    e.dirty = true;
    this.changed.push(e);
  }

  private flush(): void {
    const list = this.changed;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      e.dirty = false;
      this.sink.call(e.call);
    }
    list.length = 0;
  }
}

/** The shared empty key list of an Entry (never pushed to: see withKey). */
const NO_KEYS: string[] = [];

/** Appends to an Entry's key list, making its own array on the first key. */
function withKey(list: string[], key: string): string[] {
  if (list === NO_KEYS) return [key];
  list.push(key);
  return list;
}

/** A dropped slot of the touch queue (closed up at the end of evict()). */
const DROPPED = undefined as unknown as Entry;

/**
 * A call leaving the correlator (evicted, or the end of the capture) keeps its lists at their
 * length: arrays grown by push hold room for 17 entries or more, which a kept call would carry
 * for good. The call stays the same object; a call that comes back (see `recent`) grows anew.
 */
function compactCall(call: MutableCall): void {
  call.messages = call.messages.slice();
  call.transactions = call.transactions.slice();
  call.dialogs = call.dialogs.slice();
  call.links = call.links.slice();
  call.metrics.hopPath = call.metrics.hopPath.slice();
  call.metrics.media = call.metrics.media.slice();
  for (const t of call.transactions) if (t instanceof TransactionRecord) t.compact();
  for (const d of call.dialogs) if (d instanceof DialogRecord) d.compact();
}
