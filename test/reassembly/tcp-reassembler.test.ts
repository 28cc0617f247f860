import { describe, expect, it } from 'vitest';
import { TcpReassembler } from '../../server/reassembly/tcp-reassembler.js';
import { A_TO_B, ACK, B_TO_A, CollectingSink, FIN, ref, RST, sdp, sipRequest, sipResponse, SYN, tcp } from './sip-framing-kit.js';

const T0 = 1_700_000_000;

function setup(opts: ConstructorParameters<typeof TcpReassembler>[1] = {}): { sink: CollectingSink; r: TcpReassembler } {
  const sink = new CollectingSink();
  return { sink, r: new TcpReassembler(sink, opts) };
}

/** Splits `text` into `n` pieces of (nearly) equal size. */
function split(text: string, n: number): string[] {
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('TcpReassembler: framing', () => {
  it('frames 3 SIP messages carried in one segment', () => {
    const { sink, r } = setup();
    const msgs = [sipRequest(1, sdp(1)), sipResponse(1, 100, 'Trying'), sipResponse(1, 180, 'Ringing')];
    expect(r.push(tcp(A_TO_B, 1000, msgs.join('')), [ref(5)])).toBe('sip');
    expect(sink.texts()).toEqual(msgs);
    for (const m of sink.messages) {
      expect(m.origin).toMatchObject({ frame: 5, transport: 'TCP', src: { ip: '10.0.0.1', port: 40000 } });
      expect(m.origin.frames.map((f) => f.frame)).toEqual([5]);
      expect(m.notes).toEqual([]);
    }
  });

  it('owns the delivered bytes (the segment buffer may be reused)', () => {
    const { sink, r } = setup();
    const text = sipResponse(2);
    const payload = Buffer.from(text + text.slice(0, 40), 'latin1');
    r.push(tcp(A_TO_B, 1, payload), [ref(1)]);
    payload.fill(0x41);
    r.push(tcp(A_TO_B, 1 + payload.length, text.slice(40)), [ref(2)]);
    expect(sink.texts()).toEqual([text, text]);
  });

  it('joins one message from 4 segments arriving out of order with a retransmission', () => {
    const { sink, r } = setup();
    const text = sipRequest(3, sdp(3));
    const [p0, p1, p2, p3] = split(text, 4);
    const seq0 = 5000;
    const s1 = seq0 + p0.length;
    const s2 = s1 + p1.length;
    const s3 = s2 + p2.length;
    expect(r.push(tcp(A_TO_B, seq0, p0), [ref(10)])).toBe('pending');
    expect(r.push(tcp(A_TO_B, s2, p2), [ref(11)])).toBe('pending'); // out of order
    expect(r.push(tcp(A_TO_B, s3, p3), [ref(12)])).toBe('pending');
    expect(r.push(tcp(A_TO_B, s2, p2), [ref(13)])).toBe('retransmission');
    expect(sink.messages).toHaveLength(0);
    expect(r.push(tcp(A_TO_B, s1, p1), [ref(14, T0 + 1, 250)])).toBe('sip'); // fills the hole
    expect(sink.texts()).toEqual([text]);
    const o = sink.messages[0].origin;
    expect(o.frame).toBe(14);
    expect([o.tsSec, o.tsNsec]).toEqual([T0 + 1, 250]);
    expect(o.frames.map((f) => f.frame)).toEqual([10, 11, 12, 14]);
    expect(r.stats.retransmissions).toBe(1);
    expect(r.stats.overlapsDiffering).toBe(0);
  });

  it('keeps the first-arrived bytes of an overlap and counts a differing overlap', () => {
    const { sink, r } = setup();
    const text = sipResponse(4);
    r.push(tcp(A_TO_B, 100, text.slice(0, 10)), [ref(1)]);
    r.push(tcp(A_TO_B, 130, text.slice(30)), [ref(2)]); // held
    const forged = text.slice(10, 30) + 'XXXXXXXX'; // overlaps the held bytes with other bytes
    r.push(tcp(A_TO_B, 110, forged), [ref(3)]);
    expect(sink.texts()).toEqual([text]);
    expect(r.stats.overlapsDiffering).toBe(1);
  });

  it('reassembles across the 2^32 sequence wrap', () => {
    const { sink, r } = setup();
    const msgs = [sipRequest(5, sdp(5)), sipResponse(5)];
    const all = msgs.join('');
    const isn = 0xffffffff - 300; // SYN at ISN, data from ISN+1
    r.push(tcp(A_TO_B, isn, '', SYN), [ref(1)]);
    const cut = 400;
    // Second part first (its seq has wrapped past zero), then the first.
    const seqB = (isn + 1 + cut) >>> 0;
    expect(seqB).toBeLessThan(1000);
    r.push(tcp(A_TO_B, seqB, all.slice(cut)), [ref(2)]);
    r.push(tcp(A_TO_B, isn + 1, all.slice(0, cut)), [ref(3)]);
    expect(sink.texts()).toEqual(msgs);
    // And more data after the wrap, in order.
    const next = (seqB + all.length - cut) >>> 0;
    r.push(tcp(A_TO_B, next, sipResponse(6)), [ref(4)]);
    expect(sink.messages).toHaveLength(3);
    expect(r.stats.gaps).toBe(0);
  });

  it('starts mid-connection in the middle of a body and resynchronises at the next start line', () => {
    const { sink, r } = setup();
    const first = sipRequest(7, sdp(7));
    const tail = first.slice(first.length - 60); // the capture starts inside the SDP
    const second = sipResponse(7, 200, 'OK');
    expect(r.push(tcp(A_TO_B, 77777, tail), [ref(1)])).toBe('not-sip');
    expect(r.push(tcp(A_TO_B, 77777 + tail.length, second), [ref(2)])).toBe('sip');
    expect(sink.texts()).toEqual([second]);
    expect(sink.codes(0)).toEqual(['skipped-bytes']);
    expect(sink.messages[0].notes[0].message).toContain('60 bytes');
  });

  it('records CRLF keep-alives between messages and never takes them as messages', () => {
    const { sink, r } = setup();
    const m1 = sipRequest(8, '', 'OPTIONS');
    const m2 = sipResponse(8);
    let seq = 1;
    const send = (s: string, frame: number): string => {
      const v = r.push(tcp(A_TO_B, seq, s), [ref(frame)]);
      seq += s.length;
      return v;
    };
    expect(send(m1, 1)).toBe('sip');
    expect(send('\r\n\r\n', 2)).toBe('keepalive');
    expect(send('\r\n', 3)).toBe('keepalive');
    expect(send(m2 + '\r\n\r\n' + m1, 4)).toBe('sip');
    expect(sink.texts()).toEqual([m1, m2, m1]);
    expect(sink.keepAlives.map((k) => [k.kind, k.frame, k.transport])).toEqual([
      ['ping', 2, 'TCP'],
      ['pong', 3, 'TCP'],
      ['ping', 4, 'TCP'],
    ]);
    expect(r.stats.keepAlives).toBe(3);
  });

  it('ends a message without Content-Length at the empty line, noting cl-missing-stream', () => {
    const { sink, r } = setup();
    const noCl = 'BYE sip:bob@example.com SIP/2.0\r\nCall-ID: z\r\nCSeq: 2 BYE\r\n\r\n';
    const next = sipResponse(9);
    r.push(tcp(A_TO_B, 1, noCl + next), [ref(1)]);
    expect(sink.texts()).toEqual([noCl, next]);
    expect(sink.codes(0)).toEqual(['cl-missing-stream']);
    expect(sink.codes(1)).toEqual([]);
  });

  it('notes cl-invalid and cl-too-large and still frames the next message', () => {
    const { sink, r } = setup();
    const bad = 'MESSAGE sip:b@x SIP/2.0\r\nContent-Length: twelve\r\n\r\n';
    const huge = 'MESSAGE sip:b@x SIP/2.0\r\nl: 99999999999\r\n\r\n';
    const ok = sipResponse(10);
    r.push(tcp(A_TO_B, 1, bad + huge + ok), [ref(1)]);
    expect(sink.texts()).toEqual([bad, huge, ok]);
    expect(sink.codes(0)).toEqual(['cl-invalid']);
    expect(sink.codes(1)).toEqual(['cl-too-large']);
  });

  it('tolerates LF-only line ends and the compact, lower-case Content-Length', () => {
    const { sink, r } = setup();
    const m = 'MESSAGE sip:b@x SIP/2.0\nCall-ID: q\ncontent-length :\t5 \n\nhello';
    r.push(tcp(A_TO_B, 1, m.slice(0, 20)), [ref(1)]);
    r.push(tcp(A_TO_B, 21, m.slice(20) + m), [ref(2)]);
    expect(sink.texts()).toEqual([m, m]);
    expect(sink.messages[0].origin.frames.map((f) => f.frame)).toEqual([1, 2]);
    expect(sink.messages[1].origin.frames.map((f) => f.frame)).toEqual([2]);
  });

  it('gives up on a header section longer than 64 KiB and resynchronises', () => {
    const { sink, r } = setup();
    const hdr = 'INVITE sip:b@x SIP/2.0\r\n' + 'X-Long: ' + 'a'.repeat(70 * 1024) + '\r\n';
    const ok = sipResponse(11);
    let seq = 1;
    for (let off = 0; off < hdr.length; off += 1460) {
      const part = hdr.slice(off, off + 1460);
      r.push(tcp(A_TO_B, seq, part), [ref(1 + off)]);
      seq += part.length;
    }
    r.push(tcp(A_TO_B, seq, '\r\n' + ok), [ref(2)]);
    expect(sink.texts()).toEqual([ok]);
    expect(sink.codes(0)).toEqual(['skipped-bytes']);
    expect(sink.diagnostics.map((d) => d.code)).toContain('sip-headers-too-long');
  });
});

describe('TcpReassembler: gaps and connection life', () => {
  it('declares a gap after the timeout, reports it, and frames the next message intact', () => {
    const { sink, r } = setup({ gapTimeoutSec: 2 });
    const m1 = sipRequest(20, sdp(20));
    const m2 = sipResponse(20, 180, 'Ringing');
    const m3 = sipResponse(20, 200, 'OK');
    const lost = m2.slice(0, 50); // never captured
    let seq = 1000;
    r.push(tcp(A_TO_B, seq, m1), [ref(1, T0)]);
    seq += m1.length;
    const holeAt = seq;
    // the rest of m2 and m3 arrive, the beginning of m2 does not
    expect(r.push(tcp(A_TO_B, holeAt + 50, m2.slice(50)), [ref(2, T0)])).toBe('pending');
    expect(r.push(tcp(A_TO_B, holeAt + m2.length, m3), [ref(3, T0 + 1)])).toBe('pending');
    expect(sink.messages).toHaveLength(1);
    expect(sink.diagnostics).toHaveLength(0);
    r.evict(T0 + 2.5);
    expect(sink.diagnostics.map((d) => [d.code, d.frame])).toEqual([['tcp-gap', 1]]);
    expect(sink.diagnostics[0].message).toMatch(/^50 bytes missing after frame 1 \(10\.0\.0\.1:40000 → 10\.0\.0\.2:5060\)$/);
    expect(sink.texts()).toEqual([m1, m3]);
    expect(sink.codes(1)).toContain('after-gap');
    expect(r.stats).toMatchObject({ gaps: 1, bytesMissing: 50 });
    expect(lost.length).toBe(50);
  });

  it('declares a gap when more than 64 segments wait, from push alone', () => {
    const { sink, r } = setup();
    const msgs: string[] = [];
    for (let i = 0; i < 80; i++) msgs.push(sipResponse(100 + i));
    const first = sipRequest(99);
    r.push(tcp(A_TO_B, 1, first), [ref(1)]);
    const seq = 1 + first.length + 10; // 10 bytes never come
    const stream = msgs.join('');
    let frame = 2;
    for (let off = 0; off < stream.length; off += 200) {
      r.push(tcp(A_TO_B, seq + off, stream.slice(off, off + 200)), [ref(frame++)]);
    }
    expect(r.stats.gaps).toBe(1);
    expect(r.stats.bytesMissing).toBe(10);
    expect(sink.diagnostics[0].message).toMatch(/^10 bytes missing after frame 1 /);
    expect(sink.texts()).toEqual([first, ...msgs]);
  });

  it('delivers a message cut by a gap in its body as far as it goes, and skips exactly its remaining body', () => {
    const { sink, r } = setup();
    const m1 = sipRequest(21, sdp(21));
    const m2 = sipResponse(21);
    const cut = m1.indexOf('\r\n\r\n') + 4 + 20; // 20 bytes into the body
    r.push(tcp(A_TO_B, 1, m1.slice(0, cut)), [ref(1)]);
    r.push(tcp(A_TO_B, 1 + cut + 100, m1.slice(cut + 100) + m2), [ref(2)]);
    r.flush();
    expect(sink.texts()).toEqual([m1.slice(0, cut), m2]);
    expect(sink.codes(0)).toEqual(['gap-truncated']);
    expect(sink.messages[0].notes[0].message).toContain(`${cut} of ${m1.length} bytes present`);
    expect(sink.codes(1)).toEqual(['after-gap']);
    expect(sink.diagnostics.map((d) => d.message)).toEqual(['100 bytes missing after frame 1 (10.0.0.1:40000 → 10.0.0.2:5060)']);
  });

  it('after a gap inside a header section, hunts for the next start line', () => {
    const { sink, r } = setup();
    const m1 = sipRequest(21, sdp(21));
    const m2 = sipResponse(21);
    r.push(tcp(A_TO_B, 1, m1.slice(0, 100)), [ref(1)]);
    r.push(tcp(A_TO_B, 1 + 150, m1.slice(150) + m2), [ref(2)]);
    r.flush();
    expect(sink.texts()).toEqual([m1.slice(0, 100), m2]);
    expect(sink.codes(0)).toEqual(['gap-truncated']);
    expect(sink.codes(1)).toEqual(['skipped-bytes', 'after-gap']);
  });

  it('at flush delivers a partial message with incomplete-at-end', () => {
    const { sink, r } = setup();
    const m = sipRequest(22, sdp(22));
    r.push(tcp(A_TO_B, 1, m.slice(0, 250)), [ref(4)]);
    r.push(tcp(A_TO_B, 251, m.slice(250, 400)), [ref(6)]);
    r.flush();
    expect(sink.texts()).toEqual([m.slice(0, 400)]);
    expect(sink.codes(0)).toEqual(['incomplete-at-end']);
    expect(sink.messages[0].notes[0].message).toBe(
      `message from frame 4 incomplete at end of capture: 400 of ${m.length} bytes`,
    );
    expect(sink.messages[0].origin.frames.map((f) => f.frame)).toEqual([4, 6]);
  });

  it('honours SYN (data from ISN+1), FIN (close) and ignores late retransmissions after close', () => {
    const { sink, r } = setup();
    const m = sipRequest(23);
    expect(r.push(tcp(A_TO_B, 500, '', SYN), [ref(1)])).toBe('empty');
    expect(r.push(tcp(B_TO_A, 900, '', SYN | ACK), [ref(2)])).toBe('empty');
    expect(r.push(tcp(A_TO_B, 501, m, ACK | FIN), [ref(3)])).toBe('sip');
    expect(r.push(tcp(A_TO_B, 501, m, ACK | FIN), [ref(4)])).toBe('retransmission');
    expect(sink.texts()).toEqual([m]);
  });

  it('delivers held data past the hole at FIN once the hole times out', () => {
    const { sink, r } = setup();
    const m1 = sipResponse(24);
    const m2 = sipResponse(25);
    r.push(tcp(A_TO_B, 1, '', SYN), [ref(1, T0)]);
    // 5 bytes (2..6) are never captured; m1 and m2 come with the FIN.
    r.push(tcp(A_TO_B, 2 + 5, m1 + m2, ACK | FIN), [ref(2, T0)]);
    expect(sink.messages).toHaveLength(0);
    expect(r.push(tcp(A_TO_B, 2 + 5, m1 + m2, ACK | FIN), [ref(3, T0 + 3)])).toBe('sip');
    expect(sink.diagnostics.map((d) => d.code)).toEqual(['tcp-gap']);
    expect(sink.texts()).toEqual([m1, m2]);
  });

  it('RST drops both directions after delivering what can be delivered', () => {
    const { sink, r } = setup();
    const m = sipRequest(26, sdp(26));
    r.push(tcp(A_TO_B, 1, m.slice(0, 100)), [ref(1)]);
    r.push(tcp(B_TO_A, 1, sipResponse(26)), [ref(2)]);
    expect(r.activeFlows).toBe(2);
    expect(r.push(tcp(B_TO_A, 1, '', RST), [ref(3)])).toBe('sip');
    expect(r.activeFlows).toBe(0);
    expect(sink.messages.map((s) => s.notes.map((n) => n.code))).toEqual([[], ['incomplete-at-end']]);
    expect(sink.messages[1].notes[0].message).toContain('connection reset (RST)');
  });

  it('a SYN with a new ISN on the same ports starts a new connection', () => {
    const { sink, r } = setup();
    r.push(tcp(A_TO_B, 100, '', SYN), [ref(1)]);
    r.push(tcp(A_TO_B, 101, sipResponse(27)), [ref(2)]);
    r.push(tcp(A_TO_B, 90000, '', SYN), [ref(3)]);
    r.push(tcp(A_TO_B, 90001, sipResponse(28)), [ref(4)]);
    expect(sink.messages).toHaveLength(2);
    expect(r.stats.flows).toBe(2);
    expect(r.stats.gaps).toBe(0);
  });

  it('evicts idle flows and, when the table is full, the least recently seen ones (counted)', () => {
    const { sink, r } = setup({ maxFlows: 8, idleTimeoutSec: 60 });
    const m = sipRequest(29, sdp(29));
    for (let i = 0; i < 8; i++) {
      r.push(tcp({ ...A_TO_B, sport: 41000 + i }, 1, m.slice(0, 100)), [ref(i + 1, T0 + i)]);
    }
    expect(r.activeFlows).toBe(8);
    r.push(tcp({ ...A_TO_B, sport: 42000 }, 1, sipResponse(1)), [ref(9, T0 + 9)]);
    expect(r.stats.evictedFlows).toBe(1);
    expect(sink.messages[0].notes[0].message).toContain('flow eviction');
    expect(sink.messages[0].origin.src.port).toBe(41000);
    r.evict(T0 + 9 + 61);
    expect(r.activeFlows).toBe(0);
    expect(r.stats.evictedFlows).toBe(9); // the other 7 partial flows, and the idle complete one
  });
});

describe('TcpReassembler: not SIP', () => {
  it('classifies HTTP on port 5060 as not SIP and yields no message', () => {
    const { sink, r } = setup();
    const req = 'GET /provisioning.xml HTTP/1.1\r\nHost: 10.0.0.2:5060\r\n\r\n';
    const body = 'INVITE sip:x SIP/2.0\r\nContent-Length: 0\r\n\r\n'; // even SIP-looking bytes later are skipped
    expect(r.push(tcp(A_TO_B, 1, req), [ref(1)])).toBe('not-sip');
    expect(r.push(tcp(A_TO_B, 1 + req.length, body), [ref(2)])).toBe('not-sip');
    const resp = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    expect(r.push(tcp(B_TO_A, 1, resp), [ref(3)])).toBe('not-sip');
    expect(sink.messages).toHaveLength(0);
    expect(r.stats.flowsNotSip).toBe(2);
    expect(r.stats.bytesSkipped).toBe(req.length + body.length + resp.length);
  });

  it('says tls for a TLS stream, once classified', () => {
    const { sink, r } = setup();
    const hello = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), Buffer.alloc(0x40, 7)]);
    expect(r.push(tcp({ ...A_TO_B, dport: 5061 }, 1, hello), [ref(1)])).toBe('tls');
    expect(r.push(tcp({ ...A_TO_B, dport: 5061 }, 1 + hello.length, Buffer.alloc(100, 9)), [ref(2)])).toBe('tls');
    expect(sink.messages).toHaveLength(0);
    expect(r.stats.flowsTls).toBe(1);
  });

  it('gives up on a stream with no SIP start line within 64 KiB', () => {
    const { sink, r } = setup();
    const junk = Buffer.alloc(1400, 0x5a);
    for (let i = 0; i < 50; i++) r.push(tcp(A_TO_B, 1 + i * 1400, junk), [ref(i + 1)]);
    expect(r.stats.flowsNotSip).toBe(1);
    expect(sink.messages).toHaveLength(0);
  });

  it('says empty for pure ACKs', () => {
    const { r } = setup();
    expect(r.push(tcp(A_TO_B, 1, '', ACK), [ref(1)])).toBe('empty');
  });
});
