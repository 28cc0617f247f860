/**
 * Bad input never crashes and never loses what came before (issue #2): ≥ 10,000 random
 * mutations of valid captures go through the whole ingest; nothing throws but a CaptureError,
 * which is returned (not thrown) after every frame before it went through the pipeline.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaptureError } from '../../server/capture/capture-error.js';
import type { SipMessage } from '../../server/model/sip-message.js';
import { ingestCapture } from '../../server/session.js';
import { FIXTURES_DIR } from '../support/run-cli.js';

const SEEDS = [
  'sipp-udp-3-calls.pcap',
  'sipp-tcp-3-calls.pcap',
  'two-interfaces-ns.pcapng',
  'ipv4-fragmented-invite.pcap',
  'ipv6-fragmented-invite.pcap',
  'tcp-one-message-four-segments-out-of-order.pcap',
  'tcp-three-messages-one-segment.pcap',
  'qinq-two-calls.pcap',
  'sll2-call.pcap',
  'gzip-call.pcap.gz',
].map((name) => ({ name, bytes: readFileSync(`${FIXTURES_DIR}${name}`) }));

const RUNS = Number(process.env.SIPSCOPE_FUZZ_RUNS ?? 10_000);

type Mutation =
  | { kind: 'flip'; at: number[]; values: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; from: number; to: number; len: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'u32'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), values: fc.array(fc.nat(255), { minLength: 8, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fc.nat(), value: fc.oneof(fc.constant(0xffffffff), fc.constant(0), fc.nat()) }),
);

function mutate(src: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(src);
  for (const m of ms) {
    if (b.length === 0) break;
    switch (m.kind) {
      case 'flip':
        m.at.forEach((a, i) => (b[a % b.length] = m.values[i]));
        break;
      case 'truncate':
        b = b.subarray(0, m.at % (b.length + 1));
        break;
      case 'splice': {
        const from = m.from % b.length;
        const piece = Buffer.from(b.subarray(from, from + m.len));
        const to = m.to % b.length;
        b = Buffer.concat([b.subarray(0, to), piece, b.subarray(to)]);
        break;
      }
      case 'insert': {
        const at = m.at % (b.length + 1);
        b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
        break;
      }
      case 'u32': {
        const at = (m.at % Math.max(1, b.length - 3)) & ~3;
        if (at + 4 <= b.length) b.writeUInt32LE(m.value >>> 0, at);
        break;
      }
    }
  }
  return b;
}

async function ingestBytes(bytes: Buffer): Promise<{ messages: SipMessage[]; error?: CaptureError; framesRead: number }> {
  const messages: SipMessage[] = [];
  const r = await ingestCapture(Readable.from([bytes]), { message: (m) => messages.push(m), diagnostic: () => {} });
  return { messages, error: r.error, framesRead: r.stats.framesRead };
}

describe('ingest of hostile bytes', () => {
  it(`never throws on ${RUNS} random mutations of valid captures, and reports well-formed messages in frame order`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (seed, ms) => {
        const bytes = mutate(SEEDS[seed].bytes, ms);
        const r = await ingestBytes(bytes);
        if (r.error !== undefined) {
          expect(r.error).toBeInstanceOf(CaptureError);
          expect(r.error.message.length).toBeGreaterThan(0);
        }
        let previous = 1;
        for (const m of r.messages) {
          expect(m.origin.frame).toBeGreaterThanOrEqual(previous);
          previous = m.origin.frame;
          for (const issue of m.issues) expect(issue.offset).toBeLessThanOrEqual(m.raw.length);
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('cut anywhere, a UDP capture still yields exactly the messages whose frames lie wholly before the cut', async () => {
    const whole = readFileSync(`${FIXTURES_DIR}sipp-udp-3-calls.pcap`);
    const all = (await ingestBytes(whole)).messages;
    const ends = all.map((m) => m.origin.frames[0].fileOffset + m.origin.frames[0].recordLength);
    for (let cut = 0; cut <= whole.length; cut += 7) {
      const r = await ingestBytes(whole.subarray(0, cut));
      const expected = all.filter((_, i) => ends[i] <= cut).map((m) => `${m.callId} ${m.origin.frame}`);
      expect(r.messages.map((m) => `${m.callId} ${m.origin.frame}`), `cut at ${cut}`).toEqual(expected);
      if (cut === 0) expect(r.error?.message).toMatch(/empty/);
      else if (cut !== 24 && !ends.includes(cut)) expect(r.error?.message, `cut at ${cut}`).toMatch(/offset \d+/);
      else expect(r.error, `cut at ${cut}`).toBeUndefined();
    }
  });

  it('cut anywhere, a TCP capture still yields every message completed before the cut', async () => {
    const whole = readFileSync(`${FIXTURES_DIR}sipp-tcp-3-calls.pcap`);
    const all = (await ingestBytes(whole)).messages;
    for (let cut = 0; cut <= whole.length; cut += 11) {
      const r = await ingestBytes(whole.subarray(0, cut));
      const got = new Set(r.messages.filter((m) => m.framing.length === 0).map((m) => `${m.origin.frame} ${m.callId} ${m.cseq?.method}`));
      for (const m of all) {
        const last = m.origin.frames[m.origin.frames.length - 1];
        if (last.fileOffset + last.recordLength <= cut) expect(got.has(`${m.origin.frame} ${m.callId} ${m.cseq?.method}`), `cut at ${cut}`).toBe(true);
      }
    }
  });
});
