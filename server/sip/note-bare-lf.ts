import type { ParseIssue } from '../model/sip-message.js';

/**
 * Records the first bare LF line end of a message (RFC 3261 §7: lines end in CRLF; a bare LF
 * is tolerated, as most stacks do, but noted once so a capture full of them is not flooded).
 */
export function noteBareLf(issues: ParseIssue[], offset: number): void {
  for (const i of issues) if (i.code === 'bare-lf') return;
  issues.push({ code: 'bare-lf', offset, message: `line ends in a bare LF at byte ${offset}, not CRLF` });
}
