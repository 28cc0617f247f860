import type {
  CallKind,
  CallLink,
  CallState,
  Dialog,
  Instant,
  MediaDescription,
  Transaction,
} from '../model/correlation.js';
import type { SipMessage } from '../model/sip-message.js';
import { getHeader } from '../sip/get-header.js';
import { extendHopPath } from './call-hop-path.js';
import { callKindOf } from './call-kind.js';
import {
  initialState,
  inviteFinalState,
  isFinalState,
  otherFinalState,
  registerFinalState,
  unansweredState,
} from './call-state.js';
import { mediaOfMessage } from './media-from-sdp.js';
import { elapsedSec } from './metrics-time.js';
import { correlationFields } from './transaction-fields.js';
import { instantOf } from './transaction-record.js';

/** A Call whose fields the builder updates in place. */
export interface MutableCall {
  id: number;
  callIds: string[];
  kind: CallKind;
  state: CallState;
  stateCode: number | undefined;
  from: string;
  to: string;
  start: Instant;
  lastAt: Instant;
  metrics: MutableMetrics;
  messages: number[];
  dialogs: Dialog[];
  transactions: Transaction[];
  links: CallLink[];
}

export interface MutableMetrics {
  start: Instant;
  pddSec: number | undefined;
  setupSec: number | undefined;
  answerToAckSec: number | undefined;
  ringSec: number | undefined;
  durationSec: number | undefined;
  hungUpBy: 'caller' | 'callee' | undefined;
  finalStatus: number | undefined;
  reason: string | undefined;
  retransmissions: number;
  hopPath: string[];
  media: MediaDescription[];
}

/** Distinct media descriptions kept per call (re-INVITEs can repeat forever). */
export const MAX_MEDIA = 32;
/** INVITE CSeqs remembered for offer/answer roles (initial + a few re-INVITEs in flight). */
const MAX_OFFER_CSEQS = 8;

/**
 * Builds one call (all messages of one Call-ID, across hops) from its messages in capture
 * order: kind, sngrep-like state, and metrics, updated from the events as they arrive (the
 * first 18x, the 2xx, the ACK, the BYE…), never by rescanning the messages.
 *
 * The state follows the latest *initial* INVITE (no To tag, RFC 3261 §12.1): an INVITE re-sent
 * after a 401/407 challenge with CSeq + 1 (§22.2) starts the setup over, while the same INVITE
 * forwarded on another hop (same CSeq) and in-dialog requests (re-INVITE, ACK, BYE: To tag
 * present) do not reset it. PDD and setup time count from that INVITE's first sighting.
 */
export class CallBuilder {
  readonly call: MutableCall;
  /** The method whose transactions decide a non-INVITE call's state (REGISTER, OPTIONS…). */
  private readonly kindMethod: string | undefined;
  private callerTag: string | undefined;
  private initialCseq: number | undefined;
  private inviteAt: Instant | undefined;
  private first18xAt: Instant | undefined;
  private answeredAt: Instant | undefined;
  private finalAt: Instant | undefined;
  private ackAt: Instant | undefined;
  private byeAt: Instant | undefined;
  private cancelSeen = false;
  /**
   * INVITE CSeqs seen, oldest first, each as `2·seq + 1` when that INVITE carried SDP and
   * `2·seq` when not (RFC 3264 §2: without an offer in the INVITE the 2xx offers and the ACK
   * answers). One short number list, made at the first INVITE, instead of a Map per call.
   */
  private inviteSdp: number[] | undefined = undefined;

  constructor(id: number, callId: string, first: SipMessage) {
    const at = instantOf(first.origin);
    const sl = first.startLine;
    const method = sl?.kind === 'request' ? sl.method : first.cseq?.method;
    const kind = callKindOf(method);
    this.kindMethod = kind === 'call' ? 'INVITE' : method;
    this.call = {
      id,
      callIds: [callId],
      kind,
      state: initialState(kind),
      stateCode: undefined,
      from: nameAddrText(getHeader(first, 'from')),
      to: nameAddrText(getHeader(first, 'to')),
      start: at,
      lastAt: at,
      metrics: {
        start: at,
        pddSec: undefined,
        setupSec: undefined,
        answerToAckSec: undefined,
        ringSec: undefined,
        durationSec: undefined,
        hungUpBy: undefined,
        finalStatus: undefined,
        reason: undefined,
        retransmissions: 0,
        hopPath: [],
        media: [],
      },
      messages: [],
      dialogs: [],
      transactions: [],
      links: [],
    };
  }

  get finished(): boolean {
    return isFinalState(this.call.state);
  }

