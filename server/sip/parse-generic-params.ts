import type { ParseIssue } from '../model/sip-message.js';
import { parseQuotedString } from './parse-quoted-string.js';
import { TOKEN_BYTES } from './token-chars.js';

/** A header parameter (`;name[=value]`). */
export interface HeaderParam {
  /** Lower case: parameter names are case-insensitive (RFC 3261 §7.3.1). */
  readonly name: string;
  /** undefined for a flag parameter (`;lr`, `;rport`); quotes removed when `quoted`. */
  readonly value: string | undefined;
  readonly quoted: boolean;
}

export interface ParamsResult {
  readonly params: HeaderParam[];
  /** Offset where parsing stopped: the end of `s`, or a char that cannot start a parameter. */
  readonly end: number;
}

/**
 * `*( SEMI generic-param )`, `generic-param = token [ EQUAL gen-value ]`,
 * `gen-value = token / host / quoted-string` (RFC 3261 §25.1), from `s[start]`. SEMI and
 * EQUAL allow whitespace around them (RFC 4475 §3.1.1.1: `;   tag    = 1918181833n`).
 * Issues go to `issues` with offsets relative to `s`; parsing stops at a `,` or any char
 * that is not `;` outside a parameter.
 */
export function parseGenericParams(s: string, start: number, issues: ParseIssue[]): ParamsResult {
  const params: HeaderParam[] = [];
  let i = skipWs(s, start);
  while (i < s.length && s.charCodeAt(i) === 0x3b) {
    const semi = i;
    i = skipWs(s, i + 1);
    const nameStart = i;
    while (i < s.length && isTokenChar(s.charCodeAt(i))) i++;
    if (i === nameStart) {
      issues.push({ code: 'empty-param', offset: semi, message: `';' at ${semi} is not followed by a parameter` });
      continue;
    }
    const name = s.slice(nameStart, i).toLowerCase();
    i = skipWs(s, i);
    if (i >= s.length || s.charCodeAt(i) !== 0x3d) {
      params.push({ name, value: undefined, quoted: false });
      continue;
    }
    i = skipWs(s, i + 1);
    if (i < s.length && s.charCodeAt(i) === 0x22) {
      const q = parseQuotedString(s, i);
      if (!q.terminated) {
        issues.push({ code: 'unterminated-quote', offset: i, message: `quoted parameter value at ${i} has no closing quote` });
      }
      params.push({ name, value: q.text, quoted: true });
      i = skipWs(s, q.end);
      continue;
    }
    const valueStart = i;
    if (i < s.length && s.charCodeAt(i) === 0x5b) {
      // IPv6reference as a host value (RFC 3261 §25.1 gen-value = host).
      const close = s.indexOf(']', i);
      i = close < 0 ? s.length : close + 1;
    } else {
      // `:` is allowed for a bare IPv6 address (Via received, RFC 3261 §20.42 / RFC 5118 §4.5).
      while (i < s.length && (isTokenChar(s.charCodeAt(i)) || s.charCodeAt(i) === 0x3a)) i++;
    }
    if (i === valueStart) {
      issues.push({ code: 'empty-param-value', offset: valueStart, message: `parameter '${name}' has '=' but no value` });
    }
    params.push({ name, value: s.slice(valueStart, i), quoted: false });
    i = skipWs(s, i);
  }
  return { params, end: i };
}

/** First value of a parameter by (case-insensitive) name; undefined also for a flag. */
export function paramValue(params: readonly HeaderParam[], name: string): string | undefined {
  const n = name.toLowerCase();
  for (const p of params) if (p.name === n) return p.value;
  return undefined;
}

/** Whether a parameter of this name is present (with or without a value). */
export function hasParam(params: readonly HeaderParam[], name: string): boolean {
  const n = name.toLowerCase();
  for (const p of params) if (p.name === n) return true;
  return false;
}

function isTokenChar(c: number): boolean {
  return c < 0x100 && TOKEN_BYTES[c] === 1;
}

function skipWs(s: string, i: number): number {
  let j = i;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    j++;
  }
  return j;
}
