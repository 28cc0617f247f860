import { latin1Text } from '../sip/buffer-text.js';

/**
 * Transaction keys (RFC 3261 §17.1.3 for responses, §17.2.3 for requests). A key names a
 * transaction without its hop; the tracker adds the hop (client → server endpoints).
 *
 * A key is bucket + sent-by + method: the CANCEL finds "the INVITE with the same branch"
 * (§9.1) in the same bucket by its method.
 */

/** RFC 3261 §8.1.1.7: a branch starting with these 7 characters was made by an RFC 3261 element. */
export const MAGIC_COOKIE = 'z9hG4bK';

/** What the key needs from the topmost Via (§17.2.3), read without parsing the rest. */
export interface TopVia {
  /** sent-by as `host:port` (host lower-cased, port as written, '' when absent). */
  readonly sentBy: string;
  /** The branch parameter value as written, '' when absent. */
  readonly branch: string;
}

/** Whether the branch carries the RFC 3261 magic cookie (§8.1.1.7; the cookie is case-sensitive). */
export function hasMagicCookie(branch: string): boolean {
  return branch.startsWith(MAGIC_COOKIE);
}

/**
 * RFC 3261 §17.2.3 / §17.1.3: the branch + sent-by of the top Via name the transaction, and the
 * method tells the INVITE from its CANCEL (which has the same branch, §9.1). The tracker's
 * table is keyed by this bucket (the branch alone, which is unique in practice) and matches
 * sent-by and method within it, so a lookup hashes one short string. The branch is compared
 * as the string it is: §7.3.1 would make parameter values case-insensitive, but the branch is
 * an opaque identifier that every element copies verbatim into responses, CANCEL and non-2xx
 * ACK, and stacks (pjsip, sofia-sip) compare it exactly; so do we.
 */
export function rfc3261Bucket(via: TopVia): string {
  return via.branch;
}

/**
 * RFC 3261 §17.2.3 fallback for RFC 2543 peers (no magic cookie): Call-ID, From tag, CSeq
 * number and the top Via name the request; the Request-URI and To tag are checked by the
 * tracker on the request (a response carries no Request-URI, and the ACK carries the To tag of
 * the response it acknowledges, §17.2.3). Responses match on Call-ID + CSeq + From tag + top
 * Via. Of the top Via we use sent-by and branch (if any) rather than the whole text, because
 * the server adds `received`/`rport` to the Via it copies into the response (§18.2.1, RFC 3581).
 */
export function rfc2543Bucket(callId: string, fromTag: string, cseq: number, via: TopVia): string {
  return `${callId}\n${fromTag}\n${cseq}\n${via.branch}`;
}

/**
 * The method part of a key (§17.2.3): an ACK matches the INVITE transaction whose non-2xx it
 * acknowledges, so it is looked up as INVITE; CANCEL keeps its own method (its own transaction).
 */
export function keyMethod(method: string): string {
  return method === 'ACK' ? 'INVITE' : method;
}

/** The whole key as text (Transaction.key): bucket, sent-by and method, without the hop. */
export function transactionKey(bucket: string, sentBy: string, method: string, kind: 'rfc3261' | 'rfc2543'): string {
  return kind === 'rfc3261' ? `${bucket};${sentBy};${method}` : `${bucket}\n${sentBy}\n${method}`;
}

/**
 * Reads sent-by and branch from the first via-parm of a Via header value (§20.42) in
 * `raw[start, end)`:
 *   via-parm = sent-protocol LWS sent-by *( SEMI via-params ),  sent-by = host [ COLON port ]
 * A narrow byte scanner rather than `parseViaParm`: the tracker needs two fields of one Via
 * per message, for every message of the capture, and decoding the value to a string first
 * costs more than the scan. Undefined when there is no sent-by.
 */
