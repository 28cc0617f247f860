import { latin1Text } from './buffer-text.js';
/**
 * Methods of RFC 3261 and its extensions (RFC 3262 PRACK, RFC 3311 UPDATE, RFC 3428 MESSAGE,
 * RFC 3515 REFER, RFC 3903 PUBLISH, RFC 6086 INFO, RFC 6665 SUBSCRIBE/NOTIFY). Matching them in
 * place saves a string decode per message on the hot path; the returned strings are shared.
 */
const KNOWN_METHODS = [
  'INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'UPDATE', 'INFO',
  'MESSAGE', 'REFER', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH',
];

/**
 * The method token in `raw[start, end)` as a string. Methods are case-sensitive
 * (RFC 3261 §7.1), so `invite` is an extension method, not INVITE.
 */
export function internMethod(raw: Buffer, start: number, end: number): string {
  const len = end - start;
  for (const m of KNOWN_METHODS) {
    if (m.length !== len || m.charCodeAt(0) !== raw[start]) continue;
    let i = 1;
    while (i < len && m.charCodeAt(i) === raw[start + i]) i++;
    if (i === len) return m;
  }
  return latin1Text(raw, start, end);
}
