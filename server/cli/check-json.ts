import { formatCitation } from '../rules/format-citation.js';
import { countBySeverity, type CheckReport } from './check-report.js';

/**
 * `sipscope check --format json`, exactly (issue #4):
 * `{ "violations": [ { "rule", "severity", "rfc", "summary", "frames", "callId", "messages",
 * "call", "span" } ], "summary": { "error": n, "warning": n, "info": n } }`.
 * Absent values are null, never left out, so consumers see a fixed shape.
 */
export function formatCheckJson(report: CheckReport): string {
  const violations = report.captures.flatMap((c) =>
    c.found.map(({ violation: v }) => ({
      rule: v.rule,
      severity: v.severity,
      rfc: v.rfc.map(formatCitation),
      summary: v.summary,
      frames: v.frames,
      callId: v.callId ?? null,
      messages: v.messages,
      call: v.call ?? null,
      span: v.span ?? null,
    })),
  );
  return JSON.stringify({ violations, summary: countBySeverity(report) }, null, 2) + '\n';
}
