import type { SipMessage } from '../model/sip-message.js';
import type { RfcCitation, RuleScope, Severity } from '../model/violation.js';

/** What a message rule reports: the engine adds rule id, severity, citations and provenance. */
export interface Finding {
  /** Plain English about this occurrence, naming the values at fault. */
  readonly summary: string;
  /** Byte range in `msg.raw` at fault, when a header or value is. */
  readonly span?: { readonly start: number; readonly end: number };
}

/**
 * One rule: one requirement of an RFC, checked on what a passive capture saw. A rule never
 * fires on what the capture simply did not contain. One rule per file, named by its id; the
 * file's doc comment states the requirement in our own words.
 */
export interface Rule {
  /** Stable id, e.g. `CSEQ-METHOD`. */
  readonly id: string;
  /** Short title for lists and SARIF, e.g. "CSeq method matches the request method". */
  readonly title: string;
  /** Default severity (a config file may override it). */
  readonly severity: Severity;
  /** The RFC sections the rule comes from (checked against the RFC text). */
  readonly rfc: readonly RfcCitation[];
  readonly scope: RuleScope;
  /** What triggers it, one or two sentences, for docs/rules.md. */
  readonly triggers: string;
  /** A short example of an offending message or exchange, for docs/rules.md. */
  readonly example: string;
  /** Message scope: look at one parsed message; report each problem found. */
  checkMessage?(msg: SipMessage, report: (f: Finding) => void): void;
}
