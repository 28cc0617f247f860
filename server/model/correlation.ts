import type { Endpoint } from './sip-message.js';
import type { Transport } from './packet.js';

/**
 * Correlation types (issue #3): transactions (RFC 3261 §17), dialogs (§12), calls and linked
 * legs. Everything here is observed by a passive capture: states record what was seen; a
 * transition the RFC forbids is a finding, never an exception.
 */

/** A point in capture time. */
export interface Instant {
  readonly sec: number;
  readonly nsec: number;
}

/**
 * Observed transaction states (RFC 3261 §17.1.1 / §17.2.1 INVITE, §17.1.2 / §17.2.2
 * non-INVITE). A passive observer sees both sides, so one state per transaction:
 *   INVITE:     calling → proceeding → completed (3xx–6xx) → confirmed (ACK) → terminated
 *               calling/proceeding → terminated (2xx)
 *   non-INVITE: trying → proceeding → completed → terminated
 */
export type TransactionState = 'calling' | 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

/** How the transaction was identified. */
export type TransactionKeyKind =
  /** RFC 3261 §17.1.3/§17.2.3: top Via branch with the z9hG4bK magic cookie + sent-by + method. */
  | 'rfc3261'
  /** RFC 3261 §17.2.3 fallback for RFC 2543 peers: Request-URI, tags, Call-ID, CSeq, top Via. */
  | 'rfc2543';

/** One hop of a transaction: the client → server direction its request travelled. */
export interface Hop {
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly transport: Transport;
}

export interface TransactionResponse {
  /** SipMessage.id of the response. */
  readonly message: number;
  readonly status: number;
  /** A repeat of a response already seen in this transaction (same status, same To tag). */
  readonly retransmission: boolean;
  readonly at: Instant;
}

export interface Transaction {
  /** 1-based, in order of first sight. */
  readonly id: number;
  /** The correlation key (see TransactionKeyKind), without the hop. */
  readonly key: string;
  readonly keyKind: TransactionKeyKind;
  /** Request method (CSeq method). ACK to a 2xx is its own transaction-less request: kind 'ack-2xx'. */
  readonly method: string;
  readonly callId: string;
  readonly cseq: number;
  readonly hop: Hop;
  /** SipMessage.id of the first request. */
  readonly request: number;
  readonly startedAt: Instant;
  /** SipMessage.ids of request retransmissions (same request seen again on this hop). */
  readonly requestRetransmissions: readonly number[];
  /** Seconds between successive sends of the request (first → 1st retransmission → …), for timer checks. */
  readonly retransmissionIntervals: readonly number[];
  readonly responses: readonly TransactionResponse[];
  /** First final response status, if any. */
  readonly finalStatus: number | undefined;
  /** ACK of a non-2xx final response (part of the INVITE transaction, §17.1.1.3). */
  readonly ack: number | undefined;
  /** Transaction id of a CANCEL for this INVITE (the CANCEL has its own transaction, §9.1). */
  readonly cancelledBy: number | undefined;
  /** For a CANCEL: the INVITE transaction it cancels. */
  readonly cancels: number | undefined;
  /** Ids of the same transaction (same key) seen on other hops (another capture point, a NAT). */
  readonly sameOnOtherHops: readonly number[];
  readonly state: TransactionState;
  /** Transitions that the RFC state machine does not allow, as seen (e.g. "1xx after final 486"). */
  readonly anomalies: readonly string[];
  readonly endedAt: Instant | undefined;
}

/** Dialog states (RFC 3261 §12; RFC 6665 for subscriptions). */
export type DialogState = 'early' | 'confirmed' | 'terminated';

export type DialogKind = 'invite' | 'subscribe' | 'refer';

export interface Dialog {
  readonly id: number;
  /** Call-ID + the two tags, normalised (§12: local and remote tags; we key caller tag, callee tag). */
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag: string;
  readonly kind: DialogKind;
  readonly state: DialogState;
  /** Transaction that created the dialog (INVITE, SUBSCRIBE, REFER). */
  readonly creatingTransaction: number;
  /** In-dialog transactions (re-INVITE, UPDATE, INFO, PRACK, BYE, NOTIFY, …), in order. */
  readonly transactions: readonly number[];
  readonly startedAt: Instant;
  readonly confirmedAt: Instant | undefined;
  readonly endedAt: Instant | undefined;
  /** Why it ended: "BYE from caller", "487 to INVITE", "NOTIFY terminated;reason=noresource", … */
  readonly endReason: string | undefined;
}

export type CallKind = 'call' | 'register' | 'options' | 'message' | 'subscribe' | 'publish' | 'notify' | 'refer' | 'info' | 'other';

/** The user's view of a call's fate (sngrep-like), or of a REGISTER exchange. */
export type CallState =
  | 'CALL SETUP'
  | 'RINGING'
  | 'IN CALL'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'REJECTED'
  | 'BUSY'
  | 'DIVERTED'
  | 'FAILED'
  | 'CHALLENGED'
  | 'REGISTERED'
  | 'ANSWERED'
  | 'PENDING';

export interface MediaDescription {
  /** SipMessage.id of the SDP's message. */
  readonly message: number;
  /** 'offer' or 'answer' (RFC 3264). */
  readonly role: 'offer' | 'answer';
  readonly address: string;
  readonly port: number;
  readonly media: string;
  readonly codecs: readonly string[];
  readonly direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
}

export interface CallMetrics {
  readonly start: Instant;
  /** Post-dial delay: INVITE → first 18x, seconds. */
  readonly pddSec: number | undefined;
  /** INVITE → 2xx, seconds. */
  readonly setupSec: number | undefined;
  /** 2xx → ACK, seconds. */
  readonly answerToAckSec: number | undefined;
  /** First 18x → 2xx (or final), seconds. */
  readonly ringSec: number | undefined;
  /** 2xx → BYE, seconds. */
  readonly durationSec: number | undefined;
  /** 'caller' | 'callee' | undefined, from who sent the BYE. */
  readonly hungUpBy: 'caller' | 'callee' | undefined;
  readonly finalStatus: number | undefined;
  /** Reason header (RFC 3326) of the BYE/CANCEL/final response, as written. */
  readonly reason: string | undefined;
  readonly retransmissions: number;
  /** Endpoints the initial INVITE (or request) went through, in order (ip:port). */
  readonly hopPath: readonly string[];
  readonly media: readonly MediaDescription[];
}

export interface CallLink {
  /** The other call's id. */
  readonly to: number;
  /** Why they are linked: "X-CID", "Session-ID", "P-Charging-Vector icid-value", "Replaces", "Refer-To", "Referred-By", "SDP media 10.0.0.1:4000". */
  readonly reason: string;
}

export interface Call {
  /** 1-based, in order of first sight. */
  readonly id: number;
  readonly callIds: readonly string[];
  readonly kind: CallKind;
  readonly state: CallState;
  /** Final status that gave a REJECTED/… state, where one did. */
  readonly stateCode: number | undefined;
  /** From/To of the first request (display text as written). */
  readonly from: string;
  readonly to: string;
  readonly start: Instant;
  readonly lastAt: Instant;
  readonly metrics: CallMetrics;
  /** SipMessage.ids, in capture order. */
  readonly messages: readonly number[];
  readonly dialogs: readonly Dialog[];
  readonly transactions: readonly Transaction[];
  readonly links: readonly CallLink[];
}
