import { formatCitations } from '../rules/format-citation.js';
import { printable } from './call-row.js';
import { groupByCallId, type CheckReport } from './check-report.js';

/**
 * `sipscope check --format text`: per capture, violations grouped by call (Call-ID), each with
 * its frame numbers, severity, rule id, summary and RFC citations. Call-IDs and summaries carry
 * attacker-controlled text: control characters are made printable.
 */
export function formatCheckText(report: CheckReport): string {
  const lines: string[] = [];
  for (const c of report.captures) {
    const name = printable(c.name);
    if (c.found.length === 0) {
      lines.push(`${name}: no violations`);
      continue;
    }
    const groups = groupByCallId(c.found);
    lines.push(`${name}: ${plural(c.found.length, 'violation')} in ${plural(groups.size, 'call')}`);
    for (const [callId, found] of groups) {
      lines.push(`  Call-ID ${printable(callId)}`);
      for (const { violation: v } of found) {
        const frames = v.frames.length === 1 ? `frame ${v.frames[0]}` : `frames ${v.frames.join(',')}`;
        lines.push(`    ${frames.padEnd(12)} ${v.severity.padEnd(7)} ${v.rule.padEnd(18)} ${printable(v.summary)} [${formatCitations(v.rfc)}]`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
