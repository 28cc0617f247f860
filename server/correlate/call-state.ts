import type { CallKind, CallState } from '../model/correlation.js';

/**
 * sngrep-like call states from what the initial INVITE transaction saw:
 *
 *   CALL SETUP ──18x──▶ RINGING ──2xx──▶ IN CALL ──BYE──▶ COMPLETED
 *       │                  │
 *       └──── final ≥300 ──┴─▶ CANCELLED (487 after a CANCEL) | BUSY (486, 600)
 *                              DIVERTED (3xx) | FAILED (408, or no final at all)
 *                              REJECTED (any other 4xx–6xx, with its code)
 */
export function inviteFinalState(status: number, cancelSeen: boolean): CallState {
  if (status >= 200 && status < 300) return 'IN CALL';
  if (status >= 300 && status < 400) return 'DIVERTED';
  if (status === 486 || status === 600) return 'BUSY';
  // RFC 3261 §9.1: a CANCEL makes the UAS answer the INVITE with 487.
  if (status === 487 && cancelSeen) return 'CANCELLED';
  // RFC 3261 §8.1.3.1 / §17.1.1.2: 408 is what a timeout looks like on the wire.
  if (status === 408) return 'FAILED';
  return 'REJECTED';
}

/** REGISTER (RFC 3261 §10.3): challenged (401/407, RFC 3261 §22.2/§22.3), registered (2xx), failed. */
export function registerFinalState(status: number): CallState {
  if (status === 401 || status === 407) return 'CHALLENGED';
  if (status >= 200 && status < 300) return 'REGISTERED';
  return 'FAILED';
}

/** Other requests (OPTIONS, MESSAGE, SUBSCRIBE…): answered (2xx) or rejected (with the code). */
export function otherFinalState(status: number): CallState {
  return status >= 200 && status < 300 ? 'ANSWERED' : 'REJECTED';
}

/** The state of a call before any final response. */
export function initialState(kind: CallKind): CallState {
  return kind === 'call' ? 'CALL SETUP' : 'PENDING';
}

/** The state a call ends in when no final response came (end of capture, or transaction timeout). */
export function unansweredState(kind: CallKind, state: CallState): CallState {
  if (kind === 'call') return state === 'CALL SETUP' || state === 'RINGING' ? 'FAILED' : state;
  if (kind === 'register') return state === 'PENDING' ? 'FAILED' : state;
  return state;
}

/** States after which only in-dialog traffic (or nothing) follows: the call may leave memory once idle. */
export function isFinalState(state: CallState): boolean {
  return state !== 'CALL SETUP' && state !== 'RINGING' && state !== 'IN CALL' && state !== 'PENDING';
}
