import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FrameRef } from '../../server/model/frame.js';
import { findNextStartLine, looksLikeTls, startLineEnd } from '../../server/reassembly/sip-start-line.js';
import { TcpReassembler } from '../../server/reassembly/tcp-reassembler.js';
import { UdpSipFramer } from '../../server/reassembly/udp-sip-framer.js';
import { A_TO_B, ACK, B_TO_A, CollectingSink, ref, sipRequest, sipResponse, SYN, tcp, udp } from './sip-framing-kit.js';

/** A SIP message with an arbitrary binary body and a correct Content-Length. */
const message = fc
  .record({ n: fc.nat(99999), request: fc.boolean(), body: fc.uint8Array({ maxLength: 400 }) })
  .map(({ n, request, body }) => {
    const b = Buffer.from(body);
    const head = request ? sipRequest(n, '', 'MESSAGE') : sipResponse(n);
    // Replace the Content-Length the builder wrote (0) with the body's.
    const text = head.replace('Content-Length: 0\r\n', `Content-Length: ${b.length}\r\n`);
    return Buffer.concat([Buffer.from(text, 'latin1'), b]);
  });

const streamCase = fc.record({
  messages: fc.array(message, { minLength: 1, maxLength: 10 }),
  keepAliveAfter: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
  isn: fc.oneof(fc.constant(0xffffffff - 500), fc.nat(0xffffffff)),
  cuts: fc.array(fc.nat(), { maxLength: 25 }),
  dups: fc.array(fc.tuple(fc.nat(), fc.nat(1500)), { maxLength: 8 }),
  order: fc.array(fc.nat(), { maxLength: 40 }),
});

describe('TCP reassembly properties', () => {
  it('any segmentation, in any order, with duplicates, yields exactly the messages, byte-identical', () => {
    fc.assert(
      fc.property(streamCase, ({ messages, keepAliveAfter, isn, cuts, dups, order }) => {
        const parts: Buffer[] = [];
        messages.forEach((m, i) => {
          parts.push(m);
          if (keepAliveAfter[i]) parts.push(Buffer.from('\r\n\r\n'));
        });
        const stream = Buffer.concat(parts);
        const points = [...new Set(cuts.map((c) => c % stream.length))].filter((c) => c > 0).sort((a, b) => a - b);
        const ranges: [number, number][] = [];
        let prev = 0;
        for (const p of [...points, stream.length]) {
          ranges.push([prev, p]);
          prev = p;
        }
        for (const [start, len] of dups) {
          const s = start % stream.length;
          ranges.push([s, Math.min(stream.length, s + 1 + len)]);
        }
        // A deterministic shuffle driven by `order`.
        for (let i = ranges.length - 1; i > 0; i--) {
          const j = (order[i % Math.max(1, order.length)] ?? 0) % (i + 1);
          [ranges[i], ranges[j]] = [ranges[j], ranges[i]];
        }
        const sink = new CollectingSink();
        const r = new TcpReassembler(sink);
        let frame = 1;
        r.push(tcp(A_TO_B, isn, '', SYN), [ref(frame++)]);
        for (const [s, e] of ranges) {
          r.push(tcp(A_TO_B, (isn + 1 + s) >>> 0, stream.subarray(s, e), ACK), [ref(frame++)]);
        }
        r.flush();
        expect(sink.diagnostics).toEqual([]);
        expect(sink.messages.length).toBe(messages.length);
        sink.messages.forEach((m, i) => {
          expect(m.bytes.equals(messages[i])).toBe(true);
          expect(m.notes).toEqual([]);
          // Provenance: frames in capture order, completing frame at or after every contributor.
          const nums = m.origin.frames.map((f: FrameRef) => f.frame);
          expect([...nums].sort((a, b) => a - b)).toEqual(nums);
          expect(new Set(nums).size).toBe(nums.length);
          expect(nums.length).toBeGreaterThan(0);
          expect(m.origin.frame).toBeGreaterThanOrEqual(nums[nums.length - 1]);
        });
        expect(r.stats.gaps).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('random bytes, flags and sequence numbers never throw, and every slice owns non-empty bytes', () => {
    const segment = fc.record({
      dir: fc.boolean(),
      port: fc.integer({ min: 0, max: 2 }),
      seq: fc.oneof(fc.nat(0xffffffff), fc.integer({ min: 0, max: 3000 })),
      flags: fc.integer({ min: 0, max: 0x3f }),
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('INVITE sip:x SIP/2.0\r\n', 'SIP/2.0 200 OK\r\nl: 3\r\n\r\nabc', '\r\n\r\n', 'Content-Length: 99\r\n\r\n').map((s) => Buffer.from(s)),
      ),
      t: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 60 }), (segs) => {
        const sink = new CollectingSink();
        const r = new TcpReassembler(sink, { maxFlows: 3, maxFlowBytes: 2000, maxSegments: 4, gapTimeoutSec: 1 });
        const u = new UdpSipFramer(sink);
        let now = 1_700_000_000;
        let frame = 1;
        for (const s of segs) {
          now += s.t;
          const addr = { ...(s.dir ? A_TO_B : B_TO_A), sport: 5060 + s.port };
          const payload = Buffer.from(s.bytes);
          r.push(tcp(addr, s.seq, payload, s.flags), [ref(frame, now)]);
          u.push(udp(addr, payload), [ref(frame++, now)]);
          startLineEnd(payload, 0);
          findNextStartLine(payload, 0);
          looksLikeTls(payload);
          if (s.t === 5) r.evict(now);
        }
        r.flush();
        for (const m of sink.messages) {
          expect(m.bytes.length).toBeGreaterThan(0);
          expect(m.origin.frames.length).toBeGreaterThan(0);
        }
        expect(r.activeFlows).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});
