import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, decodeIpPacket, decodeTransport } from '../../server/decode/index.js';
import type { DecodeResult, SkipReason } from '../../server/model/packet.js';
import { validFrames } from './valid-frames.js';

const REASONS: readonly SkipReason[] = [
  'unknown-link-type', 'not-ip', 'truncated', 'bad-ip-header', 'bad-transport-header', 'other-transport', 'tunnel-too-deep',
];

/** Everything a DecodeResult promises, checked against the bytes it came from. */
function expectValid(r: DecodeResult, data: Buffer): void {
  const inside = (b: Buffer): void => {
    expect(Buffer.isBuffer(b)).toBe(true);
    expect(b.buffer).toBe(data.buffer);
    expect(b.byteOffset).toBeGreaterThanOrEqual(data.byteOffset);
    expect(b.byteOffset + b.length).toBeLessThanOrEqual(data.byteOffset + data.length);
  };
  if (r.kind === 'skip') {
    expect(REASONS).toContain(r.reason);
    expect(r.detail.length).toBeGreaterThan(0);
    return;
  }
  expect([4, 6]).toContain(r.ip.version);
  expect(typeof r.ip.src).toBe('string');
  expect(r.ip.protocol).toBeGreaterThanOrEqual(0);
  expect(r.ip.protocol).toBeLessThan(256);
  if (r.kind === 'fragment') {
    inside(r.data);
    expect(r.offset % 8).toBe(0);
    return;
  }
  expect(['udp', 'tcp']).toContain(r.kind);
  expect(r.srcPort).toBeLessThan(65536);
  expect(r.dstPort).toBeLessThan(65536);
  inside(r.payload);
  expect(r.kind === 'tcp').toBe(r.tcp !== undefined);
}

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147];
const frames = validFrames();

describe('decoder robustness', () => {
  it('never throws on random bytes and always returns a valid result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LINK_TYPES), fc.uint8Array({ maxLength: 200 }), (linkType, bytes) => {
        const data = Buffer.from(bytes);
        expectValid(decodeFrame(linkType, data), data);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on random bytes behind a valid IP version nibble', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x45, 0x46, 0x4f, 0x60), fc.uint8Array({ maxLength: 120 }), (first, bytes) => {
        const data = Buffer.from([first, ...bytes]);
        expectValid(decodeIpPacket(data, 0), data);
        expectValid(decodeTransport({ version: 4, src: 'a', dst: 'b', protocol: first % 2 ? 17 : 6, tunnelDepth: 0 }, data), data);
      }),
      { numRuns: 3000 },
    );
  });

  it.each(frames.map((f) => [f.name, f] as const))("cut at every length, %s is either decoded or 'truncated'", (_name, frame) => {
    const whole = decodeFrame(frame.linkType, frame.data);
    expect(whole.kind).not.toBe('skip');
    for (let length = 0; length < frame.data.length; length++) {
      const cut = frame.data.subarray(0, length);
      const r = decodeFrame(frame.linkType, cut);
      expectValid(r, cut);
      if (r.kind === 'skip') {
        expect(r.reason, `cut at ${length}: ${r.detail}`).toBe('truncated');
      } else if (r.kind !== 'fragment' && whole.kind !== 'fragment' && whole.kind !== 'skip') {
        // What is there is a prefix of the real payload, never other bytes.
        expect(whole.payload.subarray(0, r.payload.length).equals(r.payload)).toBe(true);
        expect(r.srcPort).toBe(whole.srcPort);
      }
    }
  });

  it('never throws when valid frames have random bytes changed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (frame, edits, cutAt) => {
          const data = Buffer.from(frame.data);
          for (const [at, value] of edits) data[at % data.length] = value;
          const cut = data.subarray(0, cutAt % (data.length + 1));
          expectValid(decodeFrame(frame.linkType, cut), cut);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('decodes a frame that sits at a non-zero offset of a larger buffer', () => {
    for (const frame of frames) {
      const big = Buffer.alloc(frame.data.length + 64, 0xee);
      frame.data.copy(big, 32);
      const view = big.subarray(32, 32 + frame.data.length);
      const a = decodeFrame(frame.linkType, view);
      const b = decodeFrame(frame.linkType, frame.data);
      expectValid(a, view);
      if (a.kind === 'udp' || a.kind === 'tcp') expect(b.kind !== 'skip' && b.kind !== 'fragment' && a.payload.equals(b.payload)).toBe(true);
      else expect(a.kind).toBe(b.kind);
    }
  });
});
