import type { IngestStats } from '../model/ingest-stats.js';
import type { SkipReason } from '../model/packet.js';

const SKIP_LABELS: Record<SkipReason, string> = {
  'unknown-link-type': 'unknown link type',
  'not-ip': 'not IP',
  truncated: 'truncated',
  'bad-ip-header': 'bad IP header',
  'bad-transport-header': 'bad UDP/TCP header',
  'other-transport': 'not UDP/TCP',
  'tunnel-too-deep': 'tunnel too deep',
};

/**
 * The summary printed on standard error: every frame accounted for, and why a frame gave no
 * SIP — the answer to "no calls" that other tools leave unsaid.
 */
export function formatIngestSummary(name: string, s: IngestStats): string {
  const lines: string[] = [];
  lines.push(
    `${name}: ${s.framesRead} frames read, ${s.framesDecoded} decoded (UDP ${s.udpFrames}, TCP ${s.tcpFrames}), ` +
      `${s.sipMessages} SIP messages` +
      (s.sipMessagesWithIssues > 0 ? ` (${s.sipMessagesWithIssues} with parse issues)` : '') +
      (s.keepAlives > 0 ? `, ${s.keepAlives} keep-alives` : ''),
  );
  const reasons: string[] = [];
  for (const key of Object.keys(SKIP_LABELS) as SkipReason[]) {
    const n = s.skipped[key];
    if (n === 0) continue;
    const details = s.skippedDetails[key];
    reasons.push(`${SKIP_LABELS[key]} ${n}` + (details && details.length > 0 ? ` (${details.join('; ')})` : ''));
  }
  if (s.tls > 0) reasons.push(`encrypted/TLS ${s.tls}`);
  if (s.notSip > 0) reasons.push(`not SIP ${s.notSip}`);
  if (s.tcpRetransmissions > 0) reasons.push(`TCP retransmission ${s.tcpRetransmissions}`);
  if (s.fragments > 0) reasons.push(`IP fragment held for reassembly ${s.fragments}`);
  if (reasons.length > 0) lines.push(`  frames without SIP: ${reasons.join(', ')}`);
  lines.push(
    `  TCP gaps: ${s.tcpGaps}` + (s.tcpGaps > 0 ? ` (${s.tcpBytesMissing} bytes missing)` : '') +
      `; IP datagrams never completed: ${s.fragmentsNeverCompleted}`,
  );
  return lines.join('\n') + '\n';
}
