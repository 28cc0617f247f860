/** A `;name[=value]` parameter of a URI (RFC 3261 §19.1.1 uri-parameters, RFC 3966 §3 par). */
export interface UriParam {
  /** Lower case: URI parameter names compare case-insensitively (RFC 3261 §19.1.4). */
  readonly name: string;
  /** As written (escapes kept); undefined for a flag parameter such as `lr`. */
  readonly value: string | undefined;
}

/** Splits `;a=1;b` (without the leading `;`) into parameters. Empty names are skipped. */
export function splitUriParams(s: string): UriParam[] {
  const out: UriParam[] = [];
  if (s === '') return out;
  for (const part of s.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) out.push({ name: part.toLowerCase(), value: undefined });
    else out.push({ name: part.slice(0, eq).toLowerCase(), value: part.slice(eq + 1) });
  }
  return out;
}
