import { formatCitations } from '../rules/format-citation.js';
import { groupByCallId, NO_CALL_ID, type CheckReport } from './check-report.js';

/**
 * XML-escapes text for an attribute or element. Characters XML 1.0 cannot carry at all (most
 * C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD: attacker bytes must not make the
 * report unparsable for the CI server.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text content: like xmlEscape, but line breaks are kept as they are. */
function xmlText(s: string): string {
  return xmlEscape(s).replace(/&#(9|10|13);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

/**
 * `sipscope check --format junit`: a testsuite per capture, a testcase per call (Call-ID; clean
 * calls pass), a failure per violation, so CI servers list protocol violations like failed tests.
 */
export function formatCheckJunit(report: CheckReport): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let total = 0;
  let failures = 0;
  const suites: string[] = [];
  for (const c of report.captures) {
    const groups = groupByCallId(c.found);
    const callIds = [...c.callIds];
    const seen = new Set(callIds);
    for (const id of groups.keys()) if (!seen.has(id)) callIds.push(id);
    const cases: string[] = [];
    for (const callId of callIds) {
      const found = groups.get(callId) ?? [];
      const name = callId === NO_CALL_ID ? callId : `Call-ID ${callId}`;
      if (found.length === 0) {
        cases.push(`    <testcase classname="${xmlEscape(c.name)}" name="${xmlEscape(name)}"/>`);
        continue;
      }
      cases.push(`    <testcase classname="${xmlEscape(c.name)}" name="${xmlEscape(name)}">`);
      for (const { violation: v } of found) {
        const rfc = formatCitations(v.rfc);
        const detail = `${v.severity} ${v.rule} (${rfc}) at frame ${v.frames.join(', ')}: ${v.summary}`;
        cases.push(
          `      <failure type="${xmlEscape(v.rule)}" message="${xmlEscape(`${v.rule}: ${v.summary}`)}">${xmlText(detail)}</failure>`,
        );
      }
      cases.push('    </testcase>');
    }
    const failed = groups.size;
    total += callIds.length;
    failures += failed;
    suites.push(`  <testsuite name="${xmlEscape(c.name)}" tests="${callIds.length}" failures="${failed}" errors="0">`, ...cases, '  </testsuite>');
  }
  out.push(`<testsuites name="sipscope check" tests="${total}" failures="${failures}" errors="0">`, ...suites, '</testsuites>');
  return out.join('\n') + '\n';
}
