import type { TransactionState } from '../model/correlation.js';

/**
 * What a passive observer sees happen to a transaction. `timeout` is the tracker forgetting
 * it (Timers D/I/J/K have run out by then, RFC 3261 §17).
 */
export type TransactionEvent = 'provisional' | 'success' | 'failure' | 'ack' | 'timeout';

type TransitionTable = Readonly<Record<TransactionState, Readonly<Partial<Record<TransactionEvent, TransactionState>>>>>;

/**
 * INVITE (RFC 3261 §17.1.1 client, §17.2.1 server; one observed state for both sides):
 *
 *   calling ──1xx──► proceeding ──1xx──┐
 *     │  │               │  ▲──────────┘
 *     │  └──300-699──┐   ├──300-699──► completed ──ACK──► confirmed ──timeout──► terminated
 *     └──2xx─────────┼───┴──2xx──────────────────────────────────────────────► terminated
 *                    └──────────────► completed
 *
 * RFC 6026 adds an 'accepted' state after a 2xx (the server transaction stays to absorb 2xx
 * retransmissions); it is folded into terminated here: the model has no 'accepted', and a
 * retransmitted 2xx is recognised as a response retransmission anyway. A 2xx in terminated is
 * allowed: a forked INVITE may be answered by several UASs (§13.2.2.4).
 * Missing entries are transitions the RFC does not allow: the tracker records an anomaly.
 */
export const INVITE_TRANSITIONS: TransitionTable = {
  calling: { provisional: 'proceeding', success: 'terminated', failure: 'completed', timeout: 'terminated' },
  proceeding: { provisional: 'proceeding', success: 'terminated', failure: 'completed', timeout: 'terminated' },
  completed: { ack: 'confirmed', timeout: 'terminated' },
  confirmed: { ack: 'confirmed', timeout: 'terminated' },
  terminated: { success: 'terminated', timeout: 'terminated' },
  trying: {},
};

/**
 * Non-INVITE (RFC 3261 §17.1.2 client, §17.2.2 server):
 *
 *   trying ──1xx──► proceeding ──1xx──┐
 *     │                │  ▲───────────┘
 *     └──200-699───────┴──200-699──► completed ──timeout──► terminated
 *
 * The terminated state is reached when the tracker forgets the transaction (Timer J/K).
 */
export const NON_INVITE_TRANSITIONS: TransitionTable = {
  trying: { provisional: 'proceeding', success: 'completed', failure: 'completed', timeout: 'terminated' },
  proceeding: { provisional: 'proceeding', success: 'completed', failure: 'completed', timeout: 'terminated' },
  completed: { timeout: 'terminated' },
  terminated: { timeout: 'terminated' },
  calling: {},
  confirmed: {},
};

/** The state a transaction of this method starts in (§17.1.1.2 calling, §17.1.2.2 trying). */
export function initialTransactionState(method: string): TransactionState {
  return method === 'INVITE' ? 'calling' : 'trying';
}

/** The next state, or undefined when the RFC state machine has no such transition. */
export function nextTransactionState(method: string, state: TransactionState, event: TransactionEvent): TransactionState | undefined {
  return (method === 'INVITE' ? INVITE_TRANSITIONS : NON_INVITE_TRANSITIONS)[state][event];
}

/** The event a response of this status is (1xx provisional, 2xx success, 3xx-6xx failure). */
export function responseEvent(status: number): TransactionEvent {
  return status < 200 ? 'provisional' : status < 300 ? 'success' : 'failure';
}

/** Whether the transaction has seen its outcome (nothing but retransmissions or an ACK can follow). */
export function isFinishedState(state: TransactionState): boolean {
  return state === 'completed' || state === 'confirmed' || state === 'terminated';
}
