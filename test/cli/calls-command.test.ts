import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, runCli } from '../support/run-cli.js';

const UDP = `${FIXTURES_DIR}sipp-udp-3-calls.pcap`;
const TCP = `${FIXTURES_DIR}sipp-tcp-3-calls.pcap`;

interface CallJson {
  id: number;
  callIds: string[];
  kind: string;
  state: string;
  from: string;
  to: string;
  start: string;
  messages: number;
  transactions: number;
  dialogs: { state: string }[];
  links: { to: number; reason: string }[];
  metrics: { pddSec: number | null; setupSec: number | null; durationSec: number | null; hungUpBy: string | null; media: unknown[] };
}

function callsJson(args: string[]): CallJson[] {
  const r = runCli(['calls', '--format', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { calls: CallJson[] }).calls;
}

describe('sipscope calls', () => {
  it('lists the 3 sipp calls of each transport as COMPLETED, with counts and metrics (JSON schema of the README)', () => {
    for (const file of [UDP, TCP]) {
      const calls = callsJson([file]);
      expect(calls).toHaveLength(3);
      for (const c of calls) {
        expect(c.kind).toBe('call');
        expect(c.state).toBe('COMPLETED');
        expect(c.callIds).toHaveLength(1);
        expect(c.messages).toBe(6);
        // INVITE, ACK (to the 2xx: its own request), BYE.
        expect(c.transactions).toBe(3);
        expect(c.dialogs.map((d) => d.state)).toEqual(['terminated']);
        expect(c.metrics.pddSec).toBeGreaterThanOrEqual(0);
        expect(c.metrics.setupSec).toBeGreaterThanOrEqual(c.metrics.pddSec ?? 0);
        expect(c.metrics.durationSec).toBeGreaterThan(0);
        expect(c.metrics.hungUpBy).toBe('caller');
        expect(c.metrics.media.length).toBe(2);
        expect(c.from).toContain('sipp');
        expect(c.start).toMatch(/^\d{10}\.\d{9}$/);
      }
    }
  });

  it('prints a call-list table with a header and one row per call', () => {
    const r = runCli(['calls', UDP]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+start \(UTC\)\s+from\s+to\s+kind\s+state\s+PDD s\s+dur s\s+msgs\s+legs$/);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/COMPLETED/);
    expect(r.stderr).toMatch(/calls: 3/);
  });

  it('prints CSV with a header line', () => {
    const r = runCli(['calls', '--format', 'csv', TCP]);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,start,from,to,kind,state,pdd_s,duration_s,messages,legs,call_ids');
    expect(lines).toHaveLength(4);
  });

  it('filters by text and by kind', () => {
    const all = callsJson([UDP]);
    const one = callsJson(['--filter', all[1].callIds[0], UDP]);
    expect(one.map((c) => c.id)).toEqual([all[1].id]);
    expect(callsJson(['--kind', 'register', UDP])).toEqual([]);
    expect(callsJson(['--kind', 'call', UDP])).toHaveLength(3);
  });

  it('refuses an unknown kind as a usage error', () => {
    expect(runCli(['calls', '--kind', 'bogus', UDP]).code).toBe(2);
  });
});
