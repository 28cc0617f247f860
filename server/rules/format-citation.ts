import type { RfcCitation } from '../model/violation.js';

/** `RFC 3261 §8.1.1.5`: how a citation is printed in text, JSON, JUnit, SARIF and docs/rules.md. */
export function formatCitation(c: RfcCitation): string {
  return `RFC ${c.rfc} §${c.section}`;
}

/** Several citations, the RFC number said once per run: `RFC 3261 §20.10, §25.1; RFC 4475 §3.1.2.1`. */
export function formatCitations(list: readonly RfcCitation[]): string {
  const parts: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    parts.push(i > 0 && list[i - 1].rfc === c.rfc ? `, §${c.section}` : `${i > 0 ? '; ' : ''}${formatCitation(c)}`);
  }
  return parts.join('');
}