export function readTopVia(raw: Buffer, start: number, end: number): TopVia | undefined {
  let i = start;
  // sent-protocol: two slashes, then the transport token (whitespace allowed around '/', RFC 4475 §3.1.1.1).
  let slashes = 0;
  while (i < end && slashes < 2) {
    if (raw[i] === 0x2f) slashes++;
    i++;
  }
  if (slashes < 2) return undefined;
  i = skipWs(raw, i, end);
  while (i < end && !isWs(raw[i]) && raw[i] !== 0x3b && raw[i] !== 0x2c) i++;
  i = skipWs(raw, i, end);
  const hs = i;
  if (raw[i] === 0x5b) {
    while (i < end && raw[i] !== 0x5d) i++;
    if (i < end) i++;
  } else {
    while (i < end) {
      const c = raw[i];
      if (c === 0x3a || c === 0x3b || c === 0x2c || isWs(c)) break;
      i++;
    }
  }
  if (i === hs) return undefined;
  const he = i;
  let ps = i;
  let pe = i;
  let j = skipWs(raw, i, end);
  if (j < end && raw[j] === 0x3a) {
    j = skipWs(raw, j + 1, end);
    ps = j;
    while (j < end && raw[j] >= 0x30 && raw[j] <= 0x39) j++;
    pe = j;
    i = j;
  }
  // via-params up to the end of this via-parm (a ',' outside quotes ends it).
  let branch = '';
  while (i < end) {
    const c = raw[i];
    if (c === 0x2c) break;
    if (c === 0x22) {
      i = skipQuoted(raw, i, end);
      continue;
    }
    if (c !== 0x3b) {
      i++;
      continue;
    }
    i = skipWs(raw, i + 1, end);
    const ns = i;
    while (i < end && isParamNameChar(raw[i])) i++;
    if (i - ns === 6 && branch === '' && isBranchName(raw, ns)) {
      i = skipWs(raw, i, end);
      if (i < end && raw[i] === 0x3d) {
        i = skipWs(raw, i + 1, end);
        const vs = i;
        while (i < end && isParamValueChar(raw[i])) i++;
        branch = latin1Text(raw, vs, i);
      }
    }
  }
  return { sentBy: sentByText(raw, hs, he, ps, pe), branch };
}

/**
 * `host:port` as one flat string when the Via writes it so (the usual `host:port`, host in
 * lower case): every transaction keeps its sent-by, and a string made by `+` is a chain of
 * pieces. Otherwise the host lower-cased and the port as written, joined.
 */
function sentByText(raw: Buffer, hs: number, he: number, ps: number, pe: number): string {
  if (pe > ps && ps === he + 1) {
    let upper = false;
    for (let i = hs; i < he; i++) if (raw[i] >= 0x41 && raw[i] <= 0x5a) upper = true;
    if (!upper) return latin1Text(raw, hs, pe);
  }
  return `${hostText(raw, hs, he)}:${latin1Text(raw, ps, pe)}`;
}

/** The host lower-cased (§19.1.4: hosts compare case-insensitively); most are already. */
function hostText(raw: Buffer, start: number, end: number): string {
  const text = latin1Text(raw, start, end);
  for (let i = start; i < end; i++) if (raw[i] >= 0x41 && raw[i] <= 0x5a) return text.toLowerCase();
  return text;
}

function isBranchName(raw: Buffer, i: number): boolean {
  return (raw[i] | 0x20) === 0x62 && (raw[i + 1] | 0x20) === 0x72 && (raw[i + 2] | 0x20) === 0x61 &&
    (raw[i + 3] | 0x20) === 0x6e && (raw[i + 4] | 0x20) === 0x63 && (raw[i + 5] | 0x20) === 0x68;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function skipWs(raw: Buffer, i: number, end: number): number {
  let j = i;
  while (j < end && isWs(raw[j])) j++;
  return j;
}

function skipQuoted(raw: Buffer, open: number, end: number): number {
  let i = open + 1;
  while (i < end) {
    const c = raw[i];
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return end;
}

function isParamNameChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x3d && c !== 0x3b && c !== 0x2c && c !== 0x22;
}

function isParamValueChar(c: number): boolean {
  return c > 0x20 && c !== 0x3b && c !== 0x2c && c !== 0x22 && c !== 0x7f;
}
