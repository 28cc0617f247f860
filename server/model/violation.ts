/**
 * Protocol violations (issue #4): what a rule found, where, and which RFC rule it breaks.
 * Violations are attached to their messages (by id) so the ladder can badge them.
 */

export type Severity = 'error' | 'warning' | 'info';

export type RuleScope = 'message' | 'transaction' | 'dialog' | 'call';

/** One RFC requirement a rule cites, e.g. { rfc: 3261, section: '8.1.1' }. */
export interface RfcCitation {
  readonly rfc: number;
  readonly section: string;
}

/** A byte range of one message's raw bytes that is at fault (a header, a value). */
export interface ByteSpan {
  /** SipMessage.id */
  readonly message: number;
  readonly start: number;
  readonly end: number;
}

export interface Violation {
  /** Rule id, e.g. `CSEQ-METHOD`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly rfc: readonly RfcCitation[];
  /** Plain English about this occurrence: "CSeq method ACK differs from request method BYE". */
  readonly summary: string;
  /** SipMessage ids of the evidence, in capture order. */
  readonly messages: readonly number[];
  /** Frame numbers of the evidence (the completing frame of each message). */
  readonly frames: readonly number[];
  readonly callId: string | undefined;
  /** Correlation ids where known (call, dialog, transaction). */
  readonly call: number | undefined;
  readonly dialog: number | undefined;
  readonly transaction: number | undefined;
  /** Where in a message the fault is, when a header or value is at fault. */
  readonly span: ByteSpan | undefined;
}
