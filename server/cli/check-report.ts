import type { Severity, Violation } from '../model/violation.js';
import type { ActiveRule } from '../rules/rules-engine.js';

/** A violation and the capture record of the frame it points at (for SARIF regions). */
export interface FoundViolation {
  readonly violation: Violation;
  /** Byte offset and length of the frame's record in the (decompressed) capture; the message itself for --message. */
  readonly record: { readonly offset: number; readonly length: number } | undefined;
}

/** What `sipscope check` found in one capture (or one --message file). */
export interface CheckedCapture {
  /** The path as given on the command line (`-` for stdin). */
  readonly path: string;
  /** What to call it in output: the base name, or `stdin`. */
  readonly name: string;
  readonly found: FoundViolation[];
  /** Every Call-ID seen, in order of first message (a JUnit testcase each, clean or not). */
  readonly callIds: string[];
}

export interface CheckReport {
  readonly captures: readonly CheckedCapture[];
  /** The rules that ran, with their effective severity. */
  readonly rules: readonly ActiveRule[];
}

/** Call-ID used to group messages that have none. */
export const NO_CALL_ID = '(no Call-ID)';

export function countBySeverity(report: CheckReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const c of report.captures) for (const f of c.found) counts[f.violation.severity]++;
  return counts;
}

/** Violations of one capture grouped by Call-ID, groups in order of first violation. */
export function groupByCallId(found: readonly FoundViolation[]): Map<string, FoundViolation[]> {
  const groups = new Map<string, FoundViolation[]>();
  for (const f of found) {
    const key = f.violation.callId ?? NO_CALL_ID;
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(f);
  }
  return groups;
}
