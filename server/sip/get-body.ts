import type { ParsedSip } from '../model/sip-message.js';

/**
 * The message body as a view of `raw` (no copy): from `bodyOffset`, cut to Content-Length
 * when present (RFC 3261 §18.3: bytes beyond it are not part of the message, RFC 4475
 * §3.1.1.8), else to the end of the bytes.
 */
export function getBody(msg: Pick<ParsedSip, 'raw' | 'bodyOffset' | 'contentLength'>): Buffer {
  const { raw, bodyOffset, contentLength } = msg;
  const end = contentLength === undefined ? raw.length : Math.min(raw.length, bodyOffset + contentLength);
  return raw.subarray(Math.min(bodyOffset, raw.length), Math.max(end, Math.min(bodyOffset, raw.length)));
}
