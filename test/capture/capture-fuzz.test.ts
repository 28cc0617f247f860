import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { RawFrame } from '../../server/model/frame.js';
import { CaptureError } from '../../server/capture/capture-error.js';
import { CaptureReader } from '../../server/capture/capture-reader.js';
import { encodePcap } from '../../server/capture/pcap-writer.js';
import { encodePcapng } from '../../server/capture/pcapng-writer.js';
import { epb, frameKey, idb, ngBlock, ngOptions, parseCut, payload, shb, words } from './capture-test-bytes.js';

/** Runs per property; the lead raises it (SIPSCOPE_FUZZ_RUNS=10000) for a long soak. */
const RUNS = Math.max(2000, Number(process.env.SIPSCOPE_FUZZ_RUNS ?? 0));

const frames = Array.from({ length: 6 }, (_, i) => ({
  tsSec: 1_700_000_000 + i,
  tsNsec: i * 111_111_111,
  data: payload(20 + i * 13, i),
  interfaceId: i % 2,
  comment: i === 2 ? 'hello' : undefined,
}));

function realFile(name: string): Buffer[] {
  const p = `/work/shared/pcaps/${name}`;
  return existsSync(p) ? [readFileSync(p)] : [];
}

const PCAP_BASES: Buffer[] = [
  encodePcap(frames, { linkType: 1 }),
  encodePcap(frames, { linkType: 113, nanosecond: true, bigEndian: true, snapLen: 40 }),
  ...realFile('pkts-simple-invite-call.pcap'),
];

const PCAPNG_BASES: Buffer[] = [
  encodePcapng(frames, { interfaces: [{ linkType: 1, tsresol: 9, name: 'eth0' }, { linkType: 101 }], comment: 'fuzz' }),
  encodePcapng(frames, { interfaces: [{ linkType: 1, tsresol: 0x80 | 20 }, { linkType: 276, snapLen: 30 }], bigEndian: true }),
  Buffer.concat([
    shb(),
    idb(1, 64, true, ngOptions([[9, Buffer.from([9])], [14, Buffer.alloc(8, 1)]])),
    ngBlock(3, Buffer.concat([words([100]), payload(64, 1)])),
    ngBlock(2, Buffer.concat([Buffer.from([0, 0, 0, 0]), words([1, 2, 4, 4]), payload(4, 2)])),
    ngBlock(4, Buffer.alloc(8)),
    ngBlock(5, Buffer.alloc(16)),
    shb(false),
    idb(228, 0, false),
    epb(0, 1, 2, payload(30, 3), 30, false),
  ]),
  ...realFile('wireshark-acme-sbc-rawip-register-invite.pcapng'),
];

type Mutation =
  | { kind: 'flip'; pos: number; xor: number }
  | { kind: 'set32'; pos: number; value: number; le: boolean }
  | { kind: 'truncate'; pos: number }
  | { kind: 'delete'; pos: number; len: number }
  | { kind: 'splice'; pos: number; from: number; start: number; len: number };

const pos = fc.nat({ max: 1 << 16 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), pos, xor: fc.integer({ min: 1, max: 255 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set32' as const),
      pos,
      // Lengths that lie: 4 GB, just past a limit, zero, off by one or two, anything.
      value: fc.oneof(
        fc.constantFrom(0xffffffff, 0xfffffffc, 0x80000000, 0x01000004, 0x40001, 0, 1, 12, 13, 28, 32),
        fc.integer({ min: 0, max: 0xffffffff }),
      ),
      le: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), pos }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pos, len: fc.integer({ min: 1, max: 64 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('splice' as const),
      pos,
      from: fc.nat(),
      start: pos,
      len: fc.integer({ min: 1, max: 400 }),
    }),
  },
);

function mutate(base: Buffer, ms: readonly Mutation[], donors: readonly Buffer[]): Buffer {
  let b = Buffer.from(base);
  for (const m of ms) {
    if (b.length === 0) break;
    const at = m.pos % b.length;
    switch (m.kind) {
      case 'flip':
        b[at] ^= m.xor;
        break;
      case 'set32':
        if (at + 4 <= b.length) {
          if (m.le) b.writeUInt32LE(m.value >>> 0, at);
          else b.writeUInt32BE(m.value >>> 0, at);
        }
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 'splice': {
        const donor = donors[m.from % donors.length];
        const s = m.start % donor.length;
        b = Buffer.concat([b.subarray(0, at), donor.subarray(s, s + m.len), b.subarray(at)]);
        break;
      }
    }
  }
  return b;
}

