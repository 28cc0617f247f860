/*
 * The plain-value fast paths of plain-values.ts, read straight from the bytes of a header value
 * (no string decoded, nothing allocated). Each matcher accepts a subset of what its regex
 * accepts on the decoded text, and reads the same tag or branch: ASCII only (so the UTF-8 text
 * is the bytes), and a value must not be folded (the caller checks). When a matcher says no,
 * the caller falls back to the regex, then to the full parser, so what the rules find is the
 * same; the matchers only make the clean case cheap.
 */

const TOKEN = 1; // RFC 3261 §25.1 token: alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
const USER = 2; // the plain userinfo characters of plain-values.ts
const PARAM = 4; // the plain URI parameter characters of plain-values.ts
const ALNUM = 8;
const QTEXT = 16; // quoted display name: printable ASCII but `"` and `\`

const CLASS = new Uint8Array(256);
function mark(chars: string, bit: number): void {
  for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)] |= bit;
}
const ALNUMS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
mark(ALNUMS, TOKEN | USER | PARAM | ALNUM);
mark(".!%*_+`'~-", TOKEN);
mark("_.!~*'()&=+$,-", USER);
mark("_.!~*'-", PARAM);
for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) CLASS[c] |= QTEXT;

const SP = 0x20;
const SEMI = 0x3b;
const EQ = 0x3d;
const COLON = 0x3a;
const DOT = 0x2e;
const DASH = 0x2d;
const LT = 0x3c;
const GT = 0x3e;
const AT = 0x40;
const DQUOTE = 0x22;

/** End of a run of bytes of class `bit` from `i`. */
function run(b: Uint8Array, i: number, end: number, bit: number): number {
  while (i < end && (CLASS[b[i]] & bit) !== 0) i++;
  return i;
}

/** End of a host name or dotted IPv4 (labels of alphanum and inner `-`, optional final dot), or -1. */
function hostEnd(b: Uint8Array, i: number, end: number): number {
  for (;;) {
    if (i >= end || (CLASS[b[i]] & ALNUM) === 0) return -1;
    let last = b[i++];
    while (i < end && ((CLASS[b[i]] & ALNUM) !== 0 || b[i] === DASH)) last = b[i++];
    if (last === DASH) return -1;
    if (i < end && b[i] === DOT) {
      i++;
      if (i < end && (CLASS[b[i]] & ALNUM) !== 0) continue;
    }
    return i;
  }
}

/** End of a port 1-65535 without leading zero (RFC 3261 §18.2.2 needs a usable port), or -1. */
function portEnd(b: Uint8Array, i: number, end: number): number {
  if (i >= end || b[i] < 0x31 || b[i] > 0x39) return -1;
  let n = 0;
  const start = i;
  while (i < end && b[i] >= 0x30 && b[i] <= 0x39) {
    n = n * 10 + b[i] - 0x30;
    if (++i - start > 5) return -1;
  }
  return n <= 65535 ? i : -1;
}

/** End of `sips?:[user@]host[:port]`, then `;param[=value]`s when `params`, or -1. */
function uriEnd(b: Uint8Array, i: number, end: number, params: boolean): number {
  if (end - i < 5 || b[i] !== 0x73 || b[i + 1] !== 0x69 || b[i + 2] !== 0x70) return -1;
  i += 3;
  if (b[i] === 0x73) i++;
  if (i >= end || b[i] !== COLON) return -1;
  i++;
  const u = run(b, i, end, USER);
  if (u > i && u < end && b[u] === AT) i = u + 1;
  i = hostEnd(b, i, end);
  if (i < 0) return -1;
  if (i < end && b[i] === COLON) {
    i = portEnd(b, i + 1, end);
    if (i < 0) return -1;
  }
  if (!params) return i;
  while (i < end && b[i] === SEMI) {
    const n = run(b, i + 1, end, PARAM);
    if (n === i + 1) return -1;
    i = n;
    if (i < end && b[i] === EQ) {
      const v = run(b, i + 1, end, PARAM);
      if (v === i + 1) return -1;
      i = v;
    }
  }
  return i;
}

/** True when `b[start, end)` is a plain sip/sips URI (isPlainUri's subset). */
export function isPlainUriBytes(b: Uint8Array, start: number, end: number): boolean {
  return uriEnd(b, start, end, true) === end;
}

// A Buffer like the message bytes, so the matchers see one kind of array (stay monomorphic).
let scratch = Buffer.allocUnsafeSlow(256);

/**
 * True when `text` (a Request-URI the parser decoded) is a plain sip/sips URI: isPlainUri's
 * subset, matched over its char codes copied to a reused scratch array (no allocation).
 */
export function isPlainUriText(text: string): boolean {
  const n = text.length;
  if (n > scratch.length) scratch = Buffer.allocUnsafeSlow(n * 2);
  const b = scratch;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e) return false;
    b[i] = c;
  }
  return uriEnd(b, 0, n, true) === n;
}

/** True when `b[i, ...)` starts with `lower` (lower-case ASCII), letters in either case. */
export function isCi(b: Uint8Array, i: number, end: number, lower: string): boolean {
  if (end - i < lower.length) return false;
  for (let k = 0; k < lower.length; k++) {
    const c = lower.charCodeAt(k);
    // Only letters fold: `| 0x20` would also map control bytes onto digits and punctuation.
    const x = c >= 0x61 && c <= 0x7a ? b[i + k] | 0x20 : b[i + k];
    if (x !== c) return false;
  }
  return true;
}

