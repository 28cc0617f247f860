/** The Correlator over public captures (issue #3 "Done when"), through the session. */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../server/model/correlation.js';
import { collectCalls } from '../support/calls.js';
import { PCAP_DIR, SKIP_PCAPS_MESSAGE, hasPcapCorpus, readTsv } from '../support/shared-corpus.js';

const callsOf = (file: string): Promise<Call[]> => collectCalls(`${PCAP_DIR}${file}`);

describe.skipIf(!hasPcapCorpus)('Correlator on ../shared/pcaps', () => {
  if (!hasPcapCorpus) {
    it.skip(SKIP_PCAPS_MESSAGE, () => {});
    return;
  }

  it('pkts-sipp-5-calls.pcap: five INVITE calls, all COMPLETED, with setup and duration', async () => {
    const calls = await callsOf('pkts-sipp-5-calls.pcap');
    expect(calls.map((c) => [c.kind, c.state])).toEqual(Array(5).fill(['call', 'COMPLETED']));
    for (const c of calls) {
      expect(c.metrics.setupSec).toBeGreaterThanOrEqual(0);
      expect(c.metrics.durationSec).toBeGreaterThanOrEqual(0);
      expect(c.metrics.hungUpBy).toBeDefined();
    }
  });

  it('sngrep-aaa-register-invite-auth.pcap: as many calls as MANIFEST distinct_call_ids', async () => {
    const row = readTsv(`${PCAP_DIR}MANIFEST.tsv`).find((r) => r.file === 'sngrep-aaa-register-invite-auth.pcap');
    const calls = await callsOf('sngrep-aaa-register-invite-auth.pcap');
    expect(new Set(calls.flatMap((c) => c.callIds)).size).toBe(Number(row?.distinct_call_ids));
    expect(calls).toHaveLength(Number(row?.distinct_call_ids));
  });

  it('heplify-erspan: the REFER call and the call its Refer-To Replaces names are linked', async () => {
    const calls = await callsOf('heplify-erspan-gre-subscribe-notify-refer.pcapng');
    const refer = calls.find((c) => c.callIds[0].startsWith('ddd141f1'));
    const target = calls.find((c) => c.callIds[0].startsWith('bf3880-0'));
    expect(refer?.links).toContainEqual({ to: target?.id, reason: 'Refer-To' });
    expect(target?.links).toContainEqual({ to: refer?.id, reason: 'Refer-To' });
  });

  it('pkts-invite-cancel-487.pcap is CANCELLED', async () => {
    const calls = await callsOf('pkts-invite-cancel-487.pcap');
    expect(calls.map((c) => c.state)).toEqual(['CANCELLED']);
  });
});
