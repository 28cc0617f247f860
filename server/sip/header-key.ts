/**
 * Header names → lookup keys: lower case, compact forms expanded.
 *
 * RFC 3261 §7.3.3 compact forms, and the later ones in the IANA "Header Fields" registry:
 * a Accept-Contact, j Reject-Contact, d Request-Disposition (RFC 3841), b Referred-By (RFC 3892),
 * o Event, u Allow-Events (RFC 6665), r Refer-To (RFC 3515), x Session-Expires (RFC 4028),
 * y Identity (RFC 8224), n Identity-Info (RFC 4474; the header is deprecated by RFC 8224,
 * but old captures still carry it).
 */
export const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: 'accept-contact',
  b: 'referred-by',
  c: 'content-type',
  d: 'request-disposition',
  e: 'content-encoding',
  f: 'from',
  i: 'call-id',
  j: 'reject-contact',
  k: 'supported',
  l: 'content-length',
  m: 'contact',
  n: 'identity-info',
  o: 'event',
  r: 'refer-to',
  s: 'subject',
  t: 'to',
  u: 'allow-events',
  v: 'via',
  x: 'session-expires',
  y: 'identity',
};

/** Names seen in nearly every capture: matched from bytes without decoding a string. */
const COMMON_NAMES = [
  'via', 'from', 'to', 'call-id', 'cseq', 'contact', 'max-forwards', 'content-type',
  'content-length', 'route', 'record-route', 'user-agent', 'server', 'allow', 'supported',
  'require', 'proxy-require', 'unsupported', 'expires', 'min-expires', 'authorization',
  'proxy-authorization', 'www-authenticate', 'proxy-authenticate', 'authentication-info',
  'accept', 'accept-encoding', 'accept-language', 'content-disposition', 'content-encoding',
  'content-language', 'date', 'subject', 'organization', 'priority', 'reason', 'rseq', 'rack',
  'event', 'allow-events', 'subscription-state', 'refer-to', 'referred-by', 'replaces',
  'session-expires', 'min-se', 'privacy', 'p-asserted-identity', 'p-preferred-identity',
  'p-charging-vector', 'p-access-network-info', 'p-called-party-id', 'path', 'service-route',
  'history-info', 'diversion', 'identity', 'warning', 'retry-after', 'timestamp', 'call-info',
  'alert-info', 'error-info', 'in-reply-to', 'reply-to', 'mime-version', 'content-id',
  'content-transfer-encoding', 'security-client', 'security-server', 'security-verify',
];

interface KnownName {
  readonly lower: string;
  readonly key: string;
}

/** The name hash of `raw[start, end)`, for callers that did not compute it while scanning. */
export function nameHash(raw: Buffer, start: number, end: number): number {
  let h = 0;
  for (let i = start; i < end; i++) h = nameHashStep(h, raw[i]);
  return h;
}

/**
 * One step of the name hash. `| 0x20` folds ASCII letters to lower case (and maps a few other
 * bytes onto each other, harmlessly: a hash hit is always verified). `scanHeaderBlock` inlines
 * the same expression while it scans a name.
 */
export function nameHashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + (c | 0x20)) | 0;
}

/**
 * Open-addressed table: hash → index into KNOWN (+1; 0 marks an empty slot). A typed array
 * probe is several times cheaper than a Map lookup on the hot path.
 */
const TABLE_BITS = 9;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
const TABLE_HASH = new Int32Array(1 << TABLE_BITS);
const TABLE_SLOT = new Int32Array(1 << TABLE_BITS);
const KNOWN: KnownName[] = [];

function addKnown(lower: string, key: string): void {
  let h = 0;
  for (let i = 0; i < lower.length; i++) h = nameHashStep(h, lower.charCodeAt(i));
  KNOWN.push({ lower, key });
  let slot = h & TABLE_MASK;
  while (TABLE_SLOT[slot] !== 0) slot = (slot + 1) & TABLE_MASK;
  TABLE_HASH[slot] = h;
  TABLE_SLOT[slot] = KNOWN.length;
}
for (const [c, full] of Object.entries(COMPACT_FORMS)) addKnown(c, full);
for (const n of COMMON_NAMES) addKnown(n, n);

/** The key of a header name given as a string (any case, compact or full). */
export function headerKey(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.length === 1 ? (COMPACT_FORMS[lower] ?? lower) : lower;
}

/**
 * The key of the header name in `raw[start, end)`. Hot path: common names are found by a
 * hash of their lower-cased bytes (computed by the caller while it scanned the name)
 * and verified in place, so no string is decoded for them.
 */
export function headerKeyFromBytes(raw: Buffer, start: number, end: number, hash: number): string {
  const h = hash;
  for (let slot = h & TABLE_MASK; TABLE_SLOT[slot] !== 0; slot = (slot + 1) & TABLE_MASK) {
    if (TABLE_HASH[slot] !== h) continue;
    const k = KNOWN[TABLE_SLOT[slot] - 1];
    if (matchesLower(raw, start, end, k.lower)) return k.key;
  }
  return headerKey(raw.toString('latin1', start, end));
}

function matchesLower(raw: Buffer, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = raw[start + i];
    if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}