/**
 * A plain single name-addr (plainNameAddrTag's subset) in `b[start, end)`: 1 when it has a
 * tag, 0 when it has none, -1 when it is not plain (use the regex or the full parser).
 */
export function plainNameAddrBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  // [display-name] "<" URI ">" — the display name is a quoted string or tokens.
  let angle = -1;
  if (i < end && b[i] === DQUOTE) {
    i = run(b, i + 1, end, QTEXT);
    if (i >= end || b[i] !== DQUOTE) return -1;
    i++;
    while (i < end && b[i] === SP) i++;
    if (i >= end || b[i] !== LT) return -1;
    angle = i;
  } else {
    let t = run(b, i, end, TOKEN);
    while (t > i && t < end && b[t] === SP) {
      let s = t;
      while (s < end && b[s] === SP) s++;
      const n = run(b, s, end, TOKEN);
      if (n === s) {
        t = s;
        break;
      }
      t = n;
    }
    if (t < end && b[t] === LT) angle = t;
  }
  if (angle >= 0) {
    i = uriEnd(b, angle + 1, end, true);
    if (i < 0 || i >= end || b[i] !== GT) return -1;
    i++;
  } else {
    i = uriEnd(b, start, end, false);
    if (i < 0) return -1;
  }
  // Header parameters: `;token[=token]`; a `tag=` with a value marks the tag (RFC 3261 §19.3).
  let tag = 0;
  while (i < end) {
    if (b[i] !== SEMI) return -1;
    const n = run(b, i + 1, end, TOKEN);
    if (n === i + 1) return -1;
    const isTag = n - i - 1 === 3 && isCi(b, i + 1, n, 'tag');
    i = n;
    if (i < end && b[i] === EQ) {
      const v = run(b, i + 1, end, TOKEN);
      if (v === i + 1) return -1;
      if (isTag) tag = 1;
      i = v;
    }
  }
  return tag;
}

/** Length of the transport at `i` followed by SP (UDP, TCP, TLS, SCTP, WS, WSS in any case), or -1. */
function transportEnd(b: Uint8Array, i: number, end: number): number {
  if (end - i < 3) return -1;
  const c0 = b[i] | 0x20;
  const c1 = b[i + 1] | 0x20;
  const c2 = b[i + 2] | 0x20;
  // `| 0x20` is exact here: the only bytes mapped onto these letters are their upper cases.
  let n = -1;
  if (c1 === 0x64 && c0 === 0x75 && c2 === 0x70) n = 3; // udp
  else if (c0 === 0x74 && ((c1 === 0x63 && c2 === 0x70) || (c1 === 0x6c && c2 === 0x73))) n = 3; // tcp, tls
  else if (c0 === 0x77 && c1 === 0x73) n = c2 === 0x73 ? 3 : 2; // wss, ws
  else if (c0 === 0x73 && c1 === 0x63 && c2 === 0x74 && end - i > 3 && (b[i + 3] | 0x20) === 0x70) n = 4; // sctp
  if (n < 0 || i + n >= end || b[i + n] !== SP) return -1;
  return i + n + 1;
}

/**
 * A plain single via-parm (plainVia's subset) in `b[start, end)`. Returns -1 when it is not
 * plain; otherwise the offset of the first branch value, or -2 when there is no branch. The
 * branch value ends at the next `;` or `end` (see branchEnd).
 */
export function plainViaBytes(b: Uint8Array, start: number, end: number): number {
  if (!isCi(b, start, end, 'sip/2.0/')) return -1;
  let i = transportEnd(b, start + 8, end);
  if (i < 0) return -1;
  i = hostEnd(b, i, end);
  if (i < 0) return -1;
  if (i < end && b[i] === COLON) {
    i = portEnd(b, i + 1, end);
    if (i < 0) return -1;
  }
  let branch = -2;
  while (i < end) {
    if (b[i] !== SEMI) return -1;
    i++;
    if (isCi(b, i, end, 'rport')) {
      // RFC 3581: bare, or a port (0 allowed in a request); nothing else may follow the name.
      i += 5;
      if (i < end && b[i] === EQ) {
        i = i + 1 < end && b[i + 1] === 0x30 ? i + 2 : portEnd(b, i + 1, end);
        if (i < 0) return -1;
      }
      if (i < end && b[i] !== SEMI) return -1;
      continue;
    }
    if (isCi(b, i, end, 'ttl=')) return -1;
    const n = run(b, i, end, TOKEN);
    if (n === i) return -1;
    const isBranch = n - i === 6 && isCi(b, i, n, 'branch');
    i = n;
    if (i < end && b[i] === EQ) {
      const v = run(b, i + 1, end, TOKEN);
      if (v === i + 1) return -1;
      if (isBranch && branch === -2) branch = i + 1;
      i = v;
    }
  }
  return branch;
}

/** End of the branch value starting at `i` of a plain Via (the next `;`, or `end`). */
export function branchEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== SEMI) i++;
  return i;
}
