import type { Call, CallMetrics, Instant } from '../model/correlation.js';
import { formatEpoch } from './message-row.js';

/** The JSON view of a call (schema: docs/calls.schema.json). */
export function callJson(c: Call): Record<string, unknown> {
  const m = c.metrics;
  return {
    id: c.id,
    callIds: c.callIds,
    kind: c.kind,
    state: c.state,
    stateCode: c.stateCode ?? null,
    from: c.from,
    to: c.to,
    start: epoch(c.start),
    metrics: metricsJson(m),
    messages: c.messages.length,
    dialogs: c.dialogs.map((d) => ({
      id: d.id,
      callId: d.callId,
      fromTag: d.fromTag,
      toTag: d.toTag,
      kind: d.kind,
      state: d.state,
      start: epoch(d.startedAt),
      confirmed: d.confirmedAt ? epoch(d.confirmedAt) : null,
      end: d.endedAt ? epoch(d.endedAt) : null,
      endReason: d.endReason ?? null,
      transactions: d.transactions.length,
    })),
    transactions: c.transactions.length,
    links: c.links.map((l) => ({ to: l.to, reason: l.reason })),
  };
}

function metricsJson(m: CallMetrics): Record<string, unknown> {
  return {
    start: epoch(m.start),
    pddSec: m.pddSec ?? null,
    setupSec: m.setupSec ?? null,
    answerToAckSec: m.answerToAckSec ?? null,
    ringSec: m.ringSec ?? null,
    durationSec: m.durationSec ?? null,
    hungUpBy: m.hungUpBy ?? null,
    finalStatus: m.finalStatus ?? null,
    reason: m.reason ?? null,
    retransmissions: m.retransmissions,
    hopPath: m.hopPath,
    media: m.media.map((x) => ({
      message: x.message,
      role: x.role,
      address: x.address,
      port: x.port,
      media: x.media,
      codecs: x.codecs,
      direction: x.direction,
    })),
  };
}

function epoch(t: Instant): string {
  return formatEpoch(t.sec, t.nsec);
}

/** Seconds with millisecond precision, or empty. */
function secs(v: number | undefined): string {
  return v === undefined ? '' : v.toFixed(3);
}

/** UTC wall-clock time with milliseconds, as a call list shows it. */
export function clock(t: Instant): string {
  return new Date(t.sec * 1000 + Math.floor(t.nsec / 1e6)).toISOString().replace('T', ' ').replace('Z', '');
}

export const CALL_COLUMNS = ['id', 'start', 'from', 'to', 'kind', 'state', 'pdd_s', 'duration_s', 'messages', 'legs', 'call_ids'] as const;

/** One call as the cells of CALL_COLUMNS (table and CSV). */
export function callCells(c: Call): string[] {
  const state = c.stateCode !== undefined ? `${c.state} ${c.stateCode}` : c.state;
  return [
    String(c.id),
    clock(c.start),
    c.from,
    c.to,
    c.kind,
    state,
    secs(c.metrics.pddSec),
    secs(c.metrics.durationSec),
    String(c.messages.length),
    c.links.map((l) => String(l.to)).join(' '),
    c.callIds.join(' '),
  ];
}

/** RFC 4180 CSV cell. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Text from the capture is attacker-controlled: no control characters reach the terminal. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** Does a call match a quick text filter (From/To/Call-ID/IP/kind/state), case-insensitive? */
export function callMatches(c: Call, filter: string): boolean {
  const f = filter.toLowerCase();
  const fields = [c.from, c.to, c.kind, c.state, String(c.stateCode ?? ''), ...c.callIds, ...c.metrics.hopPath];
  return fields.some((x) => x.toLowerCase().includes(f));
}