  /**
   * Adds one message. `retransmission`: the transaction layer recognised a repeat of a
   * request or response already seen on this hop (counted, otherwise ignored). Returns the
   * media descriptions this message added (offer/answer SDP), for media-endpoint links.
   */
  add(msg: SipMessage, retransmission: boolean): readonly MediaDescription[] {
    const call = this.call;
    const at = instantOf(msg.origin);
    call.messages.push(msg.id);
    call.lastAt = at;
    if (retransmission) {
      call.metrics.retransmissions++;
      return NO_MEDIA;
    }
    const sl = msg.startLine;
    const cseq = msg.cseq;
    if (sl === null || cseq === undefined) return NO_MEDIA;
    if (sl.kind === 'request') return this.onRequest(msg, sl.method, cseq.seq, at);
    return this.onResponse(msg, sl.status, cseq.method, cseq.seq, at);
  }

  /** No transaction can complete any more (transaction timeout, end of capture): unanswered → FAILED. */
  giveUp(): boolean {
    const next = unansweredState(this.call.kind, this.call.state);
    if (next === this.call.state) return false;
    this.call.state = next;
    return true;
  }

  private onRequest(msg: SipMessage, method: string, seq: number, at: Instant): readonly MediaDescription[] {
    const call = this.call;
    const m = call.metrics;
    if (call.kind === 'call') {
      if (method === 'INVITE') {
        // RFC 3261 §12.1: no To tag → outside any dialog: an initial INVITE.
        if (correlationFields(msg).toTag === '') this.onInitialInvite(msg, seq, at);
        const media = mediaOfMessage(msg, 'offer');
        this.noteInviteSdp(seq, media.length > 0);
        return this.addMedia(media);
      }
      if (method === 'ACK') {
        if (seq === this.initialCseq && this.answeredAt !== undefined && this.ackAt === undefined) {
          this.ackAt = at;
          m.answerToAckSec = elapsedSec(this.answeredAt, at);
        }
        return this.addMedia(mediaOfMessage(msg, 'answer'));
      }
      if (method === 'CANCEL') {
        if (seq === this.initialCseq) {
          this.cancelSeen = true;
          this.noteReason(msg);
        }
        return NO_MEDIA;
      }
      if (method === 'BYE') {
        if (this.byeAt === undefined) {
          this.byeAt = at;
          const tag = fromTagOf(msg);
          // RFC 3261 §12.1.1/§12.1.2: the caller's From tag stays its local tag in every
          // request it sends in the dialog; the callee sends its own tag as From.
          m.hungUpBy = this.callerTag === undefined || tag === undefined ? undefined : tag === this.callerTag ? 'caller' : 'callee';
          if (this.answeredAt !== undefined) m.durationSec = elapsedSec(this.answeredAt, at);
          if (call.state === 'IN CALL' || call.state === 'CALL SETUP' || call.state === 'RINGING') call.state = 'COMPLETED';
        }
        this.noteReason(msg);
        return NO_MEDIA;
      }
      if (method === 'UPDATE' || method === 'PRACK') return this.addMedia(mediaOfMessage(msg, 'offer'));
      return NO_MEDIA;
    }
    if (method === this.kindMethod && (this.initialCseq === undefined || seq > this.initialCseq)) {
      // A new attempt (a REGISTER refresh, an OPTIONS re-sent with credentials): its path.
      if (this.callerTag === undefined) this.callerTag = fromTagOf(msg);
      this.initialCseq = seq;
      m.hopPath.length = 0;
      extendHopPath(m.hopPath, msg);
    } else if (method === this.kindMethod && seq === this.initialCseq) {
      extendHopPath(m.hopPath, msg);
    }
    return NO_MEDIA;
  }

  private onInitialInvite(msg: SipMessage, seq: number, at: Instant): void {
    const call = this.call;
    const m = call.metrics;
    if (this.initialCseq !== undefined && seq < this.initialCseq) return;
    if (this.initialCseq === undefined || seq > this.initialCseq) {
      // A new initial INVITE (first one, or re-sent after a challenge): the setup starts over.
      this.initialCseq = seq;
      this.callerTag = fromTagOf(msg);
      this.inviteAt = at;
      this.first18xAt = this.answeredAt = this.finalAt = this.ackAt = undefined;
      this.cancelSeen = false;
      if (this.byeAt === undefined) call.state = 'CALL SETUP';
      call.stateCode = undefined;
      m.pddSec = m.setupSec = m.answerToAckSec = m.ringSec = undefined;
      m.finalStatus = undefined;
      m.hopPath.length = 0;
    }
    extendHopPath(m.hopPath, msg);
  }

  private onResponse(msg: SipMessage, status: number, method: string, seq: number, at: Instant): readonly MediaDescription[] {
    const call = this.call;
    if (call.kind === 'call') {
      if (method === 'INVITE') {
        // A capture that starts after the INVITE: its responses still tell the call's fate.
        if (this.initialCseq === undefined) this.initialCseq = seq;
        if (seq === this.initialCseq) this.onInviteResponse(msg, status, at);
        if (status < 101 || status >= 300) return NO_MEDIA;
        return this.addMedia(mediaOfMessage(msg, this.inviteHadSdp(seq) === false ? 'offer' : 'answer'));
      }
      if ((method === 'UPDATE' || method === 'PRACK') && status >= 200 && status < 300) {
        return this.addMedia(mediaOfMessage(msg, 'answer'));
      }
      return NO_MEDIA;
    }
    if (method !== this.kindMethod || status < 200) return NO_MEDIA;
    if (this.initialCseq === undefined) this.initialCseq = seq;
    if (seq < this.initialCseq) return NO_MEDIA;
    // The latest final response decides (a REGISTER challenged, then registered; a refresh).
    call.state = call.kind === 'register' ? registerFinalState(status) : otherFinalState(status);
    call.stateCode = status >= 300 ? status : undefined;
    call.metrics.finalStatus = status;
    this.noteReason(msg);
    return NO_MEDIA;
  }

