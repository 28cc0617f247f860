import type { Dialog, DialogKind, DialogState, Instant } from '../model/correlation.js';
import { exact } from './transaction-record.js';

const NONE: readonly never[] = Object.freeze([]);

/** In-dialog transactions kept per dialog at most; later ones are counted, not listed. */
export const MAX_DIALOG_TRANSACTIONS = 256;

/** The live `Dialog` the tracker updates in place (readers see `Dialog`, with readonly fields). */
export class DialogRecord implements Dialog {
  readonly id: number;
  readonly callId: string;
  readonly fromTag: string;
  readonly toTag: string;
  readonly kind: DialogKind;
  state: DialogState;
  creatingTransaction: number;
  transactions: readonly number[] = NONE;
  readonly startedAt: Instant;
  confirmedAt: Instant | undefined = undefined;
  endedAt: Instant | undefined = undefined;
  endReason: string | undefined = undefined;

  constructor(
    id: number,
    callId: string,
    fromTag: string,
    toTag: string,
    kind: DialogKind,
    state: DialogState,
    creatingTransaction: number,
    startedAt: Instant,
  ) {
    this.id = id;
    this.callId = callId;
    this.fromTag = fromTag;
    this.toTag = toTag;
    this.kind = kind;
    this.state = state;
    this.creatingTransaction = creatingTransaction;
    this.startedAt = startedAt;
    this.next = undefined;
    this.lastAt = startedAt;
    this.queued = false;
    this.live = true;
    this.droppedTransactions = 0;
    this.byeTransaction = 0;
    this.byeText = '';
    this.endedByFork = false;
  }

  // ---- tracker bookkeeping (not part of Dialog; toJSON leaves it out) ----
  /** The next dialog of the same Call-ID in the tracker's table. */
  next: DialogRecord | undefined;
  /** Capture time of the last message in the dialog (that message's shared Instant), for eviction. */
  lastAt: Instant;
  /** In the tracker's ended queue. */
  queued: boolean;
  /** Still in the tracker's tables. */
  live: boolean;
  droppedTransactions: number;
  /** The last BYE's transaction id and "BYE from caller (frame N)", for the end reason. */
  byeTransaction: number;
  byeText: string;
  /** Ended because another fork of its INVITE was answered: a later 2xx may still confirm it. */
  endedByFork: boolean;

  bind(transactionId: number): void {
    if (this.transactions.length >= MAX_DIALOG_TRANSACTIONS) {
      this.droppedTransactions++;
      return;
    }
    if (this.transactions.length === 0) this.transactions = [transactionId];
    // Only the record owns its non-empty list (made above), so growing it in place is safe.
    else (this.transactions as number[]).push(transactionId);
  }

  /** Cuts the transaction list to its length (see TransactionRecord.compact). */
  compact(): void {
    this.transactions = exact(this.transactions);
  }

  end(at: Instant, reason: string): void {
    this.state = 'terminated';
    this.endedAt = at;
    this.endReason = reason;
  }

  toJSON(): Dialog {
    return {
      id: this.id,
      callId: this.callId,
      fromTag: this.fromTag,
      toTag: this.toTag,
      kind: this.kind,
      state: this.state,
      creatingTransaction: this.creatingTransaction,
      transactions: this.transactions,
      startedAt: this.startedAt,
      confirmedAt: this.confirmedAt,
      endedAt: this.endedAt,
      endReason: this.endReason,
    };
  }
}
