import type { ParseIssue } from '../model/sip-message.js';
import { splitUriParams, type UriParam } from './uri-param.js';

/** A `tel:` URI (RFC 3966). */
export interface TelUri {
  readonly kind: 'tel';
  /** The telephone-subscriber number as written, visual separators kept (`+1-201-555-0123`). */
  readonly number: string;
  /** True for a global number (`+` and E.164 digits, RFC 3966 §5.1.4). */
  readonly global: boolean;
  /** The number with visual separators `-.()` removed (RFC 3966 §5.1.1). */
  readonly digits: string;
  readonly params: readonly UriParam[];
  /** Required for a local number (RFC 3966 §5.1.5). */
  readonly phoneContext: string | undefined;
  readonly text: string;
}

/**
 * `telephone-subscriber = global-number / local-number` (RFC 3966 §3), from `text[start..]`
 * (after `tel:`). Issues use offsets relative to `text` plus `base`.
 */
export function parseTelUri(text: string, start: number, base: number, issues: ParseIssue[]): TelUri {
  const semi = text.indexOf(';', start);
  const number = text.slice(start, semi < 0 ? text.length : semi);
  const params = splitUriParams(semi < 0 ? '' : text.slice(semi + 1));
  const global = number.startsWith('+');
  const digits = number.replace(/[-.()]/g, '');
  let phoneContext: string | undefined;
  for (const p of params) if (p.name === 'phone-context') phoneContext = p.value;
  if (global) {
    // global-number-digits = "+" *phonedigit DIGIT *phonedigit
    if (!/^\+[0-9]+$/.test(digits)) {
      issues.push({ code: 'bad-tel-number', offset: base + start, message: `'${number}' is not a global number (RFC 3966 §5.1.4)` });
    }
  } else {
    // local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
    if (!/^[0-9A-Fa-f*#]+$/.test(digits)) {
      issues.push({ code: 'bad-tel-number', offset: base + start, message: `'${number}' is not a local number (RFC 3966 §5.1.5)` });
    }
    if (phoneContext === undefined) {
      issues.push({
        code: 'tel-missing-phone-context',
        offset: base + start,
        message: 'a local tel number needs a phone-context parameter (RFC 3966 §5.1.5)',
      });
    }
  }
  return { kind: 'tel', number, global, digits, params, phoneContext, text };
}
