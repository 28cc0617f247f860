import type { ParseIssue } from '../model/sip-message.js';
import { parseGenericParams, paramValue, type HeaderParam } from './parse-generic-params.js';

export interface ContentType {
  /** Lower case, e.g. `application`; '' when unreadable. */
  readonly type: string;
  /** Lower case, e.g. `sdp`. */
  readonly subtype: string;
  /** `type/subtype`, lower case. */
  readonly mediaType: string;
  readonly params: readonly HeaderParam[];
  /** The multipart boundary (RFC 2046 §5.1.1), case kept. */
  readonly boundary: string | undefined;
  readonly charset: string | undefined;
  readonly issues: readonly ParseIssue[];
}

/**
 * `media-type = m-type SLASH m-subtype *( SEMI m-parameter )` (RFC 3261 §20.15, §25.1;
 * RFC 2045 §5.1). Type, subtype and parameter names are case-insensitive; values are kept.
 */
export function parseContentType(value: string): ContentType {
  const issues: ParseIssue[] = [];
  const m = /^\s*([A-Za-z0-9!%*_+`'~.-]+)\s*\/\s*([A-Za-z0-9!%*_+`'~.-]+)/.exec(value);
  if (m === null) {
    issues.push({ code: 'bad-content-type', offset: 0, message: `'${value}' is not type/subtype` });
    return { type: '', subtype: '', mediaType: '', params: [], boundary: undefined, charset: undefined, issues };
  }
  const type = m[1].toLowerCase();
  const subtype = m[2].toLowerCase();
  const pr = parseGenericParams(value, m[0].length, issues);
  if (pr.end < value.length) {
    issues.push({ code: 'bad-content-type', offset: pr.end, message: `unexpected '${value[pr.end]}' in Content-Type` });
  }
  const boundary = paramValue(pr.params, 'boundary');
  if (type === 'multipart' && (boundary === undefined || boundary === '')) {
    issues.push({ code: 'missing-boundary', offset: 0, message: 'multipart Content-Type without a boundary (RFC 2046 §5.1.1)' });
  }
  return {
    type,
    subtype,
    mediaType: `${type}/${subtype}`,
    params: pr.params,
    boundary,
    charset: paramValue(pr.params, 'charset'),
    issues,
  };
}
