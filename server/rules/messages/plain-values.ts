/*
 * Fast paths: regexes that recognise the plain, everyday forms of From/To/Contact, Via and
 * SIP URIs, so the rules need not run the full tolerant parsers (a few µs per value) on
 * messages that have nothing wrong. Each pattern is strictly narrower than what the parsers
 * in server/sip accept without an issue: a value that matches has no fault any rule looks for;
 * anything else (IPv6, escapes, lists, odd parameters) takes the full parser.
 */

const TOKEN = "[A-Za-z0-9.!%*_+`'~-]+";
/** Same label syntax as parse-sip-uri's isHostname (which also covers dotted IPv4). */
const HOST = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?';
const PORT = '(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
const USER = "[A-Za-z0-9_.!~*'()&=+$,-]+";
const URI_PARAM = ";[A-Za-z0-9_.!~*'-]+(?:=[A-Za-z0-9_.!~*'-]+)?";
const BARE_URI = `sips?:(?:${USER}@)?${HOST}(?::${PORT})?`;
const URI = `${BARE_URI}(?:${URI_PARAM})*`;
const HEADER_PARAMS = `((?:;${TOKEN}(?:=${TOKEN})?)*)`;
const DISPLAY = `(?:"[^"\\\\\\x00-\\x1f]*" *|${TOKEN}(?: +${TOKEN})* *)?`;

const PLAIN_URI = new RegExp(`^${URI}$`);
const PLAIN_NAME_ADDR = new RegExp(`^(?:${DISPLAY}<${URI}>|${BARE_URI})${HEADER_PARAMS}$`);
const TAG = /(?:^|;)tag=([^;]+)/i;

/** True when `text` is a plain sip/sips URI with no fault URI-SYNTAX looks for (and no URI headers). */
export function isPlainUri(text: string): boolean {
  return PLAIN_URI.test(text);
}

/**
 * For a plain single name-addr (From, To, one Contact): its tag (undefined when it has none).
 * Returns null when the value is not plain: use the full parser.
 */
export function plainNameAddrTag(value: string): string | undefined | null {
  const m = PLAIN_NAME_ADDR.exec(value);
  if (m === null) return null;
  const t = TAG.exec(m[1]);
  return t === null ? undefined : t[1];
}

/** Via params other than ttl/rport take any token value; rport may be bare or a port (RFC 3581). */
const VIA_PARAM = `;(?:rport(?:=(?:0|${PORT}))?|(?!ttl=|rport)${TOKEN}(?:=${TOKEN})?)`;
const PLAIN_VIA = new RegExp(`^SIP/2\\.0/(?:UDP|TCP|TLS|SCTP|WS|WSS) (${HOST})(?::${PORT})?((?:${VIA_PARAM})*)$`, 'i');
const BRANCH = /;branch=([^;]*)/i;

export interface PlainVia {
  readonly host: string;
  readonly branch: string | undefined;
}

/** A plain single via-parm with no fault a Via rule looks for, or null: use the full parser. */
export function plainVia(value: string): PlainVia | null {
  const m = PLAIN_VIA.exec(value);
  if (m === null) return null;
  const b = BRANCH.exec(m[2]);
  return { host: m[1], branch: b === null ? undefined : b[1] };
}
