import type { CallKind } from '../model/correlation.js';

const KINDS: Readonly<Record<string, CallKind>> = {
  INVITE: 'call',
  // These exist only for an INVITE transaction or inside an INVITE dialog (RFC 3261 §9, §15;
  // RFC 3262 PRACK; RFC 3311 UPDATE): a capture that starts with one has caught a call midway.
  ACK: 'call',
  BYE: 'call',
  CANCEL: 'call',
  PRACK: 'call',
  UPDATE: 'call',
  REGISTER: 'register',
  OPTIONS: 'options',
  MESSAGE: 'message',
  SUBSCRIBE: 'subscribe',
  PUBLISH: 'publish',
  NOTIFY: 'notify',
  REFER: 'refer',
  INFO: 'info',
};

/**
 * The kind of a call from the method of its first request, or, when the capture starts with a
 * response, from that response's CSeq method (RFC 3261 §8.2.6.2: the CSeq method names the
 * request answered).
 */
export function callKindOf(method: string | undefined): CallKind {
  return method === undefined ? 'other' : (KINDS[method] ?? 'other');
}
