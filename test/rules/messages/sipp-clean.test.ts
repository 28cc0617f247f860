import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MESSAGE_RULES } from '../../../server/rules/messages/index.js';
import { ingestCapture } from '../../../server/session.js';
import { checkAll } from './rule-kit.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/sipp/', import.meta.url));
const CAPTURES = ['basic-call', 'register', 'prack'].flatMap((n) => [`${n}-udp.pcap`, `${n}-tcp.pcap`]);

describe('clean sipp traffic', () => {
  for (const file of CAPTURES) {
    it.skipIf(!existsSync(FIXTURES + file))(`gives no error or warning from the message rules on ${file}`, async () => {
      const hits: string[] = [];
      let messages = 0;
      await ingestCapture(FIXTURES + file, {
        message(msg) {
          messages++;
          for (const h of checkAll(msg, MESSAGE_RULES)) if (h.severity !== 'info') hits.push(`#${msg.id} ${h.rule}: ${h.summary}`);
        },
      });
      expect(messages).toBeGreaterThan(0);
      expect(hits).toEqual([]);
    });
  }
});
