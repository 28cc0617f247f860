/**
 * The transaction and dialog trackers over every public capture: nothing throws, and the sipp
 * capture of 5 calls gives exactly 5 answered INVITE transactions, 5 BYEs and 5 ended dialogs.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DialogTracker } from '../../server/correlate/dialog-tracker.js';
import { TransactionTracker } from '../../server/correlate/transaction-tracker.js';
import type { Dialog, Transaction } from '../../server/model/correlation.js';
import { ingestCapture } from '../../server/session.js';
import { PCAP_DIR, SKIP_PCAPS_MESSAGE, hasPcapCorpus } from '../support/shared-corpus.js';

interface Seen {
  transactions: Map<number, Transaction>;
  dialogs: Map<number, Dialog>;
  tx: TransactionTracker;
  dlg: DialogTracker;
}

async function track(file: string): Promise<Seen> {
  const tx = new TransactionTracker();
  const dlg = new DialogTracker();
  const transactions = new Map<number, Transaction>();
  const dialogs = new Map<number, Dialog>();
  let lastSec = 0;
  await ingestCapture(`${PCAP_DIR}${file}`, {
    message: (m) => {
      if (m.origin.tsSec > lastSec) {
        tx.evict(m.origin.tsSec);
        dlg.evict(m.origin.tsSec);
        lastSec = m.origin.tsSec;
      }
      const u = tx.push(m);
      if (u !== undefined) transactions.set(u.transaction.id, u.transaction);
      const d = dlg.push(m, u);
      if (d !== undefined) dialogs.set(d.dialog.id, d.dialog);
    },
  });
  return { transactions, dialogs, tx, dlg };
}

describe.skipIf(!hasPcapCorpus)('transactions and dialogs on ../shared/pcaps', () => {
  if (!hasPcapCorpus) {
    it.skip(SKIP_PCAPS_MESSAGE, () => {});
    return;
  }
  const files = readdirSync(PCAP_DIR).filter((f) => /\.pcap(ng)?$/.test(f));

  for (const file of files) {
    it(`${file}: every message goes through both trackers without an exception`, async () => {
      const s = await track(file);
      expect(s.tx.stats.transactions).toBe(s.transactions.size);
      expect(s.dlg.stats.dialogs).toBe(s.dialogs.size);
    });
  }

  for (const file of ['pkts-sipp-5-calls.pcap', 'pkts-sipp-5-calls-sll.pcap']) {
    it(`${file}: 5 INVITEs terminated by 200, 5 BYEs, 5 dialogs terminated`, async () => {
      const s = await track(file);
      const all = [...s.transactions.values()];
      const invites = all.filter((t) => t.method === 'INVITE');
      expect(invites).toHaveLength(5);
      for (const t of invites) expect(t).toMatchObject({ state: 'terminated', finalStatus: 200, anomalies: [] });
      const byes = all.filter((t) => t.method === 'BYE');
      expect(byes).toHaveLength(5);
      for (const t of byes) expect(t.finalStatus).toBe(200);
      const dialogs = [...s.dialogs.values()];
      expect(dialogs).toHaveLength(5);
      for (const d of dialogs) {
        expect(d.state).toBe('terminated');
        expect(d.endReason).toMatch(/^BYE from (caller|callee) \(frame \d+\), answered 200 \(frame \d+\)$/);
      }
      expect(s.tx.stats.unmatchedResponses).toBe(0);
    });
  }
});
