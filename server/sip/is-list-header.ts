/**
 * Header keys whose grammar is a comma-separated list (`1#element` / `*( COMMA ... )`), so that
 * several header lines and several comma-joined values mean the same thing (RFC 3261 §7.3.1).
 * Headers such as WWW-Authenticate, Authorization (commas separate auth-params), Date
 * (`Sat, 13 Nov`), Call-ID, CSeq, From and To are not lists, so their values must never be split.
 */
const LIST_HEADERS: ReadonlySet<string> = new Set([
  // RFC 3261 §20
  'accept', 'accept-encoding', 'accept-language', 'alert-info', 'allow', 'call-info',
  'contact', 'content-encoding', 'content-language', 'error-info', 'in-reply-to',
  'proxy-require', 'record-route', 'require', 'route', 'supported', 'unsupported', 'via',
  'warning',
  // extensions
  'allow-events', // RFC 6665 §8.2.2
  'accept-contact', 'reject-contact', 'request-disposition', // RFC 3841 §9
  'reason', // RFC 3326 §2
  'path', // RFC 3327 §4
  'service-route', // RFC 3608 §5
  'p-asserted-identity', 'p-preferred-identity', // RFC 3325 §9
  'p-associated-uri', // RFC 7315 §4.1
  'history-info', // RFC 7044 §4.1
  'diversion', // RFC 5806 §3
  'security-client', 'security-server', 'security-verify', // RFC 3329 §2.2
  'resource-priority', 'accept-resource-priority', // RFC 4412 §3
  'geolocation', // RFC 6442 §4.1
  'recv-info', // RFC 6086 §7.2.3
  'permission-missing', 'trigger-consent', // RFC 5360
  'feature-caps', // RFC 6809 §9
]);

export function isListHeader(key: string): boolean {
  return LIST_HEADERS.has(key);
}