/** What any reading of any input must satisfy. */
function checkFrames(fs: readonly RawFrame[], inputLength: number): void {
  let last = 0;
  for (const f of fs) {
    expect(f.frame).toBeGreaterThan(last);
    last = f.frame;
    expect(f.tsNsec).toBeGreaterThanOrEqual(0);
    expect(f.tsNsec).toBeLessThan(1_000_000_000);
    expect(Number.isInteger(f.tsSec)).toBe(true);
    expect(f.data.length).toBeLessThanOrEqual(f.recordLength);
    expect(f.fileOffset + f.recordLength).toBeLessThanOrEqual(inputLength);
  }
}

function fuzz(bases: Buffer[], donors: Buffer[]): void {
  fc.assert(
    fc.property(
      fc.nat(),
      fc.array(mutation, { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 700 }), { maxLength: 8 }),
      (which, ms, steps) => {
        const input = mutate(bases[which % bases.length], ms, donors);
        const started = performance.now();
        // parseCut lets anything but a CaptureError escape: the property then fails.
        const whole = parseCut(input, []);
        const cuts: number[] = [];
        for (let i = 0, at = 0; i < steps.length && at + steps[i] < input.length; i++) cuts.push((at += steps[i]));
        const chunked = parseCut(input, cuts);
        expect(performance.now() - started).toBeLessThan(2000);
        checkFrames(whole.frames, input.length);
        // The chunk boundaries change nothing: same frames, same verdict.
        expect(chunked.frames.map(frameKey)).toEqual(whole.frames.map(frameKey));
        expect(chunked.error?.code).toBe(whole.error?.code);
        expect(chunked.error?.fileOffset).toBe(whole.error?.fileOffset);
        if (whole.error !== undefined) {
          expect(whole.error).toBeInstanceOf(CaptureError);
          expect(whole.error.message).not.toContain('\n');
        }
      },
    ),
    { numRuns: RUNS },
  );
}

describe('capture readers under mutated input (fast-check)', () => {
  const donors = [...PCAP_BASES, ...PCAPNG_BASES];

  it(`never throws anything but a CaptureError on mutated pcap files (${RUNS} runs)`, () => {
    const before = process.memoryUsage().arrayBuffers;
    fuzz(PCAP_BASES, donors);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
  });

  it(`never throws anything but a CaptureError on mutated pcapng files (${RUNS} runs)`, () => {
    const before = process.memoryUsage().arrayBuffers;
    fuzz(PCAPNG_BASES, donors);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20);
  });

  it('never throws anything but a CaptureError through the async reader, plain or gzip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (which, ms, gz) => {
        const input = mutate(donors[which % donors.length], ms, donors);
        // A mutated gzip stream too: the same mutation applied to the compressed bytes.
        const bytes = gz ? mutate(gzipSync(input), ms.slice(0, 1), donors) : input;
        let n = 0;
        try {
          for await (const batch of CaptureReader.open(Readable.from([bytes]), { chunkSize: 4096 }).batches()) n += batch.length;
        } catch (e) {
          expect(e).toBeInstanceOf(CaptureError);
        }
        expect(n).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: Math.max(500, RUNS / 4) },
    );
  });

  it('holds a claimed 4 GB record in memory only as far as its bytes arrive', () => {
    const bytes = encodePcap(frames, { linkType: 1, snapLen: 0xffffffff });
    bytes.writeUInt32LE(0x00fffff0, 24 + 8); // 16 MiB claimed: within the absolute limit, snaplen says fine
    const before = process.memoryUsage().arrayBuffers;
    const r = parseCut(bytes, [30, 60, 90]);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20);
    expect(r.error?.code).toBe('truncated-record');
    bytes.writeUInt32LE(0xfffffff0, 24 + 8);
    expect(parseCut(bytes, [30]).error?.code).toBe('record-too-long');
  });
});
