import { describe, expect, it } from 'vitest';
import { UdpSipFramer, udpContentLengthCheck } from '../../server/reassembly/udp-sip-framer.js';
import { A_TO_B, CollectingSink, ref, sdp, sipRequest, sipResponse, udp } from './sip-framing-kit.js';

function setup(): { sink: CollectingSink; framer: UdpSipFramer } {
  const sink = new CollectingSink();
  return { sink, framer: new UdpSipFramer(sink) };
}

describe('UdpSipFramer', () => {
  it('frames one message per datagram, copying its bytes, with UDP provenance', () => {
    const { sink, framer } = setup();
    const text = sipRequest(1, sdp(1));
    const payload = Buffer.from(text, 'latin1');
    expect(framer.push(udp(A_TO_B, payload), [ref(7)])).toBe('sip');
    expect(sink.messages).toHaveLength(1);
    const m = sink.messages[0];
    expect(m.bytes.toString('latin1')).toBe(text);
    payload.fill(0); // the slice must own its bytes
    expect(m.bytes.toString('latin1')).toBe(text);
    expect(m.notes).toEqual([]);
    expect(m.origin).toMatchObject({
      frame: 7,
      transport: 'UDP',
      src: { ip: '10.0.0.1', port: 40000 },
      dst: { ip: '10.0.0.2', port: 5060 },
    });
    expect(m.origin.frames.map((f) => f.frame)).toEqual([7]);
  });

  it('keeps every IP fragment frame and completes in the last one', () => {
    const { sink, framer } = setup();
    framer.push(udp(A_TO_B, sipRequest(2, sdp(2))), [ref(3), ref(4), ref(9, 1_700_000_001, 5)]);
    expect(sink.messages[0].origin.frames.map((f) => f.frame)).toEqual([3, 4, 9]);
    expect(sink.messages[0].origin).toMatchObject({ frame: 9, tsSec: 1_700_000_001, tsNsec: 5 });
  });

  it('finds SIP on any port', () => {
    const { sink, framer } = setup();
    expect(framer.push(udp({ ...A_TO_B, dport: 31337 }, sipResponse(3)), [ref(1)])).toBe('sip');
    expect(sink.messages).toHaveLength(1);
  });

  it('hands over the whole datagram from the start line: the Content-Length check comes after parsing', () => {
    const { sink, framer } = setup();
    const text = sipRequest(4, sdp(4));
    framer.push(udp(A_TO_B, text + 'TRAILING-JUNK'), [ref(1)]);
    expect(sink.texts()).toEqual([text + 'TRAILING-JUNK']);
    expect(sink.messages[0].notes).toEqual([]);
  });

  it('records a CRLF-only datagram as a keep-alive, never as a message', () => {
    const { sink, framer } = setup();
    expect(framer.push(udp(A_TO_B, '\r\n\r\n'), [ref(1)])).toBe('keepalive');
    expect(framer.push(udp(A_TO_B, '\r\n'), [ref(2)])).toBe('keepalive');
    expect(sink.messages).toHaveLength(0);
    expect(sink.keepAlives.map((k) => [k.kind, k.frame, k.transport])).toEqual([
      ['ping', 1, 'UDP'],
      ['pong', 2, 'UDP'],
    ]);
  });

  it('skips CRLFs before the start line with a note', () => {
    const { sink, framer } = setup();
    const text = sipResponse(6);
    framer.push(udp(A_TO_B, '\r\n' + text), [ref(1)]);
    expect(sink.texts()).toEqual([text]);
    expect(sink.codes(0)).toEqual(['udp-leading-crlf']);
  });

  it('says not-sip for other protocols, tls for (D)TLS, empty for no payload', () => {
    const { sink, framer } = setup();
    expect(framer.push(udp(A_TO_B, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'), [ref(1)])).toBe('not-sip');
    const stun = Buffer.from('000100002112a442b7e7a701bc34d686fa87dfae', 'hex');
    expect(framer.push(udp(A_TO_B, stun), [ref(2)])).toBe('not-sip');
    const dtls = Buffer.concat([Buffer.from([22, 254, 253]), Buffer.alloc(20)]);
    expect(framer.push(udp(A_TO_B, dtls), [ref(3)])).toBe('tls');
    expect(framer.push(udp(A_TO_B, Buffer.alloc(0)), [ref(4)])).toBe('empty');
    expect(sink.messages).toHaveLength(0);
    expect(framer.stats).toMatchObject({ datagrams: 4, notSip: 2, tls: 1, messages: 0 });
  });

  it('keeps a message whose header section is cut', () => {
    const { sink, framer } = setup();
    const text = 'INVITE sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nCall-ID: abc';
    framer.push(udp(A_TO_B, text), [ref(1)]);
    expect(sink.texts()).toEqual([text]);
  });
});

describe('udpContentLengthCheck (RFC 3261 §18.3 on a datagram)', () => {
  it('ends the message after the Content-Length body and notes the extra bytes', () => {
    const r = udpContentLengthCheck(5, 100, 118);
    expect(r.end).toBe(105);
    expect(r.note?.code).toBe('udp-extra-bytes');
    expect(r.note?.message).toContain('13 bytes');
  });

  it('keeps a body shorter than Content-Length whole and notes udp-body-short', () => {
    expect(udpContentLengthCheck(50, 100, 120)).toMatchObject({ end: 120, note: { code: 'udp-body-short' } });
  });

  it('lets the body run to the end of the datagram without Content-Length, or when it matches', () => {
    expect(udpContentLengthCheck(undefined, 100, 130)).toEqual({ end: 130, note: undefined });
    expect(udpContentLengthCheck(30, 100, 130)).toEqual({ end: 130, note: undefined });
  });
});
