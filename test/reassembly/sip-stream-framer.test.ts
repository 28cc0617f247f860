import { describe, expect, it } from 'vitest';
import { SipStreamFramer } from '../../server/reassembly/sip-stream-framer.js';
import { emptyTcpStats } from '../../server/reassembly/tcp-stats.js';
import { CollectingSink, ref, sdp, sipRequest, sipResponse } from './sip-framing-kit.js';

function setup(): { sink: CollectingSink; f: SipStreamFramer } {
  const sink = new CollectingSink();
  const f = new SipStreamFramer(sink, { ip: '10.0.0.1', port: 5060 }, { ip: '10.0.0.2', port: 5060 }, emptyTcpStats());
  return { sink, f };
}

describe('SipStreamFramer', () => {
  it('frames messages fed one byte at a time, with every byte frame in provenance', () => {
    const { sink, f } = setup();
    const msgs = [sipRequest(1, sdp(1)), '\r\n\r\n', sipResponse(1)];
    const all = Buffer.from(msgs.join(''), 'latin1');
    for (let i = 0; i < all.length; i++) f.push(all.subarray(i, i + 1), [ref(i + 1)], ref(i + 1));
    expect(sink.texts()).toEqual([msgs[0], msgs[2]]);
    expect(sink.keepAlives).toHaveLength(2); // a ping split over 4 segments reads as 2 pongs
    const first = sink.messages[0].origin;
    expect(first.frames.map((x) => x.frame)).toEqual(Array.from({ length: msgs[0].length }, (_, i) => i + 1));
    expect(first.frame).toBe(msgs[0].length);
  });

  it('waits for a start line split across segments', () => {
    const { sink, f } = setup();
    const m = sipResponse(2);
    f.push(Buffer.from(m.slice(0, 5)), [ref(1)], ref(1));
    expect(f.hasPending).toBe(true);
    f.push(Buffer.from(m.slice(5)), [ref(2)], ref(2));
    expect(sink.texts()).toEqual([m]);
    expect(sink.messages[0].origin.frames.map((x) => x.frame)).toEqual([1, 2]);
  });

  it('assembles a body larger than the exact-allocation limit', () => {
    const { sink, f } = setup();
    const body = 'x'.repeat(600 * 1024);
    const m = `MESSAGE sip:b@x SIP/2.0\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const all = Buffer.from(m + sipResponse(3), 'latin1');
    let frame = 1;
    for (let off = 0; off < all.length; off += 1460) f.push(all.subarray(off, off + 1460), [ref(frame)], ref(frame++));
    expect(sink.messages).toHaveLength(2);
    expect(sink.messages[0].bytes.equals(Buffer.from(m, 'latin1'))).toBe(true);
    expect(sink.messages[0].origin.frames).toHaveLength(Math.ceil(m.length / 1460));
  });

  it('notes sip-stream-resync when bytes between messages are not SIP (wrong Content-Length)', () => {
    const { sink, f } = setup();
    const short = 'MESSAGE sip:b@x SIP/2.0\r\nContent-Length: 2\r\n\r\nhello\r\n';
    const next = sipResponse(4);
    f.push(Buffer.from(short + next), [ref(1)], ref(1));
    expect(sink.texts()).toEqual([short.slice(0, short.indexOf('\r\n\r\n') + 6), next]);
    expect(sink.codes(1)).toEqual(['skipped-bytes']);
    expect(sink.diagnostics.map((d) => d.code)).toEqual(['sip-stream-resync']);
  });

  it('reports a lone partial start line at the end as a diagnostic, not a message', () => {
    const { sink, f } = setup();
    f.push(Buffer.from('SIP/2.0 20'), [ref(9)], ref(9));
    f.end('end of capture');
    expect(sink.messages).toHaveLength(0);
    expect(sink.diagnostics.map((d) => [d.code, d.frame])).toEqual([['tcp-partial-message', 9]]);
  });
});