  private onInviteResponse(msg: SipMessage, status: number, at: Instant): void {
    const call = this.call;
    const m = call.metrics;
    if (status >= 180 && status < 200) {
      if (this.first18xAt === undefined) {
        this.first18xAt = at;
        if (this.inviteAt !== undefined) m.pddSec = elapsedSec(this.inviteAt, at);
      }
      if (call.state === 'CALL SETUP') call.state = 'RINGING';
      return;
    }
    if (status < 200) return;
    if (status < 300) {
      // The first 2xx answers the call, even after a forked branch's failure (RFC 3261 §13.2.2.4).
      if (this.answeredAt !== undefined) return;
      this.answeredAt = at;
      this.finalAt = at;
      if (this.inviteAt !== undefined) m.setupSec = elapsedSec(this.inviteAt, at);
      if (this.first18xAt !== undefined) m.ringSec = elapsedSec(this.first18xAt, at);
      m.finalStatus = status;
      call.stateCode = undefined;
      if (this.byeAt === undefined) call.state = 'IN CALL';
      this.noteReason(msg);
      return;
    }
    // A failure after the answer is another fork's branch; the first failure on any hop decides.
    if (this.answeredAt !== undefined || this.finalAt !== undefined) return;
    this.finalAt = at;
    if (this.first18xAt !== undefined) m.ringSec = elapsedSec(this.first18xAt, at);
    m.finalStatus = status;
    call.state = inviteFinalState(status, this.cancelSeen);
    call.stateCode = status;
    this.noteReason(msg);
  }

  /** Records whether the first sighting of INVITE `seq` carried SDP (later sightings: another hop). */
  private noteInviteSdp(seq: number, hadSdp: boolean): void {
    const v = 2 * seq + (hadSdp ? 1 : 0);
    const list = this.inviteSdp;
    if (list === undefined) {
      this.inviteSdp = [v];
      return;
    }
    if (this.inviteHadSdp(seq) !== undefined) return;
    if (list.length >= MAX_OFFER_CSEQS) list.shift();
    list.push(v);
  }

  /** Whether INVITE `seq` carried SDP, undefined when it was not seen (or is too old to remember). */
  private inviteHadSdp(seq: number): boolean | undefined {
    const list = this.inviteSdp;
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (v === 2 * seq) return false;
      if (v === 2 * seq + 1) return true;
    }
    return undefined;
  }

  /** RFC 3326: why a BYE/CANCEL was sent or a final response given; the latest one present wins. */
  private noteReason(msg: SipMessage): void {
    const r = getHeader(msg, 'reason');
    if (r !== undefined) this.call.metrics.reason = r;
  }

  private addMedia(media: MediaDescription[]): readonly MediaDescription[] {
    if (media.length === 0) return NO_MEDIA;
    const list = this.call.metrics.media;
    const added: MediaDescription[] = [];
    for (const d of media) {
      if (list.length >= MAX_MEDIA) break;
      // The same SDP seen on another hop (a proxy) or repeated by a re-INVITE is one description.
      // Compared field by field with the (at most MAX_MEDIA) kept ones: no key string per SDP.
      if (hasSameMedia(list, d)) continue;
      list.push(d);
      added.push(d);
    }
    return added;
  }
}

const NO_MEDIA: readonly MediaDescription[] = Object.freeze([]);

/** Whether `list` holds a description equal to `d` in everything but the message it came in. */
function hasSameMedia(list: readonly MediaDescription[], d: MediaDescription): boolean {
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    if (o.port !== d.port || o.role !== d.role || o.address !== d.address || o.media !== d.media || o.direction !== d.direction) continue;
    const a = o.codecs;
    const b = d.codecs;
    if (a.length !== b.length) continue;
    let j = 0;
    while (j < a.length && a[j] === b[j]) j++;
    if (j === a.length) return true;
  }
  return false;
}

/** The From tag (RFC 3261 §19.3), read once per message with the trackers' header pass. */
function fromTagOf(msg: SipMessage): string | undefined {
  const tag = correlationFields(msg).fromTag;
  return tag === '' ? undefined : tag;
}

/** The name-addr part of a From/To value, as written, without its header parameters (tag…). */
export function nameAddrText(value: string | undefined): string {
  if (value === undefined) return '';
  const gt = value.lastIndexOf('>');
  if (gt >= 0) return value.slice(0, gt + 1).trim();
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim();
}
