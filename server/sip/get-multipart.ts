import type { ParsedSip } from '../model/sip-message.js';
import { getBody } from './get-body.js';
import { getHeader } from './get-header.js';
import { parseContentType } from './parse-content-type.js';
import { parseMultipart, type Multipart } from './parse-multipart.js';

/** The message's multipart body split into parts, or undefined when it is not multipart/*. */
export function getMultipart(msg: Pick<ParsedSip, 'raw' | 'headers' | 'bodyOffset' | 'contentLength'>): Multipart | undefined {
  const ct = getHeader(msg, 'content-type');
  if (ct === undefined) return undefined;
  const t = parseContentType(ct);
  if (t.type !== 'multipart') return undefined;
  return parseMultipart(getBody(msg), t.boundary ?? '');
}
