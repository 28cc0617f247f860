import type { Severity } from '../model/violation.js';
import { formatCitation } from '../rules/format-citation.js';
import type { CheckReport } from './check-report.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF 2.1.0 §3.27.10: result levels; our `info` is SARIF's `note`. */
function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'info' ? 'note' : s;
}

/** A capture path as a SARIF artifact URI (§3.4.3): relative paths stay relative, with `/`. */
function artifactUri(path: string): string {
  return path === '-' ? 'stdin' : encodeURI(path.replace(/\\/g, '/'));
}

/**
 * `sipscope check --format sarif`: SARIF 2.1.0 with one run. `tool.driver.rules` lists the
 * rules that ran (id, title, what triggers it, default level, RFC citations in properties).
 * Each result's location names the capture file and the frame twice over: a physicalLocation
 * whose region is the byte range of the frame's record in the capture (offset in the
 * decompressed stream for a gzip capture; the whole message for --message), and a
 * logicalLocation named `frame N`, for viewers that cannot show a binary region.
 */
export function formatCheckSarif(report: CheckReport, toolVersion: string): string {
  const ruleIndex = new Map<string, number>();
  const rules = report.rules.map((a, i) => {
    ruleIndex.set(a.rule.id, i);
    return {
      id: a.rule.id,
      name: a.rule.id,
      shortDescription: { text: a.rule.title },
      fullDescription: { text: a.rule.triggers },
      defaultConfiguration: { level: sarifLevel(a.severity) },
      properties: { rfc: a.rule.rfc.map(formatCitation), scope: a.rule.scope },
    };
  });
  const results = report.captures.flatMap((c) =>
    c.found.map(({ violation: v, record }) => {
      const frame = v.frames[0] ?? 0;
      const physicalLocation =
        record === undefined
          ? { artifactLocation: { uri: artifactUri(c.path) } }
          : { artifactLocation: { uri: artifactUri(c.path) }, region: { byteOffset: record.offset, byteLength: record.length } };
      return {
        ruleId: v.rule,
        ...(ruleIndex.has(v.rule) ? { ruleIndex: ruleIndex.get(v.rule) } : {}),
        level: sarifLevel(v.severity),
        message: { text: `${v.summary} (${v.rfc.map(formatCitation).join(', ')})` },
        locations: [{ physicalLocation, logicalLocations: [{ name: `frame ${frame}`, fullyQualifiedName: `${c.name}#frame-${frame}` }] }],
        properties: { frames: v.frames, messages: v.messages, callId: v.callId ?? null, call: v.call ?? null, span: v.span ?? null },
      };
    }),
  );
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'sipscope', version: toolVersion, rules } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
